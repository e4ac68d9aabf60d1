package dev.embeddedcluster.keyspace;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * A hash's fields and values. Small hashes keep their fields in insertion order, as Redis's
 * listpack does; once a hash outgrows the listpack limits it reports the hashtable encoding,
 * and, as in Redis, keeps it. Node thread only; a replica holds its own copy.
 * Scans keep their guarantees through changes ({@link PositionedMap}).
 */
public final class HashValue {
    private final EncodingLimits limits;
    private final PositionedMap<byte[]> fields;
    private boolean hashtable;

    /** An empty hash whose encoding follows the node's hash-max-listpack-entries and -value. */
    public HashValue(EncodingLimits limits) {
        this(limits, new PositionedMap<>(), false);
    }

    private HashValue(EncodingLimits limits, PositionedMap<byte[]> fields, boolean hashtable) {
        this.limits = limits;
        this.fields = fields;
        this.hashtable = hashtable;
    }

    /** The value of a field, or null. */
    public byte[] get(byte[] field) {
        return fields.get(field);
    }

    /** Sets a field; true when it is new. */
    public boolean put(byte[] field, byte[] value) {
        boolean added = fields.put(field, value);
        if (!hashtable && (fields.size() > limits.hashMaxListpackEntries() || field.length > limits.hashMaxListpackValue()
                || value.length > limits.hashMaxListpackValue())) {
            hashtable = true;
        }
        return added;
    }

    /**
     * Sets a field of a hash being loaded from a listpack or ziplist: Redis converts such a hash
     * by its number of fields only, so long fields and values stay in the listpack.
     */
    public boolean putLoaded(byte[] field, byte[] value) {
        boolean added = fields.put(field, value);
        if (!hashtable && fields.size() > limits.hashMaxListpackEntries()) {
            hashtable = true;
        }
        return added;
    }

    /** Removes a field; true when it was there. */
    public boolean remove(byte[] field) {
        return fields.remove(field);
    }

    public boolean contains(byte[] field) {
        return fields.contains(field);
    }

    public int size() {
        return fields.size();
    }

    public boolean isEmpty() {
        return fields.size() == 0;
    }

    /** Whether Redis would keep this hash as a listpack (and scan it in one call). */
    public boolean isListpack() {
        return !hashtable;
    }

    /** OBJECT ENCODING's answer. */
    public String encoding() {
        return hashtable ? "hashtable" : "listpack";
    }

    /** Every field and value, in the hash's order. */
    public void forEach(BiConsumer<byte[], byte[]> action) {
        fields.forEach(action);
    }

    /** The fields as {field, value} pairs, in the hash's order. */
    public List<byte[][]> pairs() {
        List<byte[][]> pairs = new ArrayList<>(fields.size());
        forEach((field, value) -> pairs.add(new byte[][] {field, value}));
        return pairs;
    }

    /** A random {field, value} pair of a non-empty hash, in constant time. */
    public byte[][] randomPair() {
        return pairAt(fields.randomSlot());
    }

    /** {@code count} distinct random {field, value} pairs, {@code count} being below the size, in time proportional to it. */
    public List<byte[][]> randomPairs(int count) {
        int[] slots = fields.distinctRandomSlots(count);
        List<byte[][]> chosen = new ArrayList<>(count);
        for (int slot : slots) {
            chosen.add(pairAt(slot));
        }
        return chosen;
    }

    private byte[][] pairAt(int slot) {
        return new byte[][] {fields.keyAt(slot), fields.valueAt(slot)};
    }

    /** Up to {@code count} fields after {@code cursor} (0 to start); returns the next cursor, 0 when done. */
    public long scan(long cursor, long count, BiConsumer<byte[], byte[]> action) {
        return fields.scan(cursor, count, action);
    }

    /** An independent copy with the same encoding and order (COPY). Values are immutable and shared. */
    public HashValue copy() {
        return copy(limits);
    }

    /** A copy that follows another node's thresholds from now on (a value loaded once, put on several nodes). */
    public HashValue copy(EncodingLimits limits) {
        return new HashValue(limits, fields.copy(), hashtable);
    }
}
