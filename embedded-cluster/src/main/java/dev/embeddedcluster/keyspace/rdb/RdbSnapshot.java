package dev.embeddedcluster.keyspace.rdb;

import dev.embeddedcluster.keyspace.Entry;
import dev.embeddedcluster.keyspace.Keyspace;
import dev.embeddedcluster.keyspace.Values;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The keys of one database as {@link RdbFile#write} writes them. {@link #copyOf} takes them on
 * the node's thread for writing elsewhere: strings are immutable and shared, aggregates copied
 * (what a fork gives Redis's BGSAVE). {@link #viewOf} reads the keyspace as it is, for writing on
 * the node's thread (SAVE).
 */
public final class RdbSnapshot {
    /** Which access information the file keeps, as the eviction policy decides in Redis. */
    public enum Access {
        NONE, LRU, LFU;

        /** What an RDB keeps of each key's access under a maxmemory-policy: its idle time or its frequency. */
        public static Access of(String maxmemoryPolicy) {
            if (maxmemoryPolicy == null) {
                return NONE;
            }
            return maxmemoryPolicy.contains("lfu") ? LFU : maxmemoryPolicy.contains("lru") ? LRU : NONE;
        }
    }

    private final int size;
    private final int expires;
    private final Consumer<Consumer<RdbKey>> source;

    private RdbSnapshot(int size, int expires, Consumer<Consumer<RdbKey>> source) {
        this.size = size;
        this.expires = expires;
        this.source = source;
    }

    /** A copy to write from any thread; taken on the node's thread. */
    public static RdbSnapshot copyOf(Keyspace keyspace, Access access) {
        List<RdbKey> keys = new ArrayList<>(keyspace.size());
        long now = keyspace.now();
        keyspace.forEach(e -> keys.add(key(e, Values.copy(e.value()), access, now)));
        return of(keys);
    }

    /** The keyspace itself, to be written on the node's thread before anything changes it. */
    public static RdbSnapshot viewOf(Keyspace keyspace, Access access) {
        long now = keyspace.now();
        int[] expires = {0};
        keyspace.forEach(e -> expires[0] += e.hasExpiry() ? 1 : 0);
        return new RdbSnapshot(keyspace.size(), expires[0],
                visitor -> keyspace.forEach(e -> visitor.accept(key(e, e.value(), access, now))));
    }

    /** Keys already at hand (a test's, or another source's). */
    public static RdbSnapshot of(List<RdbKey> keys) {
        int expires = 0;
        for (RdbKey key : keys) {
            expires += key.expireAtMillis() != RdbKey.NONE ? 1 : 0;
        }
        return new RdbSnapshot(keys.size(), expires, keys::forEach);
    }

    public int size() {
        return size;
    }

    public int expires() {
        return expires;
    }

    public void forEach(Consumer<RdbKey> visitor) {
        source.accept(visitor);
    }

    private static RdbKey key(Entry e, Object value, Access access, long now) {
        long idle = access == Access.LRU ? Math.max(0, now - e.lastAccessMillis()) / 1000 : RdbKey.NONE;
        int frequency = access == Access.LFU ? e.accessFrequency(now) : (int) RdbKey.NONE;
        return new RdbKey(e.key(), value, e.hasExpiry() ? e.expireAtMillis() : RdbKey.NONE, idle, frequency);
    }
}
