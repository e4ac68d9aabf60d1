package dev.embeddedcluster.command.server.config;

import dev.embeddedcluster.command.server.ServerConfig;
import dev.embeddedcluster.keyspace.EncodingLimits;

import java.util.Set;

/** The CONFIG parameters that decide the keyspace's encodings, and how they reach its {@link EncodingLimits}. */
public final class EncodingParameters {
    /** Their names and aliases: a CONFIG SET of any of them applies them all. */
    public static final Set<String> NAMES = Set.of("hash-max-listpack-entries", "hash-max-ziplist-entries",
            "hash-max-listpack-value", "hash-max-ziplist-value", "zset-max-listpack-entries", "zset-max-ziplist-entries",
            "zset-max-listpack-value", "zset-max-ziplist-value", "set-max-intset-entries", "list-max-listpack-size",
            "list-max-ziplist-size", "list-compress-depth", "stream-node-max-entries", "stream-node-max-bytes",
            "hll-sparse-max-bytes");

    private EncodingParameters() {
    }

    public static void apply(ServerConfig config, EncodingLimits limits) {
        limits.hash(number(config, "hash-max-listpack-entries"), number(config, "hash-max-listpack-value"));
        limits.sortedSet(number(config, "zset-max-listpack-entries"), number(config, "zset-max-listpack-value"));
        limits.set(number(config, "set-max-intset-entries"));
        limits.list((int) number(config, "list-max-listpack-size"), (int) number(config, "list-compress-depth"));
        limits.stream(number(config, "stream-node-max-entries"), number(config, "stream-node-max-bytes"));
        limits.hyperLogLog(number(config, "hll-sparse-max-bytes"));
    }

    private static long number(ServerConfig config, String name) {
        return Long.parseLong(config.get(name));
    }
}
