package dev.embeddedcluster.keyspace;

import dev.embeddedcluster.util.RedisNumbers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * A set's members. While every member is an integer and there are at most set-max-intset-entries of them, Redis
 * keeps the set as a sorted intset, and so it reports and iterates it here; beyond that it is a
 * hashtable for good, iterated here in insertion order (Redis's own order is its hash table's).
 * Node thread only; a replica holds its own copy. Scans keep their guarantees through changes
 * ({@link PositionedMap}).
 */
public final class SetValue {
    private final EncodingLimits limits;
    private final PositionedMap<Long> members;
    private boolean hashtable;

    /** An empty set whose encoding follows the node's set-max-intset-entries. */
    public SetValue(EncodingLimits limits) {
        this(limits, new PositionedMap<>(), false);
    }

    private SetValue(EncodingLimits limits, PositionedMap<Long> members, boolean hashtable) {
        this.limits = limits;
        this.members = members;
        this.hashtable = hashtable;
    }

    /** Adds a member; true when it is new. */
    public boolean add(byte[] member) {
        Long integer = hashtable ? null : RedisNumbers.parseLong(member);
        boolean added = members.put(member, integer);
        if (!hashtable && (integer == null || members.size() > limits.setMaxIntsetEntries())) {
            hashtable = true;
        }
        return added;
    }

    public boolean remove(byte[] member) {
        return members.remove(member);
    }

    public boolean contains(byte[] member) {
        return members.contains(member);
    }

    public int size() {
        return members.size();
    }

    public boolean isEmpty() {
        return members.size() == 0;
    }

    /** Whether Redis would keep this set as an intset (and scan it in one call). */
    public boolean isIntset() {
        return !hashtable;
    }

    public String encoding() {
        return hashtable ? "hashtable" : "intset";
    }

    /** The members in the set's order: ascending numbers for an intset. */
    public List<byte[]> members() {
        List<byte[]> list = new ArrayList<>(members.size());
        if (hashtable) {
            members.forEach((member, integer) -> list.add(member));
            return list;
        }
        List<Object[]> numbered = new ArrayList<>(members.size());
        members.forEach((member, integer) -> numbered.add(new Object[] {integer, member}));
        numbered.sort(Comparator.comparingLong(e -> (Long) e[0]));
        numbered.forEach(e -> list.add((byte[]) e[1]));
        return list;
    }

    /** Up to {@code count} members after {@code cursor} (0 to start); returns the next cursor, 0 when done. */
    public long scan(long cursor, long count, Consumer<byte[]> action) {
        return members.scan(cursor, count, (member, integer) -> action.accept(member));
    }

    /** An independent copy (COPY). */
    public SetValue copy() {
        return copy(limits);
    }

    /** A copy that follows another node's thresholds from now on (a value loaded once, put on several nodes). */
    public SetValue copy(EncodingLimits limits) {
        return new SetValue(limits, members.copy(), hashtable);
    }
}
