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
    /** The members, with no values. */
    private final PositionedMap<Object> members;
    private boolean hashtable;

    /** An empty set whose encoding follows the node's set-max-intset-entries. */
    public SetValue(EncodingLimits limits) {
        this(limits, new PositionedMap<>(), false);
    }

    private SetValue(EncodingLimits limits, PositionedMap<Object> members, boolean hashtable) {
        this.limits = limits;
        this.members = members;
        this.hashtable = hashtable;
    }

    /** Adds a member; true when it is new. */
    public boolean add(byte[] member) {
        boolean added = members.put(member, null);
        if (!hashtable && (RedisNumbers.parseLong(member) == null || members.size() > limits.setMaxIntsetEntries())) {
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
        members.forEach((member, none) -> list.add(member));
        list.sort(Comparator.comparingLong(RedisNumbers::parseLong));
        return list;
    }

    /** A random member of a non-empty set, in constant time. */
    public byte[] randomMember() {
        return members.keyAt(members.randomSlot());
    }

    /** {@code count} distinct random members, {@code count} being below the size, in time proportional to it. */
    public List<byte[]> randomMembers(int count) {
        int[] slots = members.distinctRandomSlots(count);
        List<byte[]> chosen = new ArrayList<>(count);
        for (int slot : slots) {
            chosen.add(members.keyAt(slot));
        }
        return chosen;
    }

    /** Up to {@code count} members after {@code cursor} (0 to start); returns the next cursor, 0 when done. */
    public long scan(long cursor, long count, Consumer<byte[]> action) {
        return members.scan(cursor, count, (member, none) -> action.accept(member));
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
