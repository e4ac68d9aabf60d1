package dev.embeddedcluster.keyspace;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * A sorted set: each member's score by member, and the members in (score, member) order in a
 * {@link ScoreSkipList}. Redis keeps a set of at most zset-max-listpack-entries members of at
 * most zset-max-listpack-value bytes as a listpack and anything larger as a skiplist, for good;
 * the encoding is tracked for OBJECT ENCODING and ZSCAN (a listpack scans in one call, in order). Node thread only; scans keep
 * their guarantees through changes ({@link PositionedMap}).
 */
public final class SortedSetValue implements Container {
    private final EncodingLimits limits;
    /** Each member's node in {@link #order}, which holds its score. */
    private final PositionedMap<ScoreSkipList.Node> scores;
    private final ScoreSkipList order;
    private boolean skiplist;

    /** An empty sorted set whose encoding follows the node's zset-max-listpack-entries and -value. */
    public SortedSetValue(EncodingLimits limits) {
        this(limits, new PositionedMap<>(), new ScoreSkipList(), false);
    }

    private SortedSetValue(EncodingLimits limits, PositionedMap<ScoreSkipList.Node> scores, ScoreSkipList order,
                           boolean skiplist) {
        this.limits = limits;
        this.scores = scores;
        this.order = order;
        this.skiplist = skiplist;
    }

    /** A member's score, or null. */
    public Double score(byte[] member) {
        ScoreSkipList.Node node = scores.get(member);
        return node == null ? null : node.score();
    }

    /**
     * Adds a member or gives it a new score; true when it is new. A score equal to the current
     * one (0 and -0 included) leaves the member untouched, as in Redis. A listpack keeps
     * integral scores as integers, so -0 becomes 0 there, not in a skiplist.
     */
    public boolean put(byte[] member, double score) {
        return put(member, score, true);
    }

    /**
     * Adds a member of a set being loaded from a listpack or ziplist: Redis converts such a set
     * by its number of members only, so long members stay in the listpack.
     */
    public boolean putLoaded(byte[] member, double score) {
        return put(member, score, false);
    }

    private boolean put(byte[] member, double score, boolean limitLength) {
        int length = limitLength ? member.length : 0;
        ScoreSkipList.Node node = scores.get(member);
        Double current = node == null ? null : node.score();
        boolean listpackAfter = !skiplist && (current != null
                || (scores.size() < limits.zsetMaxListpackEntries() && length <= limits.zsetMaxListpackValue()));
        if (listpackAfter && score == 0) {
            score = 0.0;
        }
        if (current != null) {
            if (current != score) {
                order.delete(current, member);
                scores.put(member, order.insert(score, member));
            }
            return false;
        }
        scores.put(member, order.insert(score, member));
        if (scores.size() > limits.zsetMaxListpackEntries() || length > limits.zsetMaxListpackValue()) {
            skiplist = true;
        }
        return true;
    }

    public boolean remove(byte[] member) {
        ScoreSkipList.Node node = scores.get(member);
        if (node == null) {
            return false;
        }
        scores.remove(member);
        order.delete(node.score(), member);
        return true;
    }

    /** A random element of a non-empty set, in constant time. */
    public ScoreSkipList.Node randomNode() {
        return scores.valueAt(scores.randomSlot());
    }

    /** {@code count} distinct random elements, {@code count} being below the size, in time proportional to it. */
    public List<ScoreSkipList.Node> randomNodes(int count) {
        int[] slots = scores.distinctRandomSlots(count);
        List<ScoreSkipList.Node> chosen = new ArrayList<>(count);
        for (int slot : slots) {
            chosen.add(scores.valueAt(slot));
        }
        return chosen;
    }

    public int size() {
        return scores.size();
    }

    public boolean isEmpty() {
        return scores.size() == 0;
    }

    /** Whether Redis would keep this set as a listpack (and scan it in one call). */
    public boolean isListpack() {
        return !skiplist;
    }

    /** Restored from a listpack: a listpack again unless it has more members than the limit, whatever their lengths. */
    void restoredFromListpack() {
        skiplist = scores.size() > limits.zsetMaxListpackEntries();
    }

    /** Makes the set a skiplist for good, as SORT does to any sorted set it reads. */
    public void convertToSkiplist() {
        skiplist = true;
    }

    /** OBJECT ENCODING's answer. */
    public String encoding() {
        return skiplist ? "skiplist" : "listpack";
    }

    /** A member's 0-based rank, counted from the highest score when {@code reverse}; -1 when absent. */
    public long rank(byte[] member, boolean reverse) {
        ScoreSkipList.Node node = scores.get(member);
        if (node == null) {
            return -1;
        }
        long rank = order.rank(node.score(), member) - 1;
        return reverse ? size() - 1 - rank : rank;
    }

    /** The element at a 0-based ascending rank, or null. */
    public ScoreSkipList.Node byRank(long rank) {
        return order.byRank(rank + 1);
    }

    public ScoreSkipList.Node first() {
        return order.first();
    }

    public ScoreSkipList.Node last() {
        return order.last();
    }

    /** The lowest element within the range, or null. */
    public ScoreSkipList.Node firstIn(ScoreRange range) {
        if (range.isEmpty()) {
            return null;
        }
        ScoreSkipList.Node node = order.firstNotBefore(n -> !range.aboveMin(n.score()));
        return node != null && range.belowMax(node.score()) ? node : null;
    }

    /** The highest element within the range, or null. */
    public ScoreSkipList.Node lastIn(ScoreRange range) {
        if (range.isEmpty()) {
            return null;
        }
        ScoreSkipList.Node node = order.lastNotAfter(n -> range.belowMax(n.score()));
        return node != null && range.aboveMin(node.score()) ? node : null;
    }

    /*
     * Member ranges are meant for sets whose scores are all equal; on others, Redis's answer
     * depends on how it searches, so it is reproduced here: a listpack is scanned from one end,
     * a skiplist searched level by level, both after Redis's check of the two ends.
     */

    /** The first element found for the member range, or null. */
    public ScoreSkipList.Node firstIn(LexRange range) {
        if (!endsMayHold(range)) {
            return null;
        }
        if (!skiplist) {
            for (ScoreSkipList.Node n = order.first(); n != null; n = n.next()) {
                if (range.aboveMin(n.member())) {
                    return range.belowMax(n.member()) ? n : null;
                }
            }
            return null;
        }
        ScoreSkipList.Node node = order.firstNotBefore(n -> !range.aboveMin(n.member()));
        return node != null && range.belowMax(node.member()) ? node : null;
    }

    /** The last element found for the member range, or null. */
    public ScoreSkipList.Node lastIn(LexRange range) {
        if (!endsMayHold(range)) {
            return null;
        }
        if (!skiplist) {
            for (ScoreSkipList.Node n = order.last(); n != null; n = n.previous()) {
                if (range.belowMax(n.member())) {
                    return range.aboveMin(n.member()) ? n : null;
                }
            }
            return null;
        }
        ScoreSkipList.Node node = order.lastNotAfter(n -> range.belowMax(n.member()));
        return node != null && range.aboveMin(node.member()) ? node : null;
    }

    /** ZLEXCOUNT, computed as Redis computes it for the encoding. */
    public long countIn(LexRange range) {
        ScoreSkipList.Node first = firstIn(range);
        if (first == null) {
            return 0;
        }
        if (!skiplist) {
            long count = 0;
            for (ScoreSkipList.Node n = first; n != null && range.belowMax(n.member()); n = n.next()) {
                count++;
            }
            return count;
        }
        long count = size() - (order.rank(first.score(), first.member()) - 1);
        ScoreSkipList.Node last = lastIn(range);
        if (last != null) {
            count -= size() - order.rank(last.score(), last.member());
        }
        return count;
    }

    public long countIn(ScoreRange range) {
        ScoreSkipList.Node first = firstIn(range);
        ScoreSkipList.Node last = lastIn(range);
        if (first == null || last == null) {
            return 0;
        }
        return order.rank(last.score(), last.member()) - order.rank(first.score(), first.member()) + 1;
    }

    /** Redis's early exit: the range cannot be empty by itself, the last element not below it, the first not above. */
    private boolean endsMayHold(LexRange range) {
        ScoreSkipList.Node first = order.first();
        return !range.isEmpty() && first != null && range.aboveMin(order.last().member()) && range.belowMax(first.member());
    }

    /** Up to {@code count} members after {@code cursor} (0 to start) with their scores; returns the next cursor, 0 when done. */
    public long scan(long cursor, long count, BiConsumer<byte[], Double> action) {
        return scores.scan(cursor, count, (member, node) -> action.accept(member, node.score()));
    }

    /** An independent copy with the same encoding (COPY). */
    public SortedSetValue copy() {
        return copy(limits);
    }

    /** A copy that follows another node's thresholds from now on (a value loaded once, put on several nodes). */
    public SortedSetValue copy(EncodingLimits limits) {
        ScoreSkipList copiedOrder = new ScoreSkipList();
        PositionedMap<ScoreSkipList.Node> copiedScores = scores.copy(n -> copiedOrder.insert(n.score(), n.member()));
        return new SortedSetValue(limits, copiedScores, copiedOrder, skiplist);
    }
}
