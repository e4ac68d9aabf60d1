package dev.embeddedcluster.command.server.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The values tied to the node's process: its listening address and port, which an in-JVM node
 * cannot move (CONFIG SET answers as Redis does when it cannot listen there), its working
 * directory and its RDB file name.
 */
public final class NodeValues {
    private NodeValues() {
    }

    /** port: the node keeps its own; setting it to that is accepted. */
    public static final ValueType PORT = (given, current) -> {
        String port = ValueTypes.integer(0, 65535).normalize(given, current);
        if (!port.equals(current)) {
            throw new InvalidValue("Unable to listen on this port. Check server logs.");
        }
        return port;
    };

    /** bind: the node keeps its own addresses; setting the same ones is accepted. */
    public static final ValueType BIND = (given, current) -> {
        String addresses = String.join(" ", given.trim().split("\\s+"));
        if (!addresses.equals(current)) {
            throw new InvalidValue("Failed to bind to specified addresses.");
        }
        return addresses;
    };

    /** tls-port: the node keeps its own (0 on a cluster without TLS); setting it to that is accepted. */
    public static final ValueType TLS_PORT = (given, current) -> {
        String port = ValueTypes.integer(0, 65535).normalize(given, current);
        if (!port.equals(current)) {
            throw new InvalidValue("Unable to update TLS configuration. Check server logs.");
        }
        return port;
    };

    /** dir: an existing directory, relative to the current one; shown as its absolute real path. */
    public static final ValueType DIRECTORY = (given, current) -> {
        Path path;
        try {
            path = current.isEmpty() ? Path.of(given) : Path.of(current).resolve(given);
        } catch (InvalidPathException e) {
            throw new InvalidValue("No such file or directory");
        }
        if (!Files.exists(path)) {
            throw new InvalidValue("No such file or directory");
        }
        if (!Files.isDirectory(path)) {
            throw new InvalidValue("Not a directory");
        }
        try {
            return path.toRealPath().toString();
        } catch (java.io.IOException e) {
            throw new InvalidValue("Permission denied");
        }
    };

    /** dbfilename: a file name, never a path. */
    public static final ValueType FILE_NAME = (given, current) -> {
        if (given.contains("/")) {
            throw new InvalidValue("dbfilename can't be a path, just a filename");
        }
        return given;
    };
}
