package dev.embeddedcluster.keyspace;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A hash's fields and values. Small hashes keep their fields in insertion order, as Redis's
 * listpack does; once a hash outgrows the listpack limits it reports the hashtable encoding,
 * and, as in Redis, keeps it. Node thread only; a replica holds its own copy.
 */
public final class HashValue {
    /** Redis's hash-max-listpack-entries and hash-max-listpack-value defaults. */
    static final int LISTPACK_MAX_ENTRIES = 512;
    static final int LISTPACK_MAX_VALUE = 64;

    private final LinkedHashMap<Key, byte[]> fields = new LinkedHashMap<>();
    private boolean hashtable;

    /** The value of a field, or null. */
    public byte[] get(byte[] field) {
        return fields.get(new Key(field));
    }

    /** Sets a field; true when it is new. */
    public boolean put(byte[] field, byte[] value) {
        Key k = new Key(field);
        boolean added = fields.replace(k, value) == null;
        if (added) {
            fields.put(k, value);
        }
        if (!hashtable && (fields.size() > LISTPACK_MAX_ENTRIES || field.length > LISTPACK_MAX_VALUE
                || value.length > LISTPACK_MAX_VALUE)) {
            hashtable = true;
        }
        return added;
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

    /** OBJECT ENCODING's answer. */
    public String encoding() {
        return hashtable ? "hashtable" : "listpack";
    }

    /** Fields and values in the hash's order. */
    public Iterator<Map.Entry<Key, byte[]>> iterator() {
        return fields.entrySet().iterator();
    }

    /** An independent copy with the same encoding (COPY). Values are immutable and shared. */
    public HashValue copy() {
        HashValue copy = new HashValue();
        copy.fields.putAll(fields);
        copy.hashtable = hashtable;
        return copy;
    }
}
