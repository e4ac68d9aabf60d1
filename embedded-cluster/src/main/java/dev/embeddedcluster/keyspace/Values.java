package dev.embeddedcluster.keyspace;

import dev.embeddedcluster.keyspace.stream.StreamValue;

/** What every value type shares beyond its own class. */
public final class Values {
    private Values() {
    }

    /** An independent copy of a value (COPY, a snapshot); strings are immutable and shared. */
    public static Object copy(Object value) {
        if (value instanceof HashValue hash) {
            return hash.copy();
        }
        if (value instanceof SetValue set) {
            return set.copy();
        }
        if (value instanceof ListValue list) {
            return list.copy();
        }
        if (value instanceof SortedSetValue sortedSet) {
            return sortedSet.copy();
        }
        if (value instanceof StreamValue stream) {
            return stream.copy();
        }
        return value;
    }

    /** An independent copy that follows {@code limits}, the thresholds of the node it goes to. */
    public static Object copy(Object value, EncodingLimits limits) {
        if (value instanceof HashValue hash) {
            return hash.copy(limits);
        }
        if (value instanceof SetValue set) {
            return set.copy(limits);
        }
        if (value instanceof ListValue list) {
            return list.copy();
        }
        if (value instanceof SortedSetValue sortedSet) {
            return sortedSet.copy(limits);
        }
        if (value instanceof StreamValue stream) {
            return stream.copy(limits);
        }
        return value;
    }
}
