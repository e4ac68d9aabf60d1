package dev.embeddedcluster.command.server;

import java.util.Set;

/**
 * The limits a node puts on its client connections, read from its configuration once and again
 * whenever CONFIG SET changes one of them, so that connections check plain fields.
 */
public final class ClientLimits {
    /** The parameters read here: CONFIG SET of one reconfigures. */
    public static final Set<String> NAMES = Set.of("maxclients", "timeout",
            "proto-max-bulk-len", "client-query-buffer-limit", "client-output-buffer-limit",
            "repl-backlog-size", "maxmemory-clients", "maxmemory");
    /** Redis never lets maxmemory-clients act below this, so that clients can still reach a misconfigured server. */
    private static final long MIN_CLIENT_EVICTION_BYTES = 128 * 1024;

    private volatile long maxClients;
    private volatile long idleTimeoutMillis;
    private volatile long protoMaxBulkLen;
    private volatile long queryBufferLimit;
    private volatile OutputLimit normalOutput;
    private volatile OutputLimit pubsubOutput;
    private volatile OutputLimit replicaOutput;
    private volatile long clientEvictionBytes;

    /** An output buffer limit of one client class; 0 disables the hard or soft part. */
    public record OutputLimit(long hardBytes, long softBytes, long softMillis) {
        public boolean none() {
            return hardBytes == 0 && softBytes == 0;
        }
    }

    public void configure(ServerConfig config) {
        maxClients = Long.parseLong(config.get("maxclients"));
        idleTimeoutMillis = Long.parseLong(config.get("timeout")) * 1000;
        protoMaxBulkLen = Long.parseUnsignedLong(config.get("proto-max-bulk-len"));
        queryBufferLimit = Long.parseUnsignedLong(config.get("client-query-buffer-limit"));
        String[] words = config.get("client-output-buffer-limit").trim().split("\\s+");
        for (int i = 0; i + 3 < words.length; i += 4) {
            OutputLimit limit = new OutputLimit(Long.parseUnsignedLong(words[i + 1]),
                    Long.parseUnsignedLong(words[i + 2]), Long.parseLong(words[i + 3]) * 1000);
            switch (words[i].toLowerCase(java.util.Locale.ROOT)) {
                case "normal" -> normalOutput = limit;
                case "pubsub" -> pubsubOutput = limit;
                case "replica", "slave" -> replicaOutput = limit;
                default -> { }
            }
        }
        // Redis lifts a replica hard limit below repl-backlog-size to it: the replica shares that memory.
        long backlog = Long.parseLong(config.get("repl-backlog-size"));
        if (replicaOutput.hardBytes() != 0 && replicaOutput.hardBytes() < backlog) {
            replicaOutput = new OutputLimit(backlog, replicaOutput.softBytes(), replicaOutput.softMillis());
        }
        clientEvictionBytes = clientEvictionBytes(config.get("maxmemory-clients"),
                Long.parseUnsignedLong(config.get("maxmemory")));
    }

    /** maxmemory-clients in bytes: given as such, or as a percent of maxmemory (none while maxmemory is 0). */
    private static long clientEvictionBytes(String value, long maxmemory) {
        long bytes;
        if (value.endsWith("%")) {
            long percent = Long.parseLong(value.substring(0, value.length() - 1));
            if (percent == 0 || maxmemory == 0) {
                return 0;
            }
            double unsigned = maxmemory >= 0 ? maxmemory : 0x1p64 + maxmemory;
            bytes = (long) (unsigned * percent / 100); // a double past Long.MAX_VALUE converts to it
        } else {
            bytes = Long.parseUnsignedLong(value);
        }
        return bytes == 0 ? 0 : Math.max(bytes, MIN_CLIENT_EVICTION_BYTES);
    }

    public long maxClients() {
        return maxClients;
    }

    /** 0: idle clients are never closed. */
    public long idleTimeoutMillis() {
        return idleTimeoutMillis;
    }

    public long protoMaxBulkLen() {
        return protoMaxBulkLen;
    }

    public long queryBufferLimit() {
        return queryBufferLimit;
    }

    public OutputLimit normalOutput() {
        return normalOutput;
    }

    public OutputLimit pubsubOutput() {
        return pubsubOutput;
    }

    /** What the clients of the normal and pubsub classes may take together before the biggest are evicted; 0: no limit. */
    public long clientEvictionBytes() {
        return clientEvictionBytes;
    }

    /** The replica class's limit, its hard part at least repl-backlog-size, as Redis applies it. */
    public OutputLimit replicaOutput() {
        return replicaOutput;
    }
}
