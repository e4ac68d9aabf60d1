package dev.embeddedcluster.keyspace;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Every stored entry of a keyspace in a list per slot kept in insertion order, with a Fenwick
 * tree of the lists' lengths: a uniformly random entry, the entries that follow it, and a SCAN
 * step come in time independent of the number of keys, however they spread over slots.
 *
 * <p>A removal leaves a hole, so that the entries after it keep their order; a slot's list is
 * compacted (order kept) once holes outnumber entries, and forgets its numbering once empty.
 * Each entry carries a sequence number, increasing along its slot's list: a SCAN cursor names a
 * slot and a sequence number, which stays meaningful across removals, insertions and compaction.
 * Node thread only.
 */
final class SlotEntries {
    private static final int SLOT_BITS = 14;
    /** Holes a SCAN call steps over per key asked for before it answers anyway, as Redis bounds its empty buckets. */
    private static final int HOLES_PER_KEY = 10;

    private final SlotList[] lists = new SlotList[KeySlot.SLOTS];
    /** Fenwick tree over the lists' lengths, holes included, 1-based. */
    private final int[] tree = new int[KeySlot.SLOTS + 1];
    /** Places in the lists, holes included. */
    private int places;
    private int size;

    void add(int slot, Entry e) {
        SlotList list = lists[slot];
        if (list == null) {
            list = lists[slot] = new SlotList();
        }
        int before = list.length;
        list.add(e);
        size++;
        count(slot, list.length - before);
    }

    void remove(int slot, Entry e) {
        SlotList list = lists[slot];
        size--;
        int before = list.length;
        list.remove(e);
        count(slot, list.length - before);
    }

    void clear() {
        Arrays.fill(lists, null);
        Arrays.fill(tree, 0);
        places = 0;
        size = 0;
    }

    /** A uniformly random entry; there must be one. Holes are at most half of the places, so few draws are needed. */
    Entry random() {
        while (true) {
            Entry e = at(ThreadLocalRandom.current().nextInt(places));
            if (e != null) {
                return e;
            }
        }
    }

    /** Fills {@code out} with the entries from a random one on (wrapping around), at most all of them; returns how many. */
    int fromRandom(Entry[] out) {
        int taken = Math.min(out.length, size);
        if (taken == 0) {
            return 0;
        }
        Entry e = random();
        int slot = KeySlot.of(e.key.bytes());
        int index = e.slotIndex;
        for (int n = 0; n < taken; index++) {
            while (lists[slot] == null || index >= lists[slot].length) {
                slot = (slot + 1) % KeySlot.SLOTS;
                index = 0;
            }
            Entry next = lists[slot].entries[index];
            if (next != null) {
                out[n++] = next;
            }
        }
        return taken;
    }

    /**
     * One SCAN step: hands {@code visitor} about {@code count} entries from the cursor on, and
     * returns the cursor to continue from (0 at the end). A cursor is a slot in its low 14 bits
     * and a sequence number in that slot above them; 0 starts. Entries present from the first
     * call to the last are all visited: the entries of a slot keep their order, and a slot that
     * empties meanwhile held none of them when it restarts its numbering.
     */
    long scan(long cursor, long count, Consumer<Entry> visitor) {
        int slot = (int) (cursor & (KeySlot.SLOTS - 1));
        long seq = cursor >>> SLOT_BITS;
        long holesLeft = count > Long.MAX_VALUE / HOLES_PER_KEY ? Long.MAX_VALUE : count * HOLES_PER_KEY;
        long visited = 0;
        while (true) {
            slot = nextNonEmpty(slot, seq);
            if (slot < 0) {
                return 0;
            }
            SlotList list = lists[slot];
            int index = seq > Integer.MAX_VALUE ? list.length : list.firstAtOrAfter((int) seq);
            for (; index < list.length; index++) {
                if (visited >= count || holesLeft <= 0) {
                    return ((long) list.seqs[index] << SLOT_BITS) | slot;
                }
                Entry e = list.entries[index];
                if (e == null) {
                    holesLeft--;
                } else {
                    visitor.accept(e);
                    visited++;
                }
            }
            slot++;
            seq = 0;
            if (slot == KeySlot.SLOTS) {
                return 0;
            }
        }
    }

    /** {@code slot} itself when it has places at {@code seq} or later, else the next slot with any; -1 when none. */
    private int nextNonEmpty(int slot, long seq) {
        SlotList list = lists[slot];
        if (list != null && list.length > 0 && (seq == 0 || seq <= list.seqs[list.length - 1])) {
            return slot;
        }
        int before = prefix(slot + 1);
        return before >= places ? -1 : slotOf(before);
    }

    /** The entry, or hole (null), at a place in the order of slots then lists: {@code place} from 0 to the places. */
    private Entry at(int place) {
        int slot = slotOf(place);
        return lists[slot].entries[place - prefix(slot)];
    }

    private int slotOf(int place) {
        int slot = 0;
        int left = place;
        for (int step = Integer.highestOneBit(KeySlot.SLOTS); step > 0; step >>= 1) {
            int next = slot + step;
            if (next <= KeySlot.SLOTS && tree[next] <= left) {
                slot = next;
                left -= tree[next];
            }
        }
        return slot;
    }

    /** Places in the slots before {@code slots}. */
    private int prefix(int slots) {
        int sum = 0;
        for (int i = slots; i > 0; i -= i & -i) {
            sum += tree[i];
        }
        return sum;
    }

    private void count(int slot, int delta) {
        places += delta;
        for (int i = slot + 1; i <= KeySlot.SLOTS; i += i & -i) {
            tree[i] += delta;
        }
    }

    /** One slot's entries in insertion order with holes, and their sequence numbers (increasing). */
    private static final class SlotList {
        private static final int COMPACT_FROM = 16;

        Entry[] entries = new Entry[4];
        int[] seqs = new int[4];
        int length;
        private int holes;
        private int nextSeq;

        void add(Entry e) {
            if (length == entries.length || nextSeq == Integer.MAX_VALUE) {
                makeRoom();
            }
            entries[length] = e;
            seqs[length] = nextSeq++;
            e.slotIndex = length++;
        }

        void remove(Entry e) {
            entries[e.slotIndex] = null;
            holes++;
            if (holes == length) {
                // Empty: no cursor can name a key here any more, so the numbering starts again.
                Arrays.fill(entries, 0, length, null);
                length = 0;
                holes = 0;
                nextSeq = 0;
            } else if (length >= COMPACT_FROM && holes > length - holes) {
                compact();
            }
        }

        int firstAtOrAfter(int seq) {
            int found = Arrays.binarySearch(seqs, 0, length, seq);
            return found >= 0 ? found : -found - 1;
        }

        private void makeRoom() {
            if (holes * 4 >= length) {
                compact();
            }
            if (nextSeq == Integer.MAX_VALUE) {
                // Two billion insertions into one slot: renumber, which that slot's cursors then outlive imperfectly.
                for (int i = 0; i < length; i++) {
                    seqs[i] = i;
                }
                nextSeq = length;
            }
            if (length == entries.length) {
                int capacity = entries.length + (entries.length >> 1) + 1;
                entries = Arrays.copyOf(entries, capacity);
                seqs = Arrays.copyOf(seqs, capacity);
            }
        }

        /** Closes the holes, keeping the order and the sequence numbers. */
        private void compact() {
            int kept = 0;
            for (int i = 0; i < length; i++) {
                Entry e = entries[i];
                if (e != null) {
                    entries[kept] = e;
                    seqs[kept] = seqs[i];
                    e.slotIndex = kept++;
                }
            }
            Arrays.fill(entries, kept, length, null);
            length = kept;
            holes = 0;
            if (entries.length > 16 && length < entries.length / 4) {
                entries = Arrays.copyOf(entries, entries.length / 2);
                seqs = Arrays.copyOf(seqs, seqs.length / 2);
            }
        }
    }
}
