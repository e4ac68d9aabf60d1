package dev.embeddedcluster.command.stats;

import dev.embeddedcluster.keyspace.HashValue;
import dev.embeddedcluster.keyspace.ListValue;
import dev.embeddedcluster.keyspace.ListpackSize;
import dev.embeddedcluster.keyspace.SetValue;
import dev.embeddedcluster.keyspace.SortedSetValue;
import dev.embeddedcluster.keyspace.stream.ConsumerGroup;
import dev.embeddedcluster.keyspace.stream.StreamValue;

/**
 * Which values Redis frees in the background (and counts in lazyfreed_objects) when UNLINK
 * removes them: those whose freeing takes more than 64 allocations to undo, counted as Redis
 * counts them: a hash table's or skip list's elements, a list's quicklist nodes of 8 KB, a
 * stream's radix tree nodes and its groups with their pending entries. Compact encodings and
 * strings are one allocation.
 */
public final class LazyFree {
    private static final int THRESHOLD = 64;
    private static final int QUICKLIST_NODE_BYTES = 8192;

    private LazyFree() {
    }

    /** Whether UNLINK frees this value in the background. */
    public static boolean inBackground(Object value) {
        return effort(value) > THRESHOLD;
    }

    static long effort(Object value) {
        if (value instanceof HashValue hash) {
            return hash.encoding().equals("hashtable") ? hash.size() : 1;
        }
        if (value instanceof SetValue set) {
            return set.encoding().equals("hashtable") ? set.size() : 1;
        }
        if (value instanceof SortedSetValue sortedSet) {
            return sortedSet.encoding().equals("skiplist") ? sortedSet.size() : 1;
        }
        if (value instanceof ListValue list) {
            long bytes = 0;
            for (int i = 0; i < list.size() && bytes <= (long) THRESHOLD * QUICKLIST_NODE_BYTES; i++) {
                bytes += ListpackSize.of(list.get(i));
            }
            return Math.max(1, (bytes + QUICKLIST_NODE_BYTES - 1) / QUICKLIST_NODE_BYTES);
        }
        if (value instanceof StreamValue stream) {
            long effort = stream.nodeCount();
            if (!stream.groups().isEmpty()) {
                ConsumerGroup first = stream.groups().firstEntry().getValue();
                effort += stream.groups().size() * (1L + first.pending().size());
            }
            return effort;
        }
        return 1;
    }
}
