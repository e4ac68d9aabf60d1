package dev.embeddedcluster.keyspace;

import java.util.ArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The entries that have a TTL, in a dense list (each knows its place), so that eviction's
 * volatile policies sample them in time proportional to the sample. Node thread only.
 */
final class VolatileEntries {
    private final ArrayList<Entry> list = new ArrayList<>();

    int size() {
        return list.size();
    }

    void add(Entry e) {
        e.volatileIndex = list.size();
        list.add(e);
    }

    void remove(Entry e) {
        Entry last = list.remove(list.size() - 1);
        if (last != e) {
            list.set(e.volatileIndex, last);
            last.volatileIndex = e.volatileIndex;
        }
    }

    void clear() {
        list.clear();
        list.trimToSize();
    }

    /** Fills {@code out} with neighbouring entries from a random one on (wrapping around), all of them at most; returns how many. */
    int sample(Entry[] out) {
        int taken = Math.min(out.length, list.size());
        if (taken == 0) {
            return 0;
        }
        int place = ThreadLocalRandom.current().nextInt(list.size());
        for (int n = 0; n < taken; n++) {
            out[n] = list.get((place + n) % list.size());
        }
        return taken;
    }
}
