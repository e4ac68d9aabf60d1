package dev.embeddedcluster.command.server.config;

import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.notifications.EventFlags;
import dev.embeddedcluster.command.server.config.Parameter.Mutability;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every parameter CONFIG GET * lists on a redis-server 7.0.15 in cluster mode, with its other
 * name, its kind of value with Redis's bounds, its default and whether it may be set at run time.
 * The node-specific values (port, bind, dir, ...) are the node's own (see ServerConfig).
 */
public final class ParameterTable {
    /** notify-keyspace-events: the event class letters, shown in Redis's canonical order. */
    static final ValueType EVENT_CLASSES = (given, current) -> {
        int flags = EventFlags.parse(given);
        if (flags < 0) {
            throw new InvalidValue(Errors.INVALID_EVENT_CLASS);
        }
        return EventFlags.format(flags);
    };

    public static final List<Parameter> ALL = List.of(
            choice("acl-pubsub-default", null, "resetchannels", "allchannels", "resetchannels"),
            immutable("aclfile", ""),
            integer("acllog-max-len", null, 128, 0, Long.MAX_VALUE),
            integer("active-defrag-cycle-max", null, 25, 1, 99),
            integer("active-defrag-cycle-min", null, 1, 1, 99),
            memory("active-defrag-ignore-bytes", null, 104857600L, 1, Long.MAX_VALUE),
            integer("active-defrag-max-scan-fields", null, 1000, 1, Long.MAX_VALUE),
            integer("active-defrag-threshold-lower", null, 10, 0, 1000),
            integer("active-defrag-threshold-upper", null, 100, 0, 1000),
            integer("active-expire-effort", null, 1, 1, 10),
            yesNo("activedefrag", null, "no"),
            yesNo("activerehashing", null, "yes"),
            immutable("always-show-logo", "no"),
            yesNo("aof-disable-auto-gc", null, "no"),
            yesNo("aof-load-truncated", null, "yes"),
            yesNo("aof-rewrite-incremental-fsync", null, "yes"),
            yesNo("aof-timestamp-enabled", null, "no"),
            yesNo("aof-use-rdb-preamble", null, "yes"),
            immutable("aof_rewrite_cpulist", ""),
            immutable("appenddirname", "appendonlydir"),
            immutable("appendfilename", "appendonly.aof"),
            choice("appendfsync", null, "everysec", "everysec", "always", "no"),
            yesNo("appendonly", null, "no"),
            memory("auto-aof-rewrite-min-size", null, 67108864L, 0, Long.MAX_VALUE),
            integer("auto-aof-rewrite-percentage", null, 100, 0, Integer.MAX_VALUE),
            immutable("bgsave_cpulist", ""),
            node("bind", null, NodeValues.BIND, "* -::*"),
            text("bind-source-addr", null, ""),
            immutable("bio_cpulist", ""),
            integer("busy-reply-threshold", "lua-time-limit", 5000, 0, Long.MAX_VALUE),
            special("client-output-buffer-limit", CompoundValues.CLIENT_OUTPUT_BUFFER_LIMIT, "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60"),
            memory("client-query-buffer-limit", null, 1073741824L, 1048576, Long.MAX_VALUE),
            yesNo("cluster-allow-pubsubshard-when-down", null, "yes"),
            yesNo("cluster-allow-reads-when-down", null, "no"),
            yesNo("cluster-allow-replica-migration", null, "yes"),
            integer("cluster-announce-bus-port", null, 0, 0, 65535),
            special("cluster-announce-hostname", CompoundValues.HOSTNAME, ""),
            text("cluster-announce-ip", null, ""),
            integer("cluster-announce-port", null, 0, 0, 65535),
            integer("cluster-announce-tls-port", null, 0, 0, 65535),
            immutable("cluster-config-file", "nodes.conf"),
            immutable("cluster-enabled", "yes"),
            unsignedMemory("cluster-link-sendbuf-limit", null, "0"),
            integer("cluster-migration-barrier", null, 1, 0, Integer.MAX_VALUE),
            integer("cluster-node-timeout", null, 15000, 0, Long.MAX_VALUE),
            immutable("cluster-port", "0"),
            choice("cluster-preferred-endpoint-type", null, "ip", "ip", "hostname", "unknown-endpoint"),
            yesNo("cluster-replica-no-failover", "cluster-slave-no-failover", "no"),
            integer("cluster-replica-validity-factor", "cluster-slave-validity-factor", 10, 0, Integer.MAX_VALUE),
            yesNo("cluster-require-full-coverage", null, "yes"),
            yesNo("crash-log-enabled", null, "yes"),
            yesNo("crash-memcheck-enabled", null, "yes"),
            immutable("daemonize", "no"),
            immutable("databases", "16"),
            protectedParameter("dbfilename", NodeValues.FILE_NAME, "dump.rdb"),
            protectedParameter("dir", NodeValues.DIRECTORY, ""),
            immutable("disable-thp", "yes"),
            yesNo("dynamic-hz", null, "yes"),
            immutable("enable-debug-command", "no"),
            immutable("enable-module-command", "no"),
            immutable("enable-protected-configs", "no"),
            integer("hash-max-listpack-entries", "hash-max-ziplist-entries", 512, 0, Long.MAX_VALUE),
            memory("hash-max-listpack-value", "hash-max-ziplist-value", 64L, 0, Long.MAX_VALUE),
            memory("hll-sparse-max-bytes", null, 3000L, 0, Long.MAX_VALUE),
            node("hz", null, ValueTypes.clamped(ValueTypes.integer(0, Integer.MAX_VALUE), 1, 500), "10"),
            text("ignore-warnings", null, ""),
            immutable("io-threads", "1"),
            immutable("io-threads-do-reads", "no"),
            yesNo("jemalloc-bg-thread", null, "yes"),
            integer("latency-monitor-threshold", null, 0, 0, Long.MAX_VALUE),
            yesNo("latency-tracking", null, "yes"),
            special("latency-tracking-info-percentiles", CompoundValues.PERCENTILES, "50 99 99.9"),
            yesNo("lazyfree-lazy-eviction", null, "no"),
            yesNo("lazyfree-lazy-expire", null, "no"),
            yesNo("lazyfree-lazy-server-del", null, "no"),
            yesNo("lazyfree-lazy-user-del", null, "no"),
            yesNo("lazyfree-lazy-user-flush", null, "no"),
            hidden("key-load-delay", Integer.MIN_VALUE, Integer.MAX_VALUE, "0"),
            integer("lfu-decay-time", null, 1, 0, Integer.MAX_VALUE),
            integer("lfu-log-factor", null, 10, 0, Integer.MAX_VALUE),
            integer("list-compress-depth", null, 0, 0, Integer.MAX_VALUE),
            integer("list-max-listpack-size", "list-max-ziplist-size", -2, Integer.MIN_VALUE, Integer.MAX_VALUE),
            immutable("logfile", ""),
            hidden("loading-process-events-interval-bytes", 1024, Integer.MAX_VALUE, "2097152"),
            choice("loglevel", null, "notice", "debug", "verbose", "notice", "warning"),
            text("masterauth", null, ""),
            text("masteruser", null, ""),
            integer("maxclients", null, 10000, 1, 4294967295L),
            unsignedMemory("maxmemory", null, "0"),
            special("maxmemory-clients", CompoundValues.MEMORY_OR_PERCENT, "0"),
            integer("maxmemory-eviction-tenacity", null, 10, 0, 100),
            choice("maxmemory-policy", null, "noeviction", "volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl", "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction"),
            integer("maxmemory-samples", null, 5, 1, Integer.MAX_VALUE),
            integer("min-replicas-max-lag", "min-slaves-max-lag", 10, 0, Integer.MAX_VALUE),
            integer("min-replicas-to-write", "min-slaves-to-write", 0, 0, Integer.MAX_VALUE),
            yesNo("no-appendfsync-on-rewrite", null, "no"),
            special("notify-keyspace-events", EVENT_CLASSES, ""),
            choice("oom-score-adj", null, "no", "no", "yes", "relative", "absolute"),
            special("oom-score-adj-values", CompoundValues.OOM_SCORE_ADJ_VALUES, "0 200 800"),
            immutable("pidfile", ""),
            node("port", null, NodeValues.PORT, "6379"),
            text("proc-title-template", null, "{title} {listen-addr} {server-mode}"),
            choice("propagation-error-behavior", null, "ignore", "ignore", "panic", "panic-on-replicas"),
            yesNo("protected-mode", null, "yes"),
            memory("proto-max-bulk-len", null, 536870912L, 1048576, Long.MAX_VALUE),
            yesNo("rdb-del-sync-files", null, "no"),
            hidden("rdb-key-save-delay", Integer.MIN_VALUE, Integer.MAX_VALUE, "0"),
            yesNo("rdb-save-incremental-fsync", null, "yes"),
            immutable("rdbchecksum", "yes"),
            yesNo("rdbcompression", null, "yes"),
            node("repl-backlog-size", null, ValueTypes.clamped(ValueTypes.memory(1, Long.MAX_VALUE), 16384, Long.MAX_VALUE), "1048576"),
            integer("repl-backlog-ttl", null, 3600, 0, Long.MAX_VALUE),
            yesNo("repl-disable-tcp-nodelay", null, "no"),
            choice("repl-diskless-load", null, "disabled", "disabled", "on-empty-db", "swapdb"),
            yesNo("repl-diskless-sync", null, "yes"),
            integer("repl-diskless-sync-delay", null, 5, 0, Integer.MAX_VALUE),
            integer("repl-diskless-sync-max-replicas", null, 0, 0, Integer.MAX_VALUE),
            integer("repl-ping-replica-period", "repl-ping-slave-period", 10, 1, Integer.MAX_VALUE),
            integer("repl-timeout", null, 60, 1, Integer.MAX_VALUE),
            text("replica-announce-ip", "slave-announce-ip", ""),
            integer("replica-announce-port", "slave-announce-port", 0, 0, 65535),
            yesNo("replica-announced", null, "yes"),
            yesNo("replica-ignore-disk-write-errors", null, "no"),
            yesNo("replica-ignore-maxmemory", "slave-ignore-maxmemory", "yes"),
            yesNo("replica-lazy-flush", "slave-lazy-flush", "no"),
            integer("replica-priority", "slave-priority", 100, 0, Integer.MAX_VALUE),
            yesNo("replica-read-only", "slave-read-only", "yes"),
            yesNo("replica-serve-stale-data", "slave-serve-stale-data", "yes"),
            new Parameter("replicaof", "slaveof", ValueTypes.TEXT, "", Mutability.IMMUTABLE),
            text("requirepass", null, ""),
            choice("sanitize-dump-payload", null, "no", "no", "yes", "clients"),
            special("save", CompoundValues.SAVE, ""),
            immutable("server_cpulist", ""),
            integer("set-max-intset-entries", null, 512, 0, Long.MAX_VALUE),
            immutable("set-proc-title", "yes"),
            choice("shutdown-on-sigint", null, "default", "default", "save", "nosave", "now", "force"),
            choice("shutdown-on-sigterm", null, "default", "default", "save", "nosave", "now", "force"),
            integer("shutdown-timeout", null, 10, 0, Integer.MAX_VALUE),
            integer("slowlog-log-slower-than", null, 10000, -1, Long.MAX_VALUE),
            integer("slowlog-max-len", null, 128, 0, Long.MAX_VALUE),
            immutable("socket-mark-id", "0"),
            yesNo("stop-writes-on-bgsave-error", null, "yes"),
            memory("stream-node-max-bytes", null, 4096L, 0, Long.MAX_VALUE),
            integer("stream-node-max-entries", null, 100, 0, Long.MAX_VALUE),
            immutable("supervised", "no"),
            immutable("syslog-enabled", "no"),
            immutable("syslog-facility", "local0"),
            immutable("syslog-ident", "redis"),
            immutable("tcp-backlog", "511"),
            integer("tcp-keepalive", null, 300, 0, Integer.MAX_VALUE),
            integer("timeout", null, 0, 0, Integer.MAX_VALUE),
            choice("tls-auth-clients", null, "yes", "no", "yes", "optional"),
            text("tls-ca-cert-dir", null, ""),
            text("tls-ca-cert-file", null, ""),
            text("tls-cert-file", null, ""),
            text("tls-ciphers", null, ""),
            text("tls-ciphersuites", null, ""),
            text("tls-client-cert-file", null, ""),
            text("tls-client-key-file", null, ""),
            text("tls-client-key-file-pass", null, ""),
            yesNo("tls-cluster", null, "no"),
            text("tls-dh-params-file", null, ""),
            text("tls-key-file", null, ""),
            text("tls-key-file-pass", null, ""),
            node("tls-port", null, NodeValues.TLS_PORT, "0"),
            yesNo("tls-prefer-server-ciphers", null, "no"),
            text("tls-protocols", null, ""),
            yesNo("tls-replication", null, "no"),
            integer("tls-session-cache-size", null, 20480, 0, Integer.MAX_VALUE),
            integer("tls-session-cache-timeout", null, 300, 0, Integer.MAX_VALUE),
            yesNo("tls-session-caching", null, "yes"),
            integer("tracking-table-max-keys", null, 1000000, 0, Long.MAX_VALUE),
            immutable("unixsocket", ""),
            immutable("unixsocketperm", "0"),
            hidden("watchdog-period", 0, Integer.MAX_VALUE, "0"),
            integer("zset-max-listpack-entries", "zset-max-ziplist-entries", 128, 0, Long.MAX_VALUE),
            memory("zset-max-listpack-value", "zset-max-ziplist-value", 64L, 0, Long.MAX_VALUE)
    );

    private static final Map<String, Parameter> BY_NAME = byName();

    private ParameterTable() {
    }

    /** The parameter with this lower-case name or alias, or null. */
    public static Parameter find(String name) {
        return BY_NAME.get(name);
    }

    private static Map<String, Parameter> byName() {
        Map<String, Parameter> map = new HashMap<>();
        for (Parameter parameter : ALL) {
            map.put(parameter.name(), parameter);
            if (parameter.alias() != null) {
                map.put(parameter.alias(), parameter);
            }
        }
        return Map.copyOf(map);
    }

    private static Parameter yesNo(String name, String alias, String defaultValue) {
        return new Parameter(name, alias, ValueTypes.YES_NO, defaultValue, Mutability.MUTABLE);
    }

    private static Parameter integer(String name, String alias, long defaultValue, long min, long max) {
        return new Parameter(name, alias, ValueTypes.integer(min, max), Long.toString(defaultValue), Mutability.MUTABLE);
    }

    private static Parameter memory(String name, String alias, long defaultValue, long min, long max) {
        return new Parameter(name, alias, ValueTypes.memory(min, max), Long.toString(defaultValue), Mutability.MUTABLE);
    }

    private static Parameter unsignedMemory(String name, String alias, String defaultValue) {
        return new Parameter(name, alias, ValueTypes.UNSIGNED_MEMORY, defaultValue, Mutability.MUTABLE);
    }

    private static Parameter choice(String name, String alias, String defaultValue, String... options) {
        return new Parameter(name, alias, ValueTypes.choice(options), defaultValue, Mutability.MUTABLE);
    }

    private static Parameter text(String name, String alias, String defaultValue) {
        return new Parameter(name, alias, ValueTypes.TEXT, defaultValue, Mutability.MUTABLE);
    }

    private static Parameter special(String name, ValueType type, String defaultValue) {
        return new Parameter(name, null, type, defaultValue, Mutability.MUTABLE);
    }

    private static Parameter node(String name, String alias, ValueType type, String defaultValue) {
        return new Parameter(name, alias, type, defaultValue, Mutability.MUTABLE);
    }

    /** A testing parameter of Redis's, an integer that no pattern lists. */
    private static Parameter hidden(String name, long min, long max, String defaultValue) {
        return new Parameter(name, null, ValueTypes.integer(min, max), defaultValue, Mutability.MUTABLE, true);
    }

    private static Parameter immutable(String name, String value) {
        return new Parameter(name, null, ValueTypes.TEXT, value, Mutability.IMMUTABLE);
    }

    private static Parameter protectedParameter(String name, ValueType type, String defaultValue) {
        return new Parameter(name, null, type, defaultValue, Mutability.PROTECTED);
    }
}
