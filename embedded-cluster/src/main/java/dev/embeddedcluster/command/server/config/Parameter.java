package dev.embeddedcluster.command.server.config;

/**
 * One CONFIG parameter: its name, its other name (null when none), how it reads values, its
 * default, and whether CONFIG SET may change it.
 */
public record Parameter(String name, String alias, ValueType type, String defaultValue, Mutability mutability) {

    public enum Mutability {
        MUTABLE,
        /** Set at start only: "can't set immutable config". */
        IMMUTABLE,
        /** Settable only where enable-protected-configs allows it: "can't set protected config". */
        PROTECTED
    }
}
