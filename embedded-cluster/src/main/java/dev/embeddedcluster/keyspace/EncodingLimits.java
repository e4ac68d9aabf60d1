package dev.embeddedcluster.keyspace;

/**
 * The thresholds that decide a value's encoding on one node: when a hash, set or sorted set
 * leaves its compact form, how large a list's nodes and a stream's nodes grow, and when a
 * HyperLogLog turns dense. Owned by the node's {@link Keyspace}; the values read it as they grow,
 * so a change applies to the next write, as in Redis (existing values are not converted). Redis
 * 7.0's defaults. Node thread only.
 */
public final class EncodingLimits {
    private long hashMaxListpackEntries = 512;
    private long hashMaxListpackValue = 64;
    private long zsetMaxListpackEntries = 128;
    private long zsetMaxListpackValue = 64;
    private long setMaxIntsetEntries = 512;
    private int listMaxListpackSize = -2;
    private int listCompressDepth = 0;
    private long streamNodeMaxEntries = 100;
    private long streamNodeMaxBytes = 4096;
    private long hllSparseMaxBytes = 3000;

    public long hashMaxListpackEntries() {
        return hashMaxListpackEntries;
    }

    public long hashMaxListpackValue() {
        return hashMaxListpackValue;
    }

    public long zsetMaxListpackEntries() {
        return zsetMaxListpackEntries;
    }

    public long zsetMaxListpackValue() {
        return zsetMaxListpackValue;
    }

    public long setMaxIntsetEntries() {
        return setMaxIntsetEntries;
    }

    /** A new list's node size: negative, -1 to -5 for 4 KB to 64 KB a node; positive, entries a node. */
    public int listMaxListpackSize() {
        return listMaxListpackSize;
    }

    public int listCompressDepth() {
        return listCompressDepth;
    }

    /** Entries a stream node takes before a new one starts; 0: no limit. */
    public long streamNodeMaxEntries() {
        return streamNodeMaxEntries;
    }

    /** Bytes a stream node takes before a new one starts; 0: no limit. */
    public long streamNodeMaxBytes() {
        return streamNodeMaxBytes;
    }

    public long hllSparseMaxBytes() {
        return hllSparseMaxBytes;
    }

    public void hash(long maxEntries, long maxValue) {
        hashMaxListpackEntries = maxEntries;
        hashMaxListpackValue = maxValue;
    }

    public void sortedSet(long maxEntries, long maxValue) {
        zsetMaxListpackEntries = maxEntries;
        zsetMaxListpackValue = maxValue;
    }

    public void set(long maxIntsetEntries) {
        setMaxIntsetEntries = maxIntsetEntries;
    }

    public void list(int maxListpackSize, int compressDepth) {
        listMaxListpackSize = maxListpackSize;
        listCompressDepth = compressDepth;
    }

    public void stream(long nodeMaxEntries, long nodeMaxBytes) {
        streamNodeMaxEntries = nodeMaxEntries;
        streamNodeMaxBytes = nodeMaxBytes;
    }

    public void hyperLogLog(long sparseMaxBytes) {
        hllSparseMaxBytes = sparseMaxBytes;
    }
}
