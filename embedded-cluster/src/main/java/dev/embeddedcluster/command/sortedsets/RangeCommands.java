package dev.embeddedcluster.command.sortedsets;

import dev.embeddedcluster.command.CommandHandler;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.command.notifications.EventClass;
import dev.embeddedcluster.keyspace.ScoreSkipList.Node;
import dev.embeddedcluster.keyspace.SortedSetValue;
import dev.embeddedcluster.util.RedisNumbers;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The sorted set commands over ranges of positions, scores or members: the ZRANGE family (one
 * parser, as in Redis, so the legacy forms accept exactly what they do there), ZRANGESTORE,
 * ZCOUNT, ZLEXCOUNT and ZREMRANGEBY*.
 */
final class RangeCommands {
    private RangeCommands() {
    }

    /** What a range is made of. */
    enum By { RANK, SCORE, LEX }

    static void register(BiConsumer<String, CommandHandler> registry) {
        registry.accept("zrange", r -> range(r, 1, null, null, null));
        registry.accept("zrangestore", r -> range(r, 2, r.arg(1), null, null));
        registry.accept("zrevrange", r -> range(r, 1, null, By.RANK, true));
        registry.accept("zrangebyscore", r -> range(r, 1, null, By.SCORE, false));
        registry.accept("zrevrangebyscore", r -> range(r, 1, null, By.SCORE, true));
        registry.accept("zrangebylex", r -> range(r, 1, null, By.LEX, false));
        registry.accept("zrevrangebylex", r -> range(r, 1, null, By.LEX, true));
        registry.accept("zcount", r -> count(r, By.SCORE));
        registry.accept("zlexcount", r -> count(r, By.LEX));
        registry.accept("zremrangebyrank", r -> removeRange(r, By.RANK));
        registry.accept("zremrangebyscore", r -> removeRange(r, By.SCORE));
        registry.accept("zremrangebylex", r -> removeRange(r, By.LEX));
    }

    /**
     * Every form of ZRANGE. {@code by} and {@code reverse} are fixed by the legacy commands and
     * null (chosen by BYSCORE, BYLEX, REV) for ZRANGE and ZRANGESTORE; a non-null
     * {@code destination} stores the result instead of replying it.
     */
    private static void range(Request r, int keyIndex, byte[] destination, By by, Boolean reverse) {
        boolean withScores = false;
        long offset = 0;
        long limit = -1;
        for (int j = keyIndex + 3; j < r.argc(); j++) {
            int left = r.argc() - j - 1;
            if (destination == null && r.is(j, "withscores")) {
                withScores = true;
            } else if (r.is(j, "limit") && left >= 2) {
                Long parsedOffset = RedisNumbers.parseLong(r.arg(j + 1));
                Long parsedLimit = parsedOffset == null ? null : RedisNumbers.parseLong(r.arg(j + 2));
                if (parsedLimit == null) {
                    r.reply().error(Errors.NOT_INTEGER);
                    return;
                }
                offset = parsedOffset;
                limit = parsedLimit;
                j += 2;
            } else if (reverse == null && r.is(j, "rev")) {
                reverse = true;
            } else if (by == null && r.is(j, "bylex")) {
                by = By.LEX;
            } else if (by == null && r.is(j, "byscore")) {
                by = By.SCORE;
            } else {
                r.reply().error(Errors.SYNTAX);
                return;
            }
        }
        boolean rev = reverse != null && reverse;
        By kind = by == null ? By.RANK : by;
        if (limit != -1 && kind == By.RANK) {
            r.reply().error(Errors.LIMIT_WITHOUT_BY);
            return;
        }
        if (withScores && kind == By.LEX) {
            r.reply().error(Errors.WITHSCORES_WITH_BYLEX);
            return;
        }
        // The reverse forms take the range as max, min.
        int minIndex = rev && kind != By.RANK ? keyIndex + 2 : keyIndex + 1;
        int maxIndex = rev && kind != By.RANK ? keyIndex + 1 : keyIndex + 2;
        RangeQuery query = RangeQuery.parse(r, kind, minIndex, maxIndex);
        if (query == null) {
            return;
        }
        SortedSetValue set = SortedSetCommands.read(r, r.arg(keyIndex));
        if (set == SortedSetCommands.WRONG_TYPE) {
            return;
        }
        List<Node> found = set == null ? List.of() : query.select(set, rev, offset, limit);
        if (destination != null) {
            Results.store(r, destination, Results.of(found, r.keyspace().limits()), "zrangestore", false);
        } else {
            Results.reply(r.reply(), found, withScores);
        }
    }

    private static void count(Request r, By by) {
        RangeQuery query = RangeQuery.parse(r, by, 2, 3);
        if (query == null) {
            return;
        }
        SortedSetValue set = SortedSetCommands.read(r, r.arg(1));
        if (set != SortedSetCommands.WRONG_TYPE) {
            r.reply().integer(set == null ? 0 : query.count(set));
        }
    }

    private static void removeRange(Request r, By by) {
        RangeQuery query = RangeQuery.parse(r, by, 2, 3);
        if (query == null) {
            return;
        }
        SortedSetValue set = SortedSetCommands.readForWrite(r, r.arg(1));
        if (set == SortedSetCommands.WRONG_TYPE) {
            return;
        }
        if (set == null) {
            r.reply().integer(0);
            return;
        }
        List<byte[]> members = new ArrayList<>();
        for (Node node : query.select(set, false, 0, -1)) {
            members.add(node.member());
        }
        members.forEach(set::remove);
        if (set.isEmpty()) {
            r.keyspace().delete(r.arg(1));
        }
        if (!members.isEmpty()) {
            r.propagateChanges(members.size());
            r.notify(EventClass.ZSET, by == By.RANK ? "zremrangebyrank" : by == By.SCORE ? "zremrangebyscore"
                    : "zremrangebylex", r.arg(1));
            if (set.isEmpty()) {
                r.notify(EventClass.GENERIC, "del", r.arg(1));
            }
        }
        r.reply().integer(members.size());
    }
}
