package dev.embeddedcluster.command.sortedsets;

import dev.embeddedcluster.command.CommandHandler;
import dev.embeddedcluster.command.CommandTable;
import dev.embeddedcluster.command.ElementRemoval;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.RandomSample;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.command.ScanOptions;
import dev.embeddedcluster.command.TypedRead;
import dev.embeddedcluster.command.notifications.EventClass;
import dev.embeddedcluster.keyspace.ScoreSkipList;
import dev.embeddedcluster.keyspace.SortedSetValue;
import dev.embeddedcluster.resp.RedisDoubles;
import dev.embeddedcluster.util.Strtod;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The sorted set commands that read or change single members (Redis's t_zset.c); ranges, set
 * algebra and pops have classes of their own.
 */
public final class SortedSetCommands {
    private SortedSetCommands() {
    }

    public static void register(BiConsumer<String, CommandHandler> registry) {
        registry.accept("zadd", SortedSetCommands::add);
        registry.accept("zincrby", SortedSetCommands::add);
        registry.accept("zrem", SortedSetCommands::remove);
        registry.accept("zcard", SortedSetCommands::cardinality);
        registry.accept("zscore", SortedSetCommands::score);
        registry.accept("zmscore", SortedSetCommands::scores);
        registry.accept("zrank", r -> rank(r, false));
        registry.accept("zrevrank", r -> rank(r, true));
        registry.accept("zrandmember", SortedSetCommands::randomMembers);
        registry.accept("zscan", SortedSetCommands::scan);
        RangeCommands.register(registry);
        AlgebraCommands.register(registry);
        PopCommands.register(registry);
    }

    /** Marks "the key holds another type; WRONGTYPE was replied". */
    public static final SortedSetValue WRONG_TYPE = new SortedSetValue(new dev.embeddedcluster.keyspace.EncodingLimits());

    /** The sorted set at a key: null when absent, {@link #WRONG_TYPE} after replying the error. */
    public static SortedSetValue read(Request r, byte[] key) {
        return TypedRead.read(r, key, SortedSetValue.class, WRONG_TYPE);
    }

    /** The same for a command that writes the sorted set (no key miss reported). */
    public static SortedSetValue readForWrite(Request r, byte[] key) {
        return TypedRead.forWrite(r, key, SortedSetValue.class, WRONG_TYPE);
    }

    /**
     * ZADD and ZINCRBY, which Redis runs as one command: ZINCRBY is ZADD with INCR set (so it
     * also reads options before its increment, as Redis does).
     */
    private static void add(Request r) {
        ZaddOptions options = ZaddOptions.parse(r, r.is(0, "zincrby"));
        if (options == null) {
            return;
        }
        int pairs = (r.argc() - options.firstScore()) / 2;
        double[] scores = new double[pairs];
        for (int j = 0; j < pairs; j++) {
            Double score = Strtod.parseStrict(r.arg(options.firstScore() + 2 * j));
            if (score == null) {
                r.reply().error(Errors.NOT_FLOAT);
                return;
            }
            scores[j] = score;
        }
        byte[] key = r.arg(1);
        SortedSetValue set = readForWrite(r, key);
        if (set == WRONG_TYPE) {
            return;
        }
        if (set == null) {
            if (options.xx()) {
                replyAdd(r, options, 0, false, 0);
                return;
            }
            set = new SortedSetValue(r.keyspace().limits());
            r.keyspace().put(key, set);
            r.node().blockedPops().keyCreated(key);
        }
        int changed = 0;
        int added = 0;
        boolean processed = false;
        double last = 0;
        for (int j = 0; j < pairs; j++) {
            byte[] member = r.arg(options.firstScore() + 2 * j + 1);
            Double current = set.score(member);
            double score = scores[j];
            if (current == null) {
                if (options.xx()) {
                    continue;
                }
                set.put(member, score);
                added++;
                processed = true;
                last = score;
                continue;
            }
            if (options.nx()) {
                continue;
            }
            if (options.incr()) {
                score += current;
                if (Double.isNaN(score)) {
                    r.reply().error(Errors.SCORE_NAN);
                    return;
                }
            }
            if ((options.lt() && score >= current) || (options.gt() && score <= current)) {
                continue;
            }
            processed = true;
            last = score;
            if (score != current) {
                set.put(member, score);
                changed++;
            }
        }
        if (added + changed > 0) {
            r.propagateChanges(added + changed);
        }
        replyAdd(r, options, options.ch() ? added + changed : added, processed, last);
        if (added + changed > 0) {
            r.notify(EventClass.ZSET, options.incr() ? "zincr" : "zadd", key);
        }
    }

    /**
     * Runs ZADD on arguments another command built (GEOADD's rewrite), which become the
     * request's own as in Redis: the reply and what replicas receive are then ZADD's.
     */
    public static void addRewritten(Request r, byte[][] zaddArguments) {
        r.bind(CommandTable.standard().lookupFullName("zadd"), zaddArguments);
        add(r);
    }

    private static void replyAdd(Request r, ZaddOptions options, int count, boolean processed, double score) {
        if (!options.incr()) {
            r.reply().integer(count);
        } else if (processed) {
            r.reply().doubleValue(score);
        } else {
            r.reply().nullBulk();
        }
    }

    private static void remove(Request r) {
        SortedSetValue set = readForWrite(r, r.arg(1));
        if (set == null) {
            r.reply().integer(0);
        } else if (set != WRONG_TYPE) {
            ElementRemoval.removeNamedElements(r, set::remove, set::isEmpty, EventClass.ZSET, "zrem");
        }
    }

    private static void cardinality(Request r) {
        SortedSetValue set = read(r, r.arg(1));
        if (set != WRONG_TYPE) {
            r.reply().integer(set == null ? 0 : set.size());
        }
    }

    private static void score(Request r) {
        SortedSetValue set = read(r, r.arg(1));
        if (set != WRONG_TYPE) {
            replyScore(r, set == null ? null : set.score(r.arg(2)));
        }
    }

    private static void scores(Request r) {
        SortedSetValue set = read(r, r.arg(1));
        if (set == WRONG_TYPE) {
            return;
        }
        r.reply().arrayHeader(r.argc() - 2);
        for (int i = 2; i < r.argc(); i++) {
            replyScore(r, set == null ? null : set.score(r.arg(i)));
        }
    }

    private static void replyScore(Request r, Double score) {
        if (score == null) {
            r.reply().nullBulk();
        } else {
            r.reply().doubleValue(score);
        }
    }

    private static void rank(Request r, boolean reverse) {
        SortedSetValue set = read(r, r.arg(1));
        if (set == WRONG_TYPE) {
            return;
        }
        long rank = set == null ? -1 : set.rank(r.arg(2), reverse);
        if (rank < 0) {
            r.reply().nullBulk();
        } else {
            r.reply().integer(rank);
        }
    }

    private static void randomMembers(Request r) {
        if (r.argc() == 2) {
            SortedSetValue set = read(r, r.arg(1));
            if (set != WRONG_TYPE) {
                r.reply().bulk(set == null ? null : set.randomNode().member());
            }
            return;
        }
        RandomSample.CountArgument argument = RandomSample.countArgument(r, "withscores");
        if (argument == null) {
            return;
        }
        SortedSetValue set = read(r, r.arg(1));
        if (set == WRONG_TYPE) {
            return;
        }
        if (set == null || argument.count() == 0) {
            r.reply().arrayHeader(0);
            return;
        }
        List<ScoreSkipList.Node> chosen = RandomSample.of(
                new RandomSample.Source<>(set.size(), set::randomNode, set::randomNodes, () -> nodes(set)), argument.count());
        Results.reply(r.reply(), chosen, argument.withValues());
    }

    /**
     * Every element, highest first: the order Redis's set-operation iterator walks a sorted set
     * in, which is what ZRANDMEMBER replies when the count covers the whole set.
     */
    private static List<ScoreSkipList.Node> nodes(SortedSetValue set) {
        List<ScoreSkipList.Node> nodes = new ArrayList<>(set.size());
        for (ScoreSkipList.Node n = set.last(); n != null; n = n.previous()) {
            nodes.add(n);
        }
        return nodes;
    }

    /**
     * ZSCAN: a listpack set in one reply with cursor 0, in order, as Redis does; a larger one in
     * steps of COUNT members. Scores come as Redis writes them into a listpack ("3", not "3.0").
     */
    private static void scan(Request r) {
        ScanOptions.KeyScan<SortedSetValue> scan =
                ScanOptions.startKeyScan(r, request -> read(request, request.arg(1)), WRONG_TYPE);
        if (scan == null) {
            return;
        }
        SortedSetValue set = scan.value();
        ScanOptions options = scan.options();
        List<byte[]> found = new ArrayList<>();
        BiConsumer<byte[], Double> collect = (member, score) -> {
            if (options.matches(member)) {
                found.add(member);
                found.add(RedisDoubles.formatCompact(score).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
        };
        long next = 0;
        if (set.isListpack()) {
            for (ScoreSkipList.Node n = set.first(); n != null; n = n.next()) {
                collect.accept(n.member(), n.score());
            }
        } else {
            next = set.scan(scan.cursor(), options.count(), collect);
        }
        ScanOptions.reply(r.reply(), next, found);
    }
}
