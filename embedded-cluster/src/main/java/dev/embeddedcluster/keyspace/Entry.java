package dev.embeddedcluster.keyspace;

/**
 * One key's value and metadata. Strings handed out are immutable byte arrays, so the replication
 * stream and snapshots can share them; a string written in place lives in a private
 * {@link GrowableString} until it is read. Aggregates ({@link HashValue})
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

    /** The value; a string written in place is first trimmed to an exact array, which readers may keep. */
    public Object value() {
        if (value instanceof GrowableString grown) {
            value = grown.exact();
        }
        return value;
    }

    /** Whether the value is a string (without trimming one written in place). */
    public boolean holdsString() {
        return value instanceof byte[] || value instanceof GrowableString;
    }

    /** The length of the string value (without trimming one written in place). */
    public int stringLength() {
        return value instanceof GrowableString grown ? grown.length : ((byte[]) value).length;
    }

    /**
     * The string value's buffer as it is, to read at once and not keep: its first
     * {@link #stringLength()} bytes are the string, any after them zeros.
     */
    public byte[] stringBuffer() {
        return value instanceof GrowableString grown ? grown.bytes : (byte[]) value;
    }

    /**
     * The string value's buffer, to change in place: at least {@code newLength} bytes long, zeros
     * past the old end, its string extended to {@code newLength} when shorter. The first write
     * takes a private copy, so an array handed out before (a reply, a replica, a snapshot) never
     * changes. Redis then keeps the string raw.
     */
    public byte[] writableString(int newLength) {
        GrowableString grown = value instanceof GrowableString g ? g : new GrowableString((byte[]) value);
        grown.growTo(newLength);
        value = grown;
        rawEncoding = true;
        return grown.bytes;
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
