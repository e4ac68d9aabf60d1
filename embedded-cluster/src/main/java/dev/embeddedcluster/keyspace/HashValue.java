package dev.embeddedcluster.keyspace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * A hash's fields and values. Small hashes keep their fields in insertion order, as Redis's
 * listpack does; once a hash outgrows the listpack limits it reports the hashtable encoding,
 * and, as in Redis, keeps it. Node thread only; a replica holds its own copy.
 *
 * <p>Each field carries the position it was added at, which only grows: a scan cursor is such a
 * position, so a field present during a whole scan is returned exactly once, whatever else is
 * added or removed meanwhile.
 */
public final class HashValue {
    /** Redis 7.0's hash-max-listpack-entries and hash-max-listpack-value defaults. */
    static final int LISTPACK_MAX_ENTRIES = 512;
    static final int LISTPACK_MAX_VALUE = 64;

    private final LinkedHashMap<Key, Field> fields = new LinkedHashMap<>();
    private long nextPosition = 1;
    private boolean hashtable;

    private static final class Field {
        final long position;
        byte[] value;

        Field(long position, byte[] value) {
            this.position = position;
            this.value = value;
        }
    }

    /** The value of a field, or null. */
    public byte[] get(byte[] field) {
        Field f = fields.get(new Key(field));
        return f == null ? null : f.value;
    }

    /** Sets a field; true when it is new. */
    public boolean put(byte[] field, byte[] value) {
        Key k = new Key(field);
        Field existing = fields.get(k);
        if (existing != null) {
            existing.value = value;
        } else {
            fields.put(k, new Field(nextPosition++, value));
        }
        if (!hashtable && (fields.size() > LISTPACK_MAX_ENTRIES || field.length > LISTPACK_MAX_VALUE
                || value.length > LISTPACK_MAX_VALUE)) {
            hashtable = true;
        }
        return existing == null;
    }

    /** Removes a field; true when it was there. */
    public boolean remove(byte[] field) {
        return fields.remove(new Key(field)) != null;
    }

    public boolean contains(byte[] field) {
        return fields.containsKey(new Key(field));
    }

    public int size() {
        return fields.size();
    }

    public boolean isEmpty() {
        return fields.isEmpty();
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
        fields.forEach((k, f) -> action.accept(k.bytes(), f.value));
    }

    /** The fields as {field, value} pairs, in the hash's order: a snapshot to pick from at random. */
    public List<byte[][]> pairs() {
        List<byte[][]> pairs = new ArrayList<>(fields.size());
        forEach((field, value) -> pairs.add(new byte[][] {field, value}));
        return pairs;
    }

    /**
     * Passes up to {@code count} fields added after {@code cursor} (0 to start) to the action and
     * returns the cursor to continue from, 0 when the hash is done.
     */
    public long scan(long cursor, long count, BiConsumer<byte[], byte[]> action) {
        long visited = 0;
        for (var entry : fields.entrySet()) {
            Field f = entry.getValue();
            if (f.position <= cursor) {
                continue;
            }
            if (visited == count) {
                return f.position - 1;
            }
            action.accept(entry.getKey().bytes(), f.value);
            visited++;
        }
        return 0;
    }

    /** An independent copy with the same encoding and order (COPY). Values are immutable and shared. */
    public HashValue copy() {
        HashValue copy = new HashValue();
        fields.forEach((k, f) -> copy.fields.put(k, new Field(f.position, f.value)));
        copy.nextPosition = nextPosition;
        copy.hashtable = hashtable;
        return copy;
    }
}
