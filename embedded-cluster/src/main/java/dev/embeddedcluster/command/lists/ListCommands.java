package dev.embeddedcluster.command.lists;

import dev.embeddedcluster.command.CommandHandler;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.Integers;
import dev.embeddedcluster.command.NodeContext;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.command.TypedRead;
import dev.embeddedcluster.command.blocking.BlockingTimeout;
import dev.embeddedcluster.command.blocking.MultiPopArguments;
import dev.embeddedcluster.command.notifications.EventClass;
import dev.embeddedcluster.keyspace.Entry;
import dev.embeddedcluster.keyspace.ListValue;
import dev.embeddedcluster.resp.RespWriter;
import dev.embeddedcluster.util.Ascii;
import dev.embeddedcluster.util.RedisNumbers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** The list commands (Redis's t_list.c); blocked clients wait in {@link BlockedPops}. */
public final class ListCommands {
    private static final byte[] LPOP = Ascii.bytes("LPOP");
    private static final byte[] RPOP = Ascii.bytes("RPOP");
    private static final byte[] LMOVE = Ascii.bytes("LMOVE");
    private static final byte[] LEFT = Ascii.bytes("LEFT");
    private static final byte[] RIGHT = Ascii.bytes("RIGHT");

    private ListCommands() {
    }

    public static void register(BiConsumer<String, CommandHandler> registry) {
        registry.accept("lpush", r -> push(r, true, false));
        registry.accept("rpush", r -> push(r, false, false));
        registry.accept("lpushx", r -> push(r, true, true));
        registry.accept("rpushx", r -> push(r, false, true));
        registry.accept("lpop", r -> pop(r, true));
        registry.accept("rpop", r -> pop(r, false));
        registry.accept("llen", ListCommands::length);
        registry.accept("lindex", ListCommands::index);
        registry.accept("lset", ListCommands::set);
        registry.accept("lrange", ListCommands::range);
        registry.accept("ltrim", ListCommands::trim);
        registry.accept("lrem", ListCommands::removeMatches);
        registry.accept("linsert", ListCommands::insert);
        registry.accept("lpos", ListCommands::position);
        registry.accept("lmove", ListCommands::move);
        registry.accept("rpoplpush", r -> move(r, false, true, null));
        registry.accept("lmpop", r -> multiPop(r, 1, false));
        registry.accept("blpop", r -> blockingPop(r, true));
        registry.accept("brpop", r -> blockingPop(r, false));
        registry.accept("blmove", ListCommands::blockingMove);
        registry.accept("brpoplpush", r -> {
            Long timeout = BlockingTimeout.parse(r, 3);
            if (timeout != null) {
                move(r, false, true, timeout);
            }
        });
        registry.accept("blmpop", r -> multiPop(r, 2, true));
    }

    /** BLPOP and BRPOP: the first key, in argument order, that holds a list, else wait for one. */
    private static void blockingPop(Request r, boolean left) {
        Long timeout = BlockingTimeout.parse(r, r.argc() - 1);
        if (timeout == null) {
            return;
        }
        for (int k = 1; k < r.argc() - 1; k++) {
            byte[] key = r.arg(k);
            ListValue list = readForWrite(r, key);
            if (list == WRONG_TYPE) {
                return;
            }
            if (list != null) {
                byte[] element = left ? list.removeFirst() : list.removeLast();
                r.propagate(left ? LPOP : RPOP, key);
                r.reply().arrayHeader(2);
                r.reply().bulk(key);
                r.reply().bulk(element);
                elementsRemoved(r, key, list, left);
                return;
            }
        }
        NodeContext node = r.node();
        node.blockedPops().block(r, Arrays.copyOfRange(r.args(), 1, r.argc() - 1), timeout, ListValue.class,
                (key, list) -> {
                    byte[] element = left ? list.removeFirst() : list.removeLast();
                    // Redis counts no change for a BLPOP or BRPOP served by a push, only the push's.
                    node.replication().propagate(new byte[][] {left ? LPOP : RPOP, key}, 0);
                    node.keyspaceEvents().notify(EventClass.LIST, popEvent(left), key);
                    return w -> {
                        w.arrayHeader(2);
                        w.bulk(key);
                        w.bulk(element);
                    };
                }, RespWriter::nullArray);
    }

    /**
     * After elements were popped (and replied): the pop's event, and the key deleted with its
     * "del" event once the list is empty, as Redis's listElementsRemoved does.
     */
    private static void elementsRemoved(Request r, byte[] key, ListValue list, boolean left) {
        r.notify(EventClass.LIST, popEvent(left), key);
        if (list.isEmpty()) {
            r.keyspace().delete(key);
            r.notify(EventClass.GENERIC, "del", key);
        }
    }

    private static String popEvent(boolean left) {
        return left ? "lpop" : "rpop";
    }

    private static String pushEvent(boolean left) {
        return left ? "lpush" : "rpush";
    }

    private static void blockingMove(Request r) {
        Boolean fromLeft = r.either(3, "left", "right");
        Boolean toLeft = fromLeft == null ? null : r.either(4, "left", "right");
        Long timeout = toLeft == null ? null : BlockingTimeout.parse(r, 5);
        if (timeout != null) {
            move(r, fromLeft, toLeft, timeout);
        }
    }

    /** Marks "the key holds another type; WRONGTYPE was replied". */
    private static final ListValue WRONG_TYPE = new ListValue(new dev.embeddedcluster.keyspace.EncodingLimits());

    /** The list at a key: null when absent, {@link #WRONG_TYPE} after replying the error. */
    private static ListValue read(Request r, byte[] key) {
        return TypedRead.read(r, key, ListValue.class, WRONG_TYPE);
    }

    /** The same for a command that writes the list (no key miss reported). */
    private static ListValue readForWrite(Request r, byte[] key) {
        return TypedRead.forWrite(r, key, ListValue.class, WRONG_TYPE);
    }

    /** The list at argument 1, or null once replied: WRONGTYPE, or {@code whenMissing} for an absent key. */
    private static ListValue existing(Request r, Consumer<RespWriter> whenMissing) {
        return existing(r, read(r, r.arg(1)), whenMissing);
    }

    /** The same for a command that writes the list. */
    private static ListValue existingForWrite(Request r, Consumer<RespWriter> whenMissing) {
        return existing(r, readForWrite(r, r.arg(1)), whenMissing);
    }

    private static ListValue existing(Request r, ListValue list, Consumer<RespWriter> whenMissing) {
        if (list == null) {
            whenMissing.accept(r.reply());
            return null;
        }
        return list == WRONG_TYPE ? null : list;
    }

    /** Deletes the key once its list is empty, as Redis never keeps an empty list, with its "del" event. */
    private static void deleteIfEmpty(Request r, byte[] key, ListValue list) {
        if (list.isEmpty()) {
            r.keyspace().delete(key);
            r.notify(EventClass.GENERIC, "del", key);
        }
    }

    /** An index argument; null after replying the error. */
    private static Long integer(Request r, int index) {
        Long value = RedisNumbers.parseLong(r.arg(index));
        if (value == null) {
            r.reply().error(Errors.NOT_INTEGER);
        }
        return value;
    }

    private static void push(Request r, boolean head, boolean onlyIfExists) {
        ListValue list = readForWrite(r, r.arg(1));
        if (list == WRONG_TYPE) {
            return;
        }
        if (list == null) {
            if (onlyIfExists) {
                r.reply().integer(0);
                return;
            }
            list = new ListValue(r.keyspace().limits());
            r.keyspace().put(r.arg(1), list);
            r.node().blockedPops().keyCreated(r.arg(1));
        }
        for (int i = 2; i < r.argc(); i++) {
            if (head) {
                list.addFirst(r.arg(i));
            } else {
                list.addLast(r.arg(i));
            }
        }
        r.propagateChanges(r.argc() - 2);
        r.reply().integer(list.size());
        r.notify(EventClass.LIST, pushEvent(head), r.arg(1));
    }

    private static void pop(Request r, boolean head) {
        if (r.argc() > 3) {
            r.reply().error(Errors.wrongArity(r.spec().fullName()));
            return;
        }
        boolean hasCount = r.argc() == 3;
        long count = 0;
        if (hasCount) {
            Long parsed = Integers.atLeast(r.arg(2), 0, Errors.VALUE_MUST_BE_POSITIVE, r.reply());
            if (parsed == null) {
                return;
            }
            count = parsed;
        }
        ListValue list = readForWrite(r, r.arg(1));
        if (list == WRONG_TYPE) {
            return;
        }
        RespWriter reply = r.reply();
        if (list == null) {
            if (hasCount) {
                reply.nullArray();
            } else {
                reply.nullBulk();
            }
            return;
        }
        int taken = 1;
        if (!hasCount) {
            reply.bulk(head ? list.removeFirst() : list.removeLast());
        } else if (count == 0) {
            reply.arrayHeader(0);
            return;
        } else {
            taken = (int) Math.min(count, list.size());
            reply.arrayHeader(taken);
            for (int i = 0; i < taken; i++) {
                reply.bulk(head ? list.removeFirst() : list.removeLast());
            }
        }
        r.propagateChanges(taken);
        elementsRemoved(r, r.arg(1), list, head);
    }

    private static void length(Request r) {
        ListValue list = read(r, r.arg(1));
        if (list != WRONG_TYPE) {
            r.reply().integer(list == null ? 0 : list.size());
        }
    }

    /** A Redis index (negative from the end) as a position, or -1 when outside the list. */
    private static int position(ListValue list, long index) {
        long at = index < 0 ? list.size() + index : index;
        return at < 0 || at >= list.size() ? -1 : (int) at;
    }

    private static void index(Request r) {
        ListValue list = existing(r, RespWriter::nullBulk);
        if (list == null) {
            return;
        }
        Long index = integer(r, 2);
        if (index != null) {
            int at = position(list, index);
            r.reply().bulk(at < 0 ? null : list.get(at));
        }
    }

    private static void set(Request r) {
        ListValue list = existingForWrite(r, reply -> reply.error(Errors.NO_SUCH_KEY));
        if (list == null) {
            return;
        }
        Long index = integer(r, 2);
        if (index == null) {
            return;
        }
        int at = position(list, index);
        if (at < 0) {
            r.reply().error(Errors.INDEX_OUT_OF_RANGE);
            return;
        }
        list.set(at, r.arg(3));
        r.propagate();
        r.reply().ok();
        r.notify(EventClass.LIST, "lset", r.arg(1));
    }

    /** [first, last] of a Redis start/stop pair clamped to the list; empty when first > last. */
    private static int[] clamp(ListValue list, long start, long stop) {
        long size = list.size();
        long first = start < 0 ? Math.max(0, size + start) : start;
        long last = stop < 0 ? size + stop : Math.min(stop, size - 1);
        return first > last || first >= size ? new int[] {0, -1} : new int[] {(int) first, (int) last};
    }

    private static void range(Request r) {
        Long start = integer(r, 2);
        Long stop = start == null ? null : integer(r, 3);
        if (stop == null) {
            return;
        }
        ListValue list = existing(r, reply -> reply.arrayHeader(0));
        if (list == null) {
            return;
        }
        int[] span = clamp(list, start, stop);
        r.reply().arrayHeader(span[1] - span[0] + 1);
        for (int i = span[0]; i <= span[1]; i++) {
            r.reply().bulk(list.get(i));
        }
    }

    private static void trim(Request r) {
        Long start = integer(r, 2);
        Long stop = start == null ? null : integer(r, 3);
        if (stop == null) {
            return;
        }
        ListValue list = readForWrite(r, r.arg(1));
        if (list == WRONG_TYPE) {
            return;
        }
        if (list != null) {
            int sizeBefore = list.size();
            int[] span = clamp(list, start, stop);
            int keepFromEnd = list.size() - 1 - span[1];
            for (int i = 0; i < span[0]; i++) {
                list.removeFirst();
            }
            for (int i = 0; i < keepFromEnd && span[1] >= span[0]; i++) {
                list.removeLast();
            }
            if (span[1] < span[0]) {
                while (!list.isEmpty()) {
                    list.removeLast();
                }
            }
            r.propagateChanges(sizeBefore - list.size());
            r.notify(EventClass.LIST, "ltrim", r.arg(1));
            deleteIfEmpty(r, r.arg(1), list);
        }
        r.reply().ok();
    }

    private static void removeMatches(Request r) {
        Long count = integer(r, 2);
        if (count == null) {
            return;
        }
        ListValue list = existingForWrite(r, reply -> reply.integer(0));
        if (list == null) {
            return;
        }
        byte[] element = r.arg(3);
        long limit = count == 0 ? Long.MAX_VALUE : Math.abs(count);
        int removed = 0;
        if (count >= 0) {
            for (int i = 0; i < list.size() && removed < limit; ) {
                if (Arrays.equals(list.get(i), element)) {
                    list.remove(i);
                    removed++;
                } else {
                    i++;
                }
            }
        } else {
            for (int i = list.size() - 1; i >= 0 && removed < limit; i--) {
                if (Arrays.equals(list.get(i), element)) {
                    list.remove(i);
                    removed++;
                }
            }
        }
        if (removed > 0) {
            r.propagateChanges(removed);
            r.notify(EventClass.LIST, "lrem", r.arg(1));
            deleteIfEmpty(r, r.arg(1), list);
        }
        r.reply().integer(removed);
    }

    private static void insert(Request r) {
        boolean after = r.is(2, "after");
        if (!after && !r.is(2, "before")) {
            r.reply().error(Errors.SYNTAX);
            return;
        }
        ListValue list = existingForWrite(r, reply -> reply.integer(0));
        if (list == null) {
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            if (Arrays.equals(list.get(i), r.arg(3))) {
                list.insert(after ? i + 1 : i, r.arg(4));
                r.propagate();
                r.notify(EventClass.LIST, "linsert", r.arg(1));
                r.reply().integer(list.size());
                return;
            }
        }
        r.reply().integer(-1);
    }

    /** LPOS key element [RANK rank] [COUNT count] [MAXLEN len]. */
    private static void position(Request r) {
        long rank = 1;
        long count = -1;
        long maxLength = 0;
        for (int i = 3; i < r.argc(); i++) {
            boolean hasNext = i + 1 < r.argc();
            if (r.is(i, "rank") && hasNext) {
                Long parsed = integer(r, ++i);
                if (parsed == null) {
                    return;
                }
                if (parsed == 0) {
                    r.reply().error(Errors.RANK_ZERO);
                    return;
                }
                rank = parsed;
            } else if (r.is(i, "count") && hasNext) {
                Long parsed = Integers.atLeast(r.arg(++i), 0, Errors.COUNT_NEGATIVE, r.reply());
                if (parsed == null) {
                    return;
                }
                count = parsed;
            } else if (r.is(i, "maxlen") && hasNext) {
                Long parsed = Integers.atLeast(r.arg(++i), 0, Errors.MAXLEN_NEGATIVE, r.reply());
                if (parsed == null) {
                    return;
                }
                maxLength = parsed;
            } else {
                r.reply().error(Errors.SYNTAX);
                return;
            }
        }
        ListValue list = read(r, r.arg(1));
        if (list == WRONG_TYPE) {
            return;
        }
        RespWriter reply = r.reply();
        if (list == null) {
            if (count >= 0) {
                reply.arrayHeader(0);
            } else {
                reply.nullBulk();
            }
            return;
        }
        List<Integer> matches = new ArrayList<>();
        long toSkip = Math.abs(rank) - 1;
        long wanted = count < 0 ? 1 : count;
        int size = list.size();
        for (int step = 0; step < size && (maxLength == 0 || step < maxLength)
                && (wanted == 0 || matches.size() < wanted); step++) {
            int i = rank > 0 ? step : size - 1 - step;
            if (Arrays.equals(list.get(i), r.arg(2))) {
                if (toSkip > 0) {
                    toSkip--;
                } else {
                    matches.add(i);
                }
            }
        }
        if (count >= 0) {
            reply.arrayHeader(matches.size());
            matches.forEach(reply::integer);
        } else if (matches.isEmpty()) {
            reply.nullBulk();
        } else {
            reply.integer(matches.get(0));
        }
    }

    private static void move(Request r) {
        Boolean fromLeft = r.either(3, "left", "right");
        Boolean toLeft = fromLeft == null ? null : r.either(4, "left", "right");
        if (toLeft != null) {
            move(r, fromLeft, toLeft, null);
        }
    }

    /**
     * LMOVE, RPOPLPUSH and, with a timeout, BLMOVE and BRPOPLPUSH: pops from the source's end and
     * pushes onto the destination's; replicated as the LMOVE it amounts to.
     */
    private static void move(Request r, boolean fromLeft, boolean toLeft, Long timeout) {
        byte[] source = r.arg(1);
        byte[] destination = r.arg(2);
        ListValue from = readForWrite(r, source);
        if (from == WRONG_TYPE) {
            return;
        }
        NodeContext node = r.node();
        if (from == null) {
            if (timeout == null) {
                r.reply().nullBulk();
                return;
            }
            node.blockedPops().block(r, new byte[][] {source}, timeout, ListValue.class, (key, list) -> {
                Entry target = node.keyspace().lookup(destination);
                if (target != null && !(target.value() instanceof ListValue)) {
                    return w -> w.error(Errors.WRONG_TYPE);
                }
                byte[] element = moveOne(node, list, destination, fromLeft, toLeft);
                // As for BLPOP, a BLMOVE served by a push adds no change of its own.
                node.replication().propagate(lmove(source, destination, fromLeft, toLeft), 0);
                node.keyspaceEvents().notify(EventClass.LIST, popEvent(fromLeft), source);
                return w -> w.bulk(element);
            }, RespWriter::nullBulk);
            return;
        }
        ListValue to = readForWrite(r, destination);
        if (to == WRONG_TYPE) {
            return;
        }
        byte[] element = moveOne(node, from, destination, fromLeft, toLeft);
        r.propagate(lmove(source, destination, fromLeft, toLeft));
        r.reply().bulk(element);
        elementsRemoved(r, source, from, fromLeft);
    }

    /**
     * Pops from {@code from} and pushes onto the list at {@code destination}, creating it when
     * absent; publishes the push (the caller publishes the pop).
     */
    private static byte[] moveOne(NodeContext node, ListValue from, byte[] destination, boolean fromLeft, boolean toLeft) {
        byte[] element = fromLeft ? from.removeFirst() : from.removeLast();
        Entry target = node.keyspace().lookup(destination);
        ListValue to;
        if (target == null) {
            to = new ListValue(node.keyspace().limits());
            node.keyspace().put(destination, to);
            node.blockedPops().keyCreated(destination);
        } else {
            to = (ListValue) target.value();
        }
        if (toLeft) {
            to.addFirst(element);
        } else {
            to.addLast(element);
        }
        node.keyspaceEvents().notify(EventClass.LIST, pushEvent(toLeft), destination);
        return element;
    }

    private static byte[][] lmove(byte[] source, byte[] destination, boolean fromLeft, boolean toLeft) {
        return new byte[][] {LMOVE, source, destination, fromLeft ? LEFT : RIGHT, toLeft ? LEFT : RIGHT};
    }

    /**
     * LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count] (and BLMPOP, with a timeout first,
     * numkeys at {@code numKeysIndex}): pops from the first non-empty list, or waits for one.
     */
    private static void multiPop(Request r, int numKeysIndex, boolean blocking) {
        MultiPopArguments arguments = MultiPopArguments.parse(r, numKeysIndex, "left", "right", blocking);
        if (arguments == null) {
            return;
        }
        boolean left = arguments.firstEnd();
        long wanted = arguments.count();
        Long timeout = arguments.timeoutMillis();
        for (byte[] key : arguments.keys()) {
            ListValue list = readForWrite(r, key);
            if (list == WRONG_TYPE) {
                return;
            }
            if (list == null) {
                continue;
            }
            int taken = (int) Math.min(wanted, list.size());
            RespWriter reply = r.reply();
            reply.arrayHeader(2);
            reply.bulk(key);
            reply.arrayHeader(taken);
            for (int i = 0; i < taken; i++) {
                reply.bulk(left ? list.removeFirst() : list.removeLast());
            }
            r.propagateChanges(taken, left ? LPOP : RPOP, key, RedisNumbers.toBytes(taken));
            elementsRemoved(r, key, list, left);
            return;
        }
        if (timeout == null) {
            r.reply().nullArray();
            return;
        }
        NodeContext node = r.node();
        node.blockedPops().block(r, arguments.keys(), timeout, ListValue.class, (key, list) -> {
                    int taken = (int) Math.min(wanted, list.size());
                    List<byte[]> elements = new ArrayList<>(taken);
                    for (int i = 0; i < taken; i++) {
                        elements.add(left ? list.removeFirst() : list.removeLast());
                    }
                    node.replication().propagate(new byte[][] {left ? LPOP : RPOP, key, RedisNumbers.toBytes(taken)}, taken);
                    node.keyspaceEvents().notify(EventClass.LIST, popEvent(left), key);
                    return w -> {
                        w.arrayHeader(2);
                        w.bulk(key);
                        w.arrayHeader(elements.size());
                        elements.forEach(w::bulk);
                    };
                }, RespWriter::nullArray);
    }
}
