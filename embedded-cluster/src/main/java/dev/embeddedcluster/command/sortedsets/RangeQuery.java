package dev.embeddedcluster.command.sortedsets;

import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.keyspace.LexRange;
import dev.embeddedcluster.keyspace.ScoreRange;
import dev.embeddedcluster.keyspace.ScoreSkipList.Node;
import dev.embeddedcluster.keyspace.SortedSetValue;
import dev.embeddedcluster.util.RedisNumbers;
import dev.embeddedcluster.util.Strtod;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A range of positions, scores or members, as parsed from two arguments, and the elements it selects. */
final class RangeQuery {
    private final RangeCommands.By by;
    private final long start;
    private final long end;
    private final ScoreRange scores;
    private final LexRange members;

    private RangeQuery(RangeCommands.By by, long start, long end, ScoreRange scores, LexRange members) {
        this.by = by;
        this.start = start;
        this.end = end;
        this.scores = scores;
        this.members = members;
    }

    /** Reads the bounds at the two indexes; null after replying the error Redis gives for the kind. */
    static RangeQuery parse(Request r, RangeCommands.By by, int minIndex, int maxIndex) {
        switch (by) {
            case RANK -> {
                Long start = RedisNumbers.parseLong(r.arg(minIndex));
                Long end = start == null ? null : RedisNumbers.parseLong(r.arg(maxIndex));
                if (end == null) {
                    r.reply().error(Errors.NOT_INTEGER);
                    return null;
                }
                return new RangeQuery(by, start, end, null, null);
            }
            case SCORE -> {
                ScoreRange range = scoreRange(r.arg(minIndex), r.arg(maxIndex));
                if (range == null) {
                    r.reply().error(Errors.MIN_MAX_NOT_FLOAT);
                    return null;
                }
                return new RangeQuery(by, 0, 0, range, null);
            }
            default -> {
                LexRange range = lexRange(r.arg(minIndex), r.arg(maxIndex));
                if (range == null) {
                    r.reply().error(Errors.MIN_MAX_NOT_LEX);
                    return null;
                }
                return new RangeQuery(by, 0, 0, null, range);
            }
        }
    }

    /** "1.5" is inclusive, "(1.5" exclusive; null when a bound is not a float. */
    private static ScoreRange scoreRange(byte[] min, byte[] max) {
        boolean minExclusive = min.length > 0 && min[0] == '(';
        boolean maxExclusive = max.length > 0 && max[0] == '(';
        Double low = Strtod.parseBound(min, minExclusive ? 1 : 0);
        Double high = Strtod.parseBound(max, maxExclusive ? 1 : 0);
        return low == null || high == null ? null : new ScoreRange(low, minExclusive, high, maxExclusive);
    }

    /** "[a" inclusive, "(a" exclusive, "-" and "+" the open ends; null for anything else. */
    private static LexRange lexRange(byte[] min, byte[] max) {
        byte[] low = lexBound(min);
        byte[] high = lexBound(max);
        if (low == null || high == null) {
            return null;
        }
        return new LexRange(low, min[0] != '[', high, max[0] != '[');
    }

    private static byte[] lexBound(byte[] item) {
        if (item.length == 0) {
            return null;
        }
        return switch (item[0]) {
            case '+' -> item.length == 1 ? LexRange.ABOVE_ALL : null;
            case '-' -> item.length == 1 ? LexRange.BELOW_ALL : null;
            case '(', '[' -> Arrays.copyOfRange(item, 1, item.length);
            default -> null;
        };
    }

    /**
     * The elements in range, lowest first or (reverse) highest first. For scores and members,
     * {@code offset} elements are skipped and at most {@code limit} returned (negative: no
     * limit); a negative offset selects nothing, as Redis's loop over it does.
     */
    List<Node> select(SortedSetValue set, boolean reverse, long offset, long limit) {
        List<Node> found = new ArrayList<>();
        if (by == RangeCommands.By.RANK) {
            selectRanks(set, reverse, found);
            return found;
        }
        if (offset > 0 && offset >= set.size()) {
            return found;
        }
        Node node = reverse ? last(set) : first(set);
        while (node != null && offset-- != 0) {
            node = reverse ? node.previous() : node.next();
        }
        while (node != null && limit-- != 0) {
            if (reverse ? !aboveMin(node) : !belowMax(node)) {
                break;
            }
            found.add(node);
            node = reverse ? node.previous() : node.next();
        }
        return found;
    }

    private void selectRanks(SortedSetValue set, boolean reverse, List<Node> found) {
        long length = set.size();
        long from = start < 0 ? length + start : start;
        long to = end < 0 ? length + end : end;
        if (from < 0) {
            from = 0;
        }
        if (from > to || from >= length) {
            return;
        }
        if (to >= length) {
            to = length - 1;
        }
        Node node = set.byRank(reverse ? length - 1 - from : from);
        for (long i = from; i <= to; i++) {
            found.add(node);
            node = reverse ? node.previous() : node.next();
        }
    }

    /** How many elements the range holds (ZCOUNT, ZLEXCOUNT). */
    long count(SortedSetValue set) {
        return scores != null ? set.countIn(scores) : set.countIn(members);
    }

    private Node first(SortedSetValue set) {
        return scores != null ? set.firstIn(scores) : set.firstIn(members);
    }

    private Node last(SortedSetValue set) {
        return scores != null ? set.lastIn(scores) : set.lastIn(members);
    }

    private boolean aboveMin(Node node) {
        return scores != null ? scores.aboveMin(node.score()) : members.aboveMin(node.member());
    }

    private boolean belowMax(Node node) {
        return scores != null ? scores.belowMax(node.score()) : members.belowMax(node.member());
    }
}
