package dev.embeddedcluster.keyspace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Every stored entry of a keyspace in a dense list per slot, with a Fenwick tree of the slots'
 * counts: a uniformly random entry, and the entries that follow it, come in constant time
 * (about log2 of 16,384 steps), whatever the number of keys or how they spread over slots.
 * Node thread only.
 */
final class SlotEntries {
    @SuppressWarnings("unchecked")
    private final ArrayList<Entry>[] lists = new ArrayList[KeySlot.SLOTS];
    /** Fenwick tree over the lists' sizes, 1-based. */
    private final int[] tree = new int[KeySlot.SLOTS + 1];
    private int size;

    void add(int slot, Entry e) {
        ArrayList<Entry> list = lists[slot];
        if (list == null) {
            list = lists[slot] = new ArrayList<>(4);
        }
        e.slotIndex = list.size();
        list.add(e);
        count(slot, 1);
    }

    void remove(int slot, Entry e) {
        ArrayList<Entry> list = lists[slot];
        Entry last = list.remove(list.size() - 1);
        if (last != e) {
            list.set(e.slotIndex, last);
            last.slotIndex = e.slotIndex;
        }
        count(slot, -1);
    }

    void clear() {
        Arrays.fill(lists, null);
        Arrays.fill(tree, 0);
        size = 0;
    }

    /** The entry at a place in the order of slots then lists: {@code place} from 0 to the size. */
    Entry at(int place) {
        int slot = 0;
        int left = place;
        for (int step = Integer.highestOneBit(KeySlot.SLOTS); step > 0; step >>= 1) {
            int next = slot + step;
            if (next <= KeySlot.SLOTS && tree[next] <= left) {
                slot = next;
                left -= tree[next];
            }
        }
        return lists[slot].get(left);
    }

    /** A random place, for {@link #at}; there must be an entry. */
    int randomPlace() {
        return ThreadLocalRandom.current().nextInt(size);
    }

    /** Fills {@code out} with the entries from {@code place} on (wrapping around), at most all of them; returns how many. */
    int from(int place, Entry[] out) {
        int taken = Math.min(out.length, size);
        Entry e = at(place);
        int slot = KeySlot.of(e.key.bytes());
        int index = e.slotIndex;
        for (int n = 0; n < taken; n++) {
            while (lists[slot] == null || index >= lists[slot].size()) {
                slot = (slot + 1) % KeySlot.SLOTS;
                index = 0;
            }
            out[n] = lists[slot].get(index++);
        }
        return taken;
    }

    private void count(int slot, int delta) {
        size += delta;
        for (int i = slot + 1; i <= KeySlot.SLOTS; i += i & -i) {
            tree[i] += delta;
        }
    }
}
