package dev.embeddedcluster.command.server.config;

/**
 * One CONFIG parameter: its name, its other name (null when none), how it reads values, its
 * default, whether CONFIG SET may change it, and whether it is hidden: left out of what a pattern
 * matches, as Redis leaves out its testing parameters, and reached by its exact name only.
 */
public record Parameter(String name, String alias, ValueType type, String defaultValue, Mutability mutability,
        boolean hidden) {

    public Parameter(String name, String alias, ValueType type, String defaultValue, Mutability mutability) {
        this(name, alias, type, defaultValue, mutability, false);
    }

    public enum Mutability {
        MUTABLE,
        /** Set at start only: "can't set immutable config". */
        IMMUTABLE,
        /** Settable only where enable-protected-configs allows it: "can't set protected config". */
        PROTECTED
    }
}
