package dev.embeddedcluster.command.server;

import dev.embeddedcluster.command.Dispatcher;
import dev.embeddedcluster.command.NodeContext;
import dev.embeddedcluster.command.Replication;
import dev.embeddedcluster.command.notifications.EventClass;
import dev.embeddedcluster.keyspace.Entry;
import dev.embeddedcluster.keyspace.Keyspace;

import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * maxmemory on one node: the memory estimate it is held to, and eviction by
 * maxmemory-policy when the estimate goes over it, as Redis 7.0 evicts before running a
 * client's command. Candidates are sampled (maxmemory-samples at a time) into a small pool kept
 * best last, from the access time, the LFU counter or the expiry time the keyspace keeps; the
 * random policies take one random key. Each evicted key is deleted, replicated as DEL, counted
 * and announced with an {@code evicted} keyspace event. Replicas never evict: they apply their
 * master's DELs. Node thread only.
 */
public final class Eviction {
    /**
     * The used_memory of an empty node: what a Redis 7.0 cluster node reports as its startup
     * memory, so that a maxmemory chosen against a real server leaves about the same room here.
     */
    public static final long STARTUP_BYTES = 1_600_000;
    private static final int POOL_SIZE = 16;
    /** How long a master out of heap waits for its replicas to apply its deletes before it measures the heap again. */
    private static final long REPLICA_WAIT_NANOS = 200_000_000L;

    /** maxmemory-policy: which keys may go, and what makes one a better candidate. */
    enum Policy {
        NOEVICTION, ALLKEYS_LRU, ALLKEYS_LFU, ALLKEYS_RANDOM, VOLATILE_LRU, VOLATILE_LFU, VOLATILE_RANDOM, VOLATILE_TTL;

        boolean withTtlOnly() {
            return name().startsWith("VOLATILE");
        }

        boolean random() {
            return this == ALLKEYS_RANDOM || this == VOLATILE_RANDOM;
        }

        boolean lfu() {
            return this == ALLKEYS_LFU || this == VOLATILE_LFU;
        }

        static Policy of(String setting) {
            return valueOf(setting.toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    private final NodeContext node;
    private long maxmemory;
    private Policy policy = Policy.NOEVICTION;
    private Entry[] sample = new Entry[5];
    private final byte[][] poolKeys = new byte[POOL_SIZE][];
    /** Higher is a better candidate; ascending, so the best is last. */
    private final long[] poolScores = new long[POOL_SIZE];
    private int poolSize;
    /** Whether the command running started out of memory: over maxmemory with nothing left to evict, or the heap full. */
    private boolean outOfMemory;
    private boolean overMaxmemory;
    /** The JVM's heap, which the node must not exhaust: its own limit besides maxmemory. */
    private HeapGuard heap = HeapGuard.OFF;
    /** rdb_changes_since_last_save when the heap guard was last asked again: a change since may have freed memory. */
    private long changesAtHeapCheck = -1;

    public Eviction(NodeContext node) {
        this.node = node;
    }

    /** Whether maxmemory is set. */
    public boolean limited() {
        return maxmemory != 0;
    }

    /** The heap guard of the node's cluster. */
    public void heapGuard(HeapGuard guard) {
        this.heap = guard;
    }

    public HeapGuard heapGuard() {
        return heap;
    }

    /** Whether maxmemory is set or the heap is full: the one check the dispatcher makes for every command. */
    public boolean guarded() {
        return maxmemory != 0 || heap.full();
    }

    /**
     * Applies maxmemory, maxmemory-policy and maxmemory-samples as the config holds them; with a
     * limit set, evicts now if the node is over it, as CONFIG SET does in Redis.
     */
    public void configure(ServerConfig config) {
        Keyspace keyspace = node.keyspace();
        maxmemory = dev.embeddedcluster.command.server.config.ValueTypes.bytes(config.get("maxmemory"));
        Policy configured = Policy.of(config.get("maxmemory-policy"));
        if (configured != policy) {
            poolSize = 0;
        }
        policy = configured;
        int samples = Integer.parseInt(config.get("maxmemory-samples"));
        if (samples != sample.length) {
            sample = new Entry[samples];
        }
        keyspace.trackFrequency(policy.lfu());
        keyspace.accounting(maxmemory != 0);
        outOfMemory = false;
        overMaxmemory = false;
        if (maxmemory != 0) {
            evictAsNeeded();
        }
    }

    /** INFO's used_memory: the startup memory, the main and expires dictionaries' buckets and the dataset. */
    public long usedMemory() {
        return overheadBytes() + node.keyspace().datasetBytes();
    }

    /** INFO's used_memory_overhead: what the node takes besides its keys and values. */
    public long overheadBytes() {
        Keyspace keyspace = node.keyspace();
        return STARTUP_BYTES + buckets(keyspace.size()) + buckets(keyspace.volatileKeys());
    }

    /** The bytes of a hash table's bucket array for that many keys. */
    static long buckets(int keys) {
        return keys == 0 ? 0 : 8 * Math.max(4, Long.highestOneBit(keys - 1) << 1);
    }

    /**
     * Before a client's command while maxmemory is set: evicts until the node is within it.
     * False when it is still over with nothing left that the policy may evict; the command then
     * runs only if it cannot grow the dataset. The outcome is kept for the scripts the command runs.
     */
    public boolean makeRoom() {
        overMaxmemory = maxmemory != 0 && !evictAsNeeded();
        outOfMemory = overMaxmemory || heap.full();
        return !outOfMemory;
    }

    /**
     * When {@link #makeRoom} found no room and the command is one to refuse: whether to refuse it.
     * Over maxmemory, yes; for the heap, the guard measures again first if memory may have been
     * freed since it last did (a key changed: deleted, popped, flushed).
     */
    public boolean confirmOutOfMemory() {
        if (overMaxmemory) {
            return true;
        }
        long changes = node.persistence().changesSinceLastSave();
        boolean mayHaveFreed = changes != changesAtHeapCheck;
        changesAtHeapCheck = changes;
        if (mayHaveFreed && heap.full()) {
            awaitReplicas();
        }
        outOfMemory = heap.stillFull(mayHaveFreed);
        return outOfMemory;
    }

    /**
     * A master's replicas hold the same values as it (the very arrays, in this JVM), so what a
     * delete frees is free only once they applied it too: before the heap is measured again, the
     * master hands them its stream and waits a little for them to apply it.
     */
    private void awaitReplicas() {
        Replication replication = node.replication();
        if (!node.isMaster() || replication.replicas().isEmpty()) {
            return;
        }
        replication.flush();
        long target = replication.offset();
        long deadline = System.nanoTime() + REPLICA_WAIT_NANOS;
        for (NodeContext replica : replication.replicas()) {
            while (replica.replication().acknowledgedOffset() < target && System.nanoTime() - deadline < 0) {
                LockSupport.parkNanos(20_000);
            }
        }
    }

    /** Whether the running command started out of memory: a script's first write is then refused. */
    public boolean outOfMemory() {
        return outOfMemory && guarded();
    }

    private boolean evictAsNeeded() {
        if (!node.isMaster() || usedMemory() <= maxmemory) {
            return true;
        }
        if (policy == Policy.NOEVICTION) {
            return false;
        }
        Keyspace keyspace = node.keyspace();
        while (usedMemory() > maxmemory) {
            byte[] victim = policy.random() ? randomKey(keyspace) : bestCandidate(keyspace);
            if (victim == null) {
                return false;
            }
            evict(victim);
        }
        return true;
    }

    /** Deletes a key as an eviction: DEL to the replicas (and to WATCH and tracking), counted, announced. */
    private void evict(byte[] key) {
        node.keyspace().evict(key);
        // Not a change since the last save, as Redis counts them.
        node.replication().propagate(new byte[][] {Dispatcher.DEL, key}, 0);
        node.stats().evictedKeys++;
        node.keyspaceEvents().notify(EventClass.EVICTED, "evicted", key);
    }

    private byte[] randomKey(Keyspace keyspace) {
        Entry[] one = new Entry[1];
        return keyspace.sample(policy.withTtlOnly(), one) == 0 ? null : one[0].key();
    }

    /**
     * The best candidate of the pool after a new sample joined it, one that is still there (and
     * still has a TTL under a volatile policy); null when the policy has no key to choose from.
     */
    private byte[] bestCandidate(Keyspace keyspace) {
        while (true) {
            int sampled = keyspace.sample(policy.withTtlOnly(), sample);
            if (sampled == 0) {
                return null;
            }
            long now = keyspace.now();
            for (int i = 0; i < sampled; i++) {
                offer(sample[i].key(), score(sample[i], now));
                sample[i] = null;
            }
            while (poolSize > 0) {
                byte[] key = poolKeys[--poolSize];
                poolKeys[poolSize] = null;
                Entry e = keyspace.stored(key);
                if (e != null && (!policy.withTtlOnly() || e.hasExpiry())) {
                    return key;
                }
            }
        }
    }

    /** How good a candidate a key is: idle time, low access frequency, or nearness of its expiry. */
    private long score(Entry e, long now) {
        return switch (policy) {
            case ALLKEYS_LFU, VOLATILE_LFU -> 255 - e.accessFrequency(now);
            case VOLATILE_TTL -> Long.MAX_VALUE - e.expireAtMillis();
            default -> now - e.lastAccessMillis();
        };
    }

    /** Puts a key in the pool by score; when the pool is full, a key better than the worst pushes it out. */
    private void offer(byte[] key, long score) {
        for (int i = 0; i < poolSize; i++) {
            if (java.util.Arrays.equals(poolKeys[i], key)) {
                removeFromPool(i);
                break;
            }
        }
        int at = 0;
        while (at < poolSize && poolScores[at] < score) {
            at++;
        }
        if (poolSize == POOL_SIZE) {
            if (at == 0) {
                return;
            }
            removeFromPool(0);
            at--;
        }
        System.arraycopy(poolKeys, at, poolKeys, at + 1, poolSize - at);
        System.arraycopy(poolScores, at, poolScores, at + 1, poolSize - at);
        poolKeys[at] = key;
        poolScores[at] = score;
        poolSize++;
    }

    private void removeFromPool(int index) {
        System.arraycopy(poolKeys, index + 1, poolKeys, index, poolSize - index - 1);
        System.arraycopy(poolScores, index + 1, poolScores, index, poolSize - index - 1);
        poolKeys[--poolSize] = null;
    }
}
