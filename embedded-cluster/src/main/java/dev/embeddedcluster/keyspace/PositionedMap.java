package dev.embeddedcluster.keyspace;

import java.util.LinkedHashMap;
import java.util.function.BiConsumer;

/**
 * The storage under a hash or a set: byte-string keys in insertion order, each with the position
 * it was added at. Positions only grow, so a scan cursor is a position: an element present
 * during a whole scan is returned exactly once, whatever else is added or removed meanwhile.
 */
final class PositionedMap<V> {
    private final LinkedHashMap<Key, Slot<V>> entries = new LinkedHashMap<>();
    private long nextPosition = 1;

    private static final class Slot<V> {
        final long position;
        V value;

        Slot(long position, V value) {
            this.position = position;
            this.value = value;
        }
    }

    V get(byte[] key) {
        Slot<V> slot = entries.get(new Key(key));
        return slot == null ? null : slot.value;
    }

    /** Adds or replaces; true when the key is new (it then goes last). */
    boolean put(byte[] key, V value) {
        Key k = new Key(key);
        Slot<V> existing = entries.get(k);
        if (existing != null) {
            existing.value = value;
            return false;
        }
        entries.put(k, new Slot<>(nextPosition++, value));
        return true;
    }

    boolean remove(byte[] key) {
        return entries.remove(new Key(key)) != null;
    }

    boolean contains(byte[] key) {
        return entries.containsKey(new Key(key));
    }

    int size() {
        return entries.size();
    }

    void forEach(BiConsumer<byte[], V> action) {
        entries.forEach((k, slot) -> action.accept(k.bytes(), slot.value));
    }

    /**
     * Passes up to {@code count} entries added after {@code cursor} (0 to start) to the action and
     * returns the cursor to continue from, 0 when done.
     */
    long scan(long cursor, long count, BiConsumer<byte[], V> action) {
        long visited = 0;
        for (var entry : entries.entrySet()) {
            Slot<V> slot = entry.getValue();
            if (slot.position <= cursor) {
                continue;
            }
            if (visited == count) {
                return slot.position - 1;
            }
            action.accept(entry.getKey().bytes(), slot.value);
            visited++;
        }
        return 0;
    }

    /** A copy with the same order and positions; values are shared. */
    PositionedMap<V> copy() {
        PositionedMap<V> copy = new PositionedMap<>();
        entries.forEach((k, slot) -> copy.entries.put(k, new Slot<>(slot.position, slot.value)));
        copy.nextPosition = nextPosition;
        return copy;
    }
}
