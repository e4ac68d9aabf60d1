package dev.embeddedcluster.command;

import dev.embeddedcluster.keyspace.Entry;

/** Reading a key that must hold one type of value, as every type's commands do. */
public final class TypedRead {
    private TypedRead() {
    }

    /**
     * The value at {@code key} when it has the type: null when the key is absent, and
     * {@code wrongType} (the caller's marker) after replying WRONGTYPE when it holds another type.
     */
    public static <T> T read(Request r, byte[] key, Class<T> type, T wrongType) {
        Entry e = r.keyspace().lookup(key);
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
