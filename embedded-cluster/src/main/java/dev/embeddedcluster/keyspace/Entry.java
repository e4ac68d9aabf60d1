package dev.embeddedcluster.keyspace;

/**
 * One key's value and metadata. Strings are immutable byte arrays: a command that changes one
 * stores a new array, so the replication stream can share them. Aggregates ({@link HashValue})
 * change in place; each node holds its own.
 */
public final class Entry {
    public static final long NO_EXPIRY = -1;

    final Key key;
    Object value;
    long expireAtMillis = NO_EXPIRY;
    long lastAccessMillis;
    int lfuCounter = AccessFrequency.INITIAL;
    long lfuMinutes;
    /** A string changed in place (APPEND, SETRANGE), which Redis keeps in its raw encoding. */
    boolean rawEncoding;
    /** Its place in its slot's list of {@link SlotEntries}. */
    int slotIndex;
    /** Its place in {@link VolatileEntries} while it has a TTL. */
    int volatileIndex;
    /** This key's share of the keyspace's memory estimate, as last priced (0 while nothing is priced). */
    long accountedBytes;

    Entry(Key key, Object value, long now) {
        this.key = key;
        this.value = value;
        this.lastAccessMillis = now;
        this.lfuMinutes = AccessFrequency.minutes(now);
    }

    public byte[] key() {
        return key.bytes();
    }

    public Object value() {
        return value;
    }

    public long expireAtMillis() {
        return expireAtMillis;
    }

    public boolean hasExpiry() {
        return expireAtMillis != NO_EXPIRY;
    }

    /** Whether the string was changed in place, so that OBJECT ENCODING says raw whatever its length. */
    public boolean rawEncoding() {
        return rawEncoding;
    }

    public long lastAccessMillis() {
        return lastAccessMillis;
    }

    /** The LFU access counter as OBJECT FREQ reports it: decayed to {@code nowMillis}, not touched. */
    public int accessFrequency(long nowMillis) {
        return AccessFrequency.decayed(lfuCounter, lfuMinutes, nowMillis);
    }
}
