package dev.embeddedcluster.command.sortedsets;

import dev.embeddedcluster.command.CommandHandler;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.Integers;
import dev.embeddedcluster.command.NodeContext;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.command.blocking.BlockingTimeout;
import dev.embeddedcluster.command.blocking.MultiPopArguments;
import dev.embeddedcluster.command.notifications.EventClass;
import dev.embeddedcluster.keyspace.ScoreSkipList;
import dev.embeddedcluster.keyspace.SortedSetValue;
import dev.embeddedcluster.resp.RespWriter;
import dev.embeddedcluster.util.Ascii;
import dev.embeddedcluster.util.RedisNumbers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * ZPOPMIN, ZPOPMAX, ZMPOP and the blocking BZPOPMIN, BZPOPMAX and BZMPOP. Every pop replicates
 * as the ZPOPMIN or ZPOPMAX (with the count actually taken) it amounts to, as Redis does.
 */
final class PopCommands {
    private static final byte[] ZPOPMIN = Ascii.bytes("ZPOPMIN");
    private static final byte[] ZPOPMAX = Ascii.bytes("ZPOPMAX");

    private PopCommands() {
    }

    static void register(BiConsumer<String, CommandHandler> registry) {
        registry.accept("zpopmin", r -> pop(r, false));
        registry.accept("zpopmax", r -> pop(r, true));
        registry.accept("bzpopmin", r -> blockingPop(r, false));
        registry.accept("bzpopmax", r -> blockingPop(r, true));
        registry.accept("zmpop", r -> multiPop(r, 1, false));
        registry.accept("bzmpop", r -> multiPop(r, 2, true));
    }

    /**
     * How a pop's reply is laid out: with or without the key in front, the elements flat or as
     * [member, score] pairs.
     */
    private record Layout(boolean withKey, boolean nested) {
        /** BZPOPMIN and BZPOPMAX: [key, member, score] in both protocols. */
        static final Layout KEY_THEN_PAIR = new Layout(true, false);
        /** ZMPOP and BZMPOP: [key, [[member, score]...]]. */
        static final Layout KEY_THEN_PAIRS = new Layout(true, true);

        /**
         * Writes the reply; {@code afterHeader} runs between its header and its elements, where
         * Redis publishes the pop's event (a RESP3 client subscribed to it sees it there).
         */
        void write(RespWriter w, byte[] key, List<ScoreSkipList.Node> popped, Runnable afterHeader) {
            if (!withKey) {
                w.arrayHeader(nested ? popped.size() : popped.size() * 2);
            } else if (!nested) {
                w.arrayHeader(popped.size() * 2 + 1);
                w.bulk(key);
            } else {
                w.arrayHeader(2);
                w.bulk(key);
                w.arrayHeader(popped.size());
            }
            afterHeader.run();
            for (ScoreSkipList.Node element : popped) {
                if (nested) {
                    w.arrayHeader(2);
                }
                w.bulk(element.member());
                w.doubleValue(element.score());
            }
        }
    }

    /** ZPOPMIN and ZPOPMAX: a flat reply, except pairs in RESP3 when a count is given. */
    private static void pop(Request r, boolean max) {
        if (r.argc() > 3) {
            r.reply().error(Errors.SYNTAX);
            return;
        }
        long count = -1;
        if (r.argc() == 3) {
            Long parsed = Integers.atLeast(r.arg(2), 0, Errors.VALUE_MUST_BE_POSITIVE, r.reply());
            if (parsed == null) {
                return;
            }
            count = parsed;
        }
        SortedSetValue set = SortedSetCommands.readForWrite(r, r.arg(1));
        if (set == SortedSetCommands.WRONG_TYPE) {
            return;
        }
        if (set == null || count == 0) {
            r.reply().arrayHeader(0);
            return;
        }
        List<ScoreSkipList.Node> popped = take(set, max, count == -1 ? 1 : count);
        r.propagateChanges(popped.size());
        new Layout(false, r.reply().protocol() == 3 && count != -1).write(r.reply(), r.arg(1), popped,
                () -> r.notify(EventClass.ZSET, popEvent(max), r.arg(1)));
        deleteIfEmpty(r, r.arg(1), set);
    }

    /** BZPOPMIN and BZPOPMAX: the first non-empty sorted set among the keys, else wait. */
    private static void blockingPop(Request r, boolean max) {
        Long timeout = BlockingTimeout.parse(r, r.argc() - 1);
        if (timeout == null) {
            return;
        }
        popFirstOrBlock(r, Arrays.copyOfRange(r.args(), 1, r.argc() - 1), max, -1, Layout.KEY_THEN_PAIR, timeout);
    }

    /** ZMPOP and, with a timeout first, BZMPOP: numkeys, the keys, MIN or MAX, then COUNT. */
    private static void multiPop(Request r, int numKeysIndex, boolean blocking) {
        MultiPopArguments arguments = MultiPopArguments.parse(r, numKeysIndex, "min", "max", blocking);
        if (arguments != null) {
            popFirstOrBlock(r, arguments.keys(), !arguments.firstEnd(), arguments.count(), Layout.KEY_THEN_PAIRS,
                    arguments.timeoutMillis());
        }
    }

    /**
     * Pops from the first key holding a sorted set; when none does, blocks until the timeout
     * (or, with no timeout, replies a null array). {@code count} -1 pops one and replicates as
     * ZPOPMIN/ZPOPMAX without a count.
     */
    private static void popFirstOrBlock(Request r, byte[][] keys, boolean max, long count, Layout layout, Long timeout) {
        NodeContext node = r.node();
        for (byte[] key : keys) {
            SortedSetValue set = SortedSetCommands.readForWrite(r, key);
            if (set == SortedSetCommands.WRONG_TYPE) {
                return;
            }
            if (set != null) {
                List<ScoreSkipList.Node> popped = takeAndReplicate(node, key, set, max, count);
                layout.write(r.reply(), key, popped, () -> r.notify(EventClass.ZSET, popEvent(max), key));
                deleteIfEmpty(r, key, set);
                return;
            }
        }
        if (timeout == null) {
            r.reply().nullArray();
            return;
        }
        node.blockedPops().block(r, keys, timeout, SortedSetValue.class, (key, set) -> {
            List<ScoreSkipList.Node> popped = takeAndReplicate(node, key, set, max, count);
            node.keyspaceEvents().notify(EventClass.ZSET, popEvent(max), key);
            return w -> layout.write(w, key, popped, () -> { });
        }, RespWriter::nullArray);
    }

    private static List<ScoreSkipList.Node> takeAndReplicate(NodeContext node, byte[] key, SortedSetValue set, boolean max,
                                                            long count) {
        List<ScoreSkipList.Node> popped = take(set, max, count == -1 ? 1 : count);
        byte[] command = max ? ZPOPMAX : ZPOPMIN;
        node.replication().propagate(count == -1 ? new byte[][] {command, key}
                : new byte[][] {command, key, RedisNumbers.toBytes(popped.size())}, popped.size());
        return popped;
    }

    /** Removes up to {@code count} of the lowest (or highest) elements, in the order taken. */
    private static List<ScoreSkipList.Node> take(SortedSetValue set, boolean max, long count) {
        int taken = (int) Math.min(count, set.size());
        List<ScoreSkipList.Node> popped = new ArrayList<>(taken);
        for (int i = 0; i < taken; i++) {
            ScoreSkipList.Node element = max ? set.last() : set.first();
            set.remove(element.member());
            popped.add(element);
        }
        return popped;
    }

    /** Deletes an emptied sorted set, with its "del" event (a served blocked pop's is published by BlockedPops). */
    private static void deleteIfEmpty(Request r, byte[] key, SortedSetValue set) {
        if (set.isEmpty()) {
            r.keyspace().delete(key);
            r.notify(EventClass.GENERIC, "del", key);
        }
    }

    private static String popEvent(boolean max) {
        return max ? "zpopmax" : "zpopmin";
    }
}
