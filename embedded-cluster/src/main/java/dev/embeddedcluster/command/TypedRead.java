package dev.embeddedcluster.command;

import dev.embeddedcluster.keyspace.Entry;

/** Reading a key that must hold one type of value, as every type's commands do. */
public final class TypedRead {
    private TypedRead() {
    }

    /**
     * The value at {@code key} when it has the type: null when the key is absent (a key miss,
     * as Redis's lookupKeyRead reports it), and {@code wrongType} (the caller's marker) after
     * replying WRONGTYPE when it holds another type.
     */
    public static <T> T read(Request r, byte[] key, Class<T> type, T wrongType) {
        return typed(r, r.keyspace().read(key), type, wrongType);
    }

    /** The same for a command about to write the key: an absent key is no miss (lookupKeyWrite). */
    public static <T> T forWrite(Request r, byte[] key, Class<T> type, T wrongType) {
        return typed(r, r.keyspace().lookup(key), type, wrongType);
    }

    private static <T> T typed(Request r, Entry e, Class<T> type, T wrongType) {
        if (e == null) {
            return null;
        }
        if (type.isInstance(e.value())) {
            return type.cast(e.value());
        }
        r.reply().error(Errors.WRONG_TYPE);
        return wrongType;
    }
}
