package dev.embeddedcluster.keyspace;

import java.util.Arrays;

/**
 * A list's elements in a ring buffer: pushes and pops at both ends and access by index in
 * constant time, insertion and removal inside in time proportional to the distance to the
 * nearer end (Redis's quicklist walks from an end too). Redis 7.0 reports every list as a
 * quicklist, whose node size (list-max-listpack-size) and compression depth are those in effect
 * when the list was created. Node thread only; a replica holds its own copy.
 */
public final class ListValue implements Container {
    private final int fill;
    private final int compressDepth;
    private byte[][] ring = new byte[8][];
    private int head;
    private int size;

    /** An empty list with the node's current list-max-listpack-size and list-compress-depth. */
    public ListValue(EncodingLimits limits) {
        this(limits.listMaxListpackSize(), limits.listCompressDepth());
    }

    /** An empty list with this node size (a restored list keeps the nodes it was dumped with) and the node's compression depth. */
    public static ListValue restored(EncodingLimits limits, int fill) {
        return new ListValue(fill, limits.listCompressDepth());
    }

    /** An empty list with this node size and compression depth. */
    ListValue(int fill, int compressDepth) {
        this.fill = fill;
        this.compressDepth = compressDepth;
    }

    /** Its quicklist's node size: -1 to -5 for 4 KB to 64 KB a node, a positive number for entries a node. */
    public int fill() {
        return fill;
    }

    public int compressDepth() {
        return compressDepth;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** The element at {@code index}, 0 being the head; the index must be in range. */
    public byte[] get(int index) {
        return ring[slot(index)];
    }

    public void set(int index, byte[] element) {
        ring[slot(index)] = element;
    }

    public void addFirst(byte[] element) {
        grow();
        head = (head - 1 + ring.length) % ring.length;
        ring[head] = element;
        size++;
    }

    public void addLast(byte[] element) {
        grow();
        ring[slot(size)] = element;
        size++;
    }

    public byte[] removeFirst() {
        byte[] element = ring[head];
        ring[head] = null;
        head = (head + 1) % ring.length;
        size--;
        return element;
    }

    public byte[] removeLast() {
        int last = slot(size - 1);
        byte[] element = ring[last];
        ring[last] = null;
        size--;
        return element;
    }

    /** Inserts so that the element ends up at {@code index} (0 to size). */
    public void insert(int index, byte[] element) {
        if (index < size / 2) {
            addFirst(element);
            for (int i = 0; i < index; i++) {
                set(i, get(i + 1));
            }
        } else {
            addLast(element);
            for (int i = size - 1; i > index; i--) {
                set(i, get(i - 1));
            }
        }
        set(index, element);
    }

    /** Removes the element at {@code index}. */
    public void remove(int index) {
        if (index < size / 2) {
            for (int i = index; i > 0; i--) {
                set(i, get(i - 1));
            }
            removeFirst();
        } else {
            for (int i = index; i < size - 1; i++) {
                set(i, get(i + 1));
            }
            removeLast();
        }
    }

    /** An independent copy (COPY); elements are immutable and shared. */
    public ListValue copy() {
        ListValue copy = new ListValue(fill, compressDepth);
        copy.ring = new byte[Math.max(8, Integer.highestOneBit(Math.max(1, size)) * 2)][];
        for (int i = 0; i < size; i++) {
            copy.ring[i] = get(i);
        }
        copy.size = size;
        return copy;
    }

    private int slot(int index) {
        return (head + index) % ring.length;
    }

    private void grow() {
        if (size < ring.length) {
            return;
        }
        byte[][] bigger = new byte[ring.length * 2][];
        for (int i = 0; i < size; i++) {
            bigger[i] = get(i);
        }
        Arrays.fill(ring, null);
        ring = bigger;
        head = 0;
    }
}
