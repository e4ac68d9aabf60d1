package dev.embeddedcluster.command.server;

import dev.embeddedcluster.command.NodeContext;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A node's CONFIG parameters, by lower-case name, with Redis 7.0's defaults; a parameter and its
 * alias (lua-time-limit for busy-reply-threshold) always hold the same value. Node thread only.
 */
public final class ServerConfig {
    private static final Map<String, String> ALIASES = Map.of(
            "busy-reply-threshold", "lua-time-limit",
            "lua-time-limit", "busy-reply-threshold");

    private final Map<String, String> values = new LinkedHashMap<>();

    public ServerConfig(int port, String bind) {
        values.put("port", Integer.toString(port));
        values.put("bind", bind);
        values.put("cluster-enabled", "yes");
        values.put("cluster-node-timeout", "15000");
        values.put("requirepass", "");
        values.put("maxmemory", "0");
        values.put("maxmemory-policy", "noeviction");
        values.put("maxmemory-samples", "5");
        values.put("databases", "16");
        values.put("appendonly", "no");
        values.put("save", "");
        values.put("timeout", "0");
        values.put("hz", "10");
        values.put("repl-ping-replica-period", "10");
        values.put("repl-timeout", "60");
        values.put("repl-diskless-sync", "yes");
        values.put("repl-diskless-sync-delay", "5");
        values.put("repl-diskless-sync-max-replicas", "0");
        values.put("maxclients", "10000");
        values.put("proto-max-bulk-len", "536870912");
        values.put("client-query-buffer-limit", "1073741824");
        values.put("cluster-require-full-coverage", "yes");
        values.put("cluster-allow-reads-when-down", "no");
        values.put("cluster-allow-replica-migration", "yes");
        values.put("cluster-config-file", "nodes.conf");
        values.put("cluster-announce-ip", "");
        values.put("replica-read-only", "yes");
        values.put("lazyfree-lazy-expire", "no");
        values.put("notify-keyspace-events", "");
        values.put("busy-reply-threshold", "5000");
        values.put("lua-time-limit", "5000");
        values.put("enable-debug-command", "no");
        values.put("enable-module-command", "no");
        values.put("enable-protected-configs", "no");
        values.put("shutdown-timeout", "10");
        values.put("rdbcompression", "yes");
        values.put("rdbchecksum", "yes");
        values.put("dbfilename", "dump.rdb");
    }

    public String get(String name) {
        return values.get(name);
    }

    public void set(String name, String value) {
        values.put(name, value);
        String alias = ALIASES.get(name);
        if (alias != null) {
            values.put(alias, value);
        }
    }

    public Map<String, String> all() {
        return values;
    }

    public String requirePass() {
        return values.get("requirepass");
    }

    /** How long a script runs before the node answers other clients BUSY (busy-reply-threshold). */
    public long busyReplyThresholdMillis() {
        return Long.parseLong(values.get("busy-reply-threshold"));
    }
}
