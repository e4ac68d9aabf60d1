package dev.embeddedcluster.command.server.config;

/** How a parameter reads a CONFIG SET value and shows it in CONFIG GET. */
@FunctionalInterface
public interface ValueType {
    /**
     * The value as CONFIG GET will show it, from the value given and the parameter's current one
     * (client-output-buffer-limit changes only the classes it names).
     */
    String normalize(String given, String current) throws InvalidValue;
}
