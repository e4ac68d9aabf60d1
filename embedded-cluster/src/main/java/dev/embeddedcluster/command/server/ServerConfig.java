package dev.embeddedcluster.command.server;

import dev.embeddedcluster.command.server.config.Parameter;
import dev.embeddedcluster.command.server.config.ParameterTable;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A node's CONFIG parameters (see {@link ParameterTable}), by lower-case name, each holding the
 * text CONFIG GET shows; a parameter and its other name (lua-time-limit for busy-reply-threshold,
 * hash-max-ziplist-entries for hash-max-listpack-entries, ...) always hold the same value.
 * Redis 7.0's defaults, but for the node's own port, bind address and working directory.
 * Node thread only.
 */
public final class ServerConfig {
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, String> view = Collections.unmodifiableMap(values);

    public ServerConfig(int port, String bind) {
        for (Parameter parameter : ParameterTable.ALL) {
            put(parameter, parameter.defaultValue());
        }
        set("port", Integer.toString(port));
        set("bind", bind);
        set("dir", Path.of("").toAbsolutePath().toString());
    }

    /** The value as CONFIG GET shows it, by lower-case name or alias; null for no such parameter. */
    public String get(String name) {
        return values.get(name);
    }

    /** Sets a parameter (and its alias) to a value already in CONFIG GET's form, with no check. */
    public void set(String name, String value) {
        Parameter parameter = ParameterTable.find(name);
        if (parameter == null) {
            throw new IllegalArgumentException("no CONFIG parameter " + name);
        }
        put(parameter, value);
    }

    /** Every parameter and alias with its value, in the table's order. */
    public Map<String, String> all() {
        return view;
    }

    public String requirePass() {
        return values.get("requirepass");
    }

    /** How long a script runs before the node answers other clients BUSY (busy-reply-threshold). */
    public long busyReplyThresholdMillis() {
        return Long.parseLong(values.get("busy-reply-threshold"));
    }

    private void put(Parameter parameter, String value) {
        values.put(parameter.name(), value);
        if (parameter.alias() != null) {
            values.put(parameter.alias(), value);
        }
    }
}
