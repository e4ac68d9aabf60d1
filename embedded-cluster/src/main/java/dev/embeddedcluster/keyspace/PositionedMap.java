package dev.embeddedcluster.keyspace;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

/**
 * The storage under a hash, a set or a sorted set's scores: byte-string keys in insertion order,
 * each with the position it was added at. Positions only grow, so a scan cursor is a position:
 * an element present during a whole scan is returned exactly once, whatever else is added or
 * removed meanwhile.
 *
 * <p>The entries sit in dense arrays in insertion order (a removed entry leaves a hole until the
 * arrays are compacted), found through an open-addressing index of their array slots. Lookups,
 * additions and removals take constant time, as do a random pick (a random slot, retried while
 * it is a hole; compaction keeps at least a quarter of the slots filled) and a scan step (a
 * binary search for the cursor, then a walk forward). No object per entry.
 */
final class PositionedMap<V> {
    private static final int MIN_CAPACITY = 4;
    private static final byte[][] NO_KEYS = new byte[0][];
    private static final Object[] NO_VALUES = new Object[0];
    private static final long[] NO_POSITIONS = new long[0];
    private static final int[] NO_INDEX = new int[0];

    /** The keys in insertion order; null marks a hole left by a removal. */
    private byte[][] keys = NO_KEYS;
    private Object[] values = NO_VALUES;
    /** Each slot's position, ascending; a hole keeps its former entry's. */
    private long[] positions = NO_POSITIONS;
    /** Open addressing, linear probing: a dense slot + 1, or 0 for free. Twice the dense capacity. */
    private int[] index = NO_INDEX;
    /** Dense slots in use, holes included. */
    private int used;
    private int size;
    private long nextPosition = 1;

    V get(byte[] key) {
        int slot = find(key);
        return slot < 0 ? null : valueAt(slot);
    }

    /** Adds or replaces; true when the key is new (it then goes last). */
    boolean put(byte[] key, V value) {
        int slot = find(key);
        if (slot >= 0) {
            values[slot] = value;
            return false;
        }
        if (used == keys.length) {
            rebuild(size * 2 <= keys.length && keys.length > 0 ? keys.length : Math.max(MIN_CAPACITY, keys.length * 2));
        }
        int dense = used++;
        keys[dense] = key;
        values[dense] = value;
        positions[dense] = nextPosition++;
        size++;
        int mask = index.length - 1;
        int i = hash(key) & mask;
        while (index[i] != 0) {
            i = (i + 1) & mask;
        }
        index[i] = dense + 1;
        return true;
    }

    boolean remove(byte[] key) {
        if (size == 0) {
            return false;
        }
        int mask = index.length - 1;
        int i = hash(key) & mask;
        while (index[i] != 0 && !Arrays.equals(keys[index[i] - 1], key)) {
            i = (i + 1) & mask;
        }
        if (index[i] == 0) {
            return false;
        }
        int dense = index[i] - 1;
        keys[dense] = null;
        values[dense] = null;
        size--;
        unindex(i);
        while (used > 0 && keys[used - 1] == null) {
            used--;
        }
        if (size < keys.length / 4 && keys.length > MIN_CAPACITY) {
            rebuild(Math.max(MIN_CAPACITY, keys.length / 2));
        }
        return true;
    }

    boolean contains(byte[] key) {
        return find(key) >= 0;
    }

    int size() {
        return size;
    }

    void forEach(BiConsumer<byte[], V> action) {
        for (int slot = 0; slot < used; slot++) {
            if (keys[slot] != null) {
                action.accept(keys[slot], valueAt(slot));
            }
        }
    }

    /** The dense slot of a random entry; the map must not be empty. */
    int randomSlot() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int slot;
        do {
            slot = random.nextInt(used);
        } while (keys[slot] == null);
        return slot;
    }

    /**
     * The dense slots of {@code count} distinct random entries, {@code count} being below the
     * size, in time proportional to {@code count}: when it is close to the size, a partial
     * shuffle of every slot; otherwise random picks until enough distinct ones came up.
     */
    int[] distinctRandomSlots(int count) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if ((long) count * 3 > size) {
            int[] all = new int[size];
            int n = 0;
            for (int slot = 0; slot < used; slot++) {
                if (keys[slot] != null) {
                    all[n++] = slot;
                }
            }
            for (int i = 0; i < count; i++) {
                int j = i + random.nextInt(size - i);
                int swapped = all[i];
                all[i] = all[j];
                all[j] = swapped;
            }
            return Arrays.copyOf(all, count);
        }
        Set<Integer> seen = new HashSet<>(count * 2);
        int[] chosen = new int[count];
        int n = 0;
        while (n < count) {
            int slot = randomSlot();
            if (seen.add(slot)) {
                chosen[n++] = slot;
            }
        }
        return chosen;
    }

    byte[] keyAt(int slot) {
        return keys[slot];
    }

    @SuppressWarnings("unchecked")
    V valueAt(int slot) {
        return (V) values[slot];
    }

    /**
     * Passes up to {@code count} entries added after {@code cursor} (0 to start) to the action and
     * returns the cursor to continue from, 0 when done. Like Redis, a step gives up after passing
     * ten holes per entry asked for, and may then return fewer entries.
     */
    long scan(long cursor, long count, BiConsumer<byte[], V> action) {
        int slot = firstAfter(cursor);
        long visited = 0;
        long holes = 0;
        long maxHoles = Math.max(1, count) * 10;
        for (; slot < used; slot++) {
            if (keys[slot] == null) {
                if (++holes > maxHoles) {
                    return positions[slot];
                }
                continue;
            }
            if (visited == count) {
                return positions[slot] - 1;
            }
            action.accept(keys[slot], valueAt(slot));
            visited++;
        }
        return 0;
    }

    /** A copy with the same order and positions, each value passed through {@code copyValue}. */
    PositionedMap<V> copy(UnaryOperator<V> copyValue) {
        PositionedMap<V> copy = new PositionedMap<>();
        copy.nextPosition = nextPosition;
        if (size == 0) {
            return copy;
        }
        copy.allocate(Math.max(MIN_CAPACITY, Integer.highestOneBit(size - 1) << 1));
        for (int slot = 0; slot < used; slot++) {
            if (keys[slot] != null) {
                int dense = copy.used++;
                copy.keys[dense] = keys[slot];
                copy.values[dense] = copyValue.apply(valueAt(slot));
                copy.positions[dense] = positions[slot];
            }
        }
        copy.size = size;
        copy.reindex();
        return copy;
    }

    /** A copy with the same order and positions; values are shared. */
    PositionedMap<V> copy() {
        return copy(UnaryOperator.identity());
    }

    /** The first dense slot whose position is above the cursor (binary search: positions ascend). */
    private int firstAfter(long cursor) {
        int low = 0;
        int high = used;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (positions[middle] <= cursor) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    private int find(byte[] key) {
        if (size == 0) {
            return -1;
        }
        int mask = index.length - 1;
        for (int i = hash(key) & mask; index[i] != 0; i = (i + 1) & mask) {
            int dense = index[i] - 1;
            if (Arrays.equals(keys[dense], key)) {
                return dense;
            }
        }
        return -1;
    }

    /** Frees an index cell, moving later cells of its probe run back so that every entry stays reachable. */
    private void unindex(int free) {
        int mask = index.length - 1;
        index[free] = 0;
        for (int i = (free + 1) & mask; index[i] != 0; i = (i + 1) & mask) {
            int home = hash(keys[index[i] - 1]) & mask;
            // The entry at i may fill the free cell when its home is not cyclically within (free, i].
            if (((i - home) & mask) >= ((i - free) & mask)) {
                index[free] = index[i];
                index[i] = 0;
                free = i;
            }
        }
    }

    /** Compacts the entries into arrays of {@code capacity} slots, keeping order and positions. */
    private void rebuild(int capacity) {
        byte[][] oldKeys = keys;
        Object[] oldValues = values;
        long[] oldPositions = positions;
        int oldUsed = used;
        allocate(capacity);
        for (int slot = 0; slot < oldUsed; slot++) {
            if (oldKeys[slot] != null) {
                keys[used] = oldKeys[slot];
                values[used] = oldValues[slot];
                positions[used] = oldPositions[slot];
                used++;
            }
        }
        reindex();
    }

    private void allocate(int capacity) {
        keys = new byte[capacity][];
        values = new Object[capacity];
        positions = new long[capacity];
        index = new int[capacity * 2];
        used = 0;
    }

    private void reindex() {
        int mask = index.length - 1;
        for (int dense = 0; dense < used; dense++) {
            int i = hash(keys[dense]) & mask;
            while (index[i] != 0) {
                i = (i + 1) & mask;
            }
            index[i] = dense + 1;
        }
    }

    private static int hash(byte[] key) {
        int h = Arrays.hashCode(key);
        return h ^ (h >>> 16) ^ (h >>> 7);
    }
}
