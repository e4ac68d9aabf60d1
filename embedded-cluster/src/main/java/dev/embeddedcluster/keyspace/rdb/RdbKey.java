package dev.embeddedcluster.keyspace.rdb;

/**
 * One key as an RDB file holds it: its value, its expiry (absolute milliseconds, or -1), and,
 * when the eviction policy keeps them, its idle seconds (LRU) or access frequency (LFU), -1 when
 * not kept.
 */
public record RdbKey(byte[] key, Object value, long expireAtMillis, long idleSeconds, int frequency) {
    public static final long NONE = -1;
}
