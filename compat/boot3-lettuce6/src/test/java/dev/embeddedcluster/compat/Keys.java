package dev.embeddedcluster.compat;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;

import java.util.stream.IntStream;

/** Picks key names by the master that owns their slot. */
final class Keys {
    private Keys() {
    }

    /** The first of {@code prefix:0}, {@code prefix:1}, ... whose slot {@code master} serves. */
    static String ownedBy(EmbeddedRedisCluster cluster, ClusterNode master, String prefix) {
        return IntStream.range(0, 10_000).mapToObj(i -> prefix + ":" + i)
                .filter(key -> cluster.masterForKey(key).equals(master))
                .findFirst().orElseThrow();
    }

    /** A master that does not own {@code key}'s slot. */
    static ClusterNode notOwning(EmbeddedRedisCluster cluster, String key) {
        ClusterNode owner = cluster.masterForKey(key);
        return cluster.masters().stream().filter(master -> !master.equals(owner)).findFirst().orElseThrow();
    }
}
