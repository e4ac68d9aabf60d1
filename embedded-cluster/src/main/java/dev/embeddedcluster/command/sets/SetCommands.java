package dev.embeddedcluster.command.sets;

import dev.embeddedcluster.command.CommandHandler;
import dev.embeddedcluster.command.ElementRemoval;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.Integers;
import dev.embeddedcluster.command.RandomSample;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.command.ScanOptions;
import dev.embeddedcluster.command.TypedRead;
import dev.embeddedcluster.command.notifications.EventClass;
import dev.embeddedcluster.keyspace.Entry;
import dev.embeddedcluster.keyspace.SetValue;
import dev.embeddedcluster.resp.RespWriter;
import dev.embeddedcluster.util.Ascii;
import dev.embeddedcluster.util.RedisNumbers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiConsumer;

/** The set commands (Redis's t_set.c). */
public final class SetCommands {
    private static final byte[] SREM = Ascii.bytes("SREM");
    private static final byte[] DEL = Ascii.bytes("DEL");

    private SetCommands() {
    }

    public static void register(BiConsumer<String, CommandHandler> registry) {
        registry.accept("sadd", SetCommands::add);
        registry.accept("srem", SetCommands::remove);
        registry.accept("smembers", r -> intersection(r, 1, r.argc(), null, false, 0));
        registry.accept("sismember", SetCommands::isMember);
        registry.accept("smismember", SetCommands::areMembers);
        registry.accept("scard", SetCommands::cardinality);
        registry.accept("smove", SetCommands::move);
        registry.accept("sinter", r -> intersection(r, 1, r.argc(), null, false, 0));
        registry.accept("sinterstore", r -> intersection(r, 2, r.argc(), r.arg(1), false, 0));
        registry.accept("sintercard", SetCommands::intersectionCardinality);
        registry.accept("sunion", r -> unionOrDifference(r, 1, null, false));
        registry.accept("sunionstore", r -> unionOrDifference(r, 2, r.arg(1), false));
        registry.accept("sdiff", r -> unionOrDifference(r, 1, null, true));
        registry.accept("sdiffstore", r -> unionOrDifference(r, 2, r.arg(1), true));
        registry.accept("spop", SetCommands::pop);
        registry.accept("srandmember", SetCommands::randomMembers);
        registry.accept("sscan", SetCommands::scan);
    }

    /** Marks "the key holds another type; WRONGTYPE was replied". */
    private static final SetValue WRONG_TYPE = new SetValue(new dev.embeddedcluster.keyspace.EncodingLimits());

    /** The set at a key: null when absent, {@link #WRONG_TYPE} after replying the error. */
    private static SetValue read(Request r, byte[] key) {
        return TypedRead.read(r, key, SetValue.class, WRONG_TYPE);
    }

    /** The same for a command that writes the set (no key miss reported). */
    private static SetValue readForWrite(Request r, byte[] key) {
        return TypedRead.forWrite(r, key, SetValue.class, WRONG_TYPE);
    }

    private static void add(Request r) {
        SetValue set = readForWrite(r, r.arg(1));
        if (set == WRONG_TYPE) {
            return;
        }
        if (set == null) {
            set = new SetValue(r.keyspace().limits());
            r.keyspace().put(r.arg(1), set);
        }
        int added = 0;
        for (int i = 2; i < r.argc(); i++) {
            if (set.add(r.arg(i))) {
                added++;
            }
        }
        if (added > 0) {
            r.propagateChanges(added);
            r.notify(EventClass.SET, "sadd", r.arg(1));
        }
        r.reply().integer(added);
    }

    private static void remove(Request r) {
        SetValue set = readForWrite(r, r.arg(1));
        if (set == null) {
            r.reply().integer(0);
        } else if (set != WRONG_TYPE) {
            ElementRemoval.removeNamedElements(r, set::remove, set::isEmpty, EventClass.SET, "srem");
        }
    }

    private static void isMember(Request r) {
        SetValue set = read(r, r.arg(1));
        if (set != WRONG_TYPE) {
            r.reply().integer(set != null && set.contains(r.arg(2)) ? 1 : 0);
        }
    }

    private static void areMembers(Request r) {
        SetValue set = read(r, r.arg(1));
        if (set == WRONG_TYPE) {
            return;
        }
        r.reply().arrayHeader(r.argc() - 2);
        for (int i = 2; i < r.argc(); i++) {
            r.reply().integer(set != null && set.contains(r.arg(i)) ? 1 : 0);
        }
    }

    private static void cardinality(Request r) {
        SetValue set = read(r, r.arg(1));
        if (set != WRONG_TYPE) {
            r.reply().integer(set == null ? 0 : set.size());
        }
    }

    private static void move(Request r) {
        byte[] source = r.arg(1);
        byte[] destination = r.arg(2);
        byte[] member = r.arg(3);
        Entry sourceEntry = r.keyspace().lookup(source);
        if (sourceEntry == null) {
            r.reply().integer(0);
            return;
        }
        Entry destinationEntry = r.keyspace().lookup(destination);
        if (!(sourceEntry.value() instanceof SetValue from)
                || (destinationEntry != null && !(destinationEntry.value() instanceof SetValue))) {
            r.reply().error(Errors.WRONG_TYPE);
            return;
        }
        if (sourceEntry == destinationEntry) {
            r.reply().integer(from.contains(member) ? 1 : 0);
            return;
        }
        if (!from.remove(member)) {
            r.reply().integer(0);
            return;
        }
        r.notify(EventClass.SET, "srem", source);
        if (from.isEmpty()) {
            r.keyspace().delete(source);
            r.notify(EventClass.GENERIC, "del", source);
        }
        SetValue to;
        if (destinationEntry == null) {
            to = new SetValue(r.keyspace().limits());
            r.keyspace().put(destination, to);
        } else {
            to = (SetValue) destinationEntry.value();
        }
        boolean added = to.add(member);
        r.propagate();
        if (added) {
            r.notify(EventClass.SET, "sadd", destination);
        }
        r.reply().integer(1);
    }

    /**
     * The sets at the keys in [from, to), null for a missing key; null after replying WRONGTYPE
     * when one holds another type.
     */
    private static List<SetValue> sets(Request r, int from, int to) {
        List<SetValue> sets = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            SetValue set = read(r, r.arg(i));
            if (set == WRONG_TYPE) {
                return null;
            }
            sets.add(set);
        }
        return sets;
    }

    /**
     * SINTER, SINTERSTORE, SINTERCARD and SMEMBERS, as Redis computes them: any missing key
     * makes the result empty; otherwise the smallest set is walked in its order, each member kept
     * when every other set has it.
     */
    private static void intersection(Request r, int from, int to, byte[] destination, boolean countOnly, long limit) {
        List<SetValue> sets = sets(r, from, to);
        if (sets == null) {
            return;
        }
        List<byte[]> result = new ArrayList<>();
        if (!sets.contains(null)) {
            List<SetValue> bySize = new ArrayList<>(sets);
            bySize.sort(Comparator.comparingInt(SetValue::size));
            for (byte[] member : bySize.get(0).members()) {
                if (bySize.stream().allMatch(s -> s.contains(member))) {
                    result.add(member);
                    if (countOnly && limit > 0 && result.size() >= limit) {
                        break;
                    }
                }
            }
        }
        if (countOnly) {
            r.reply().integer(result.size());
        } else if (destination != null) {
            store(r, destination, result, "sinterstore");
        } else {
            replySet(r.reply(), result);
        }
    }

    private static void intersectionCardinality(Request r) {
        Long numKeys = Integers.atLeast(r.arg(1), 1, Errors.NUMKEYS_NOT_POSITIVE, r.reply());
        if (numKeys == null) {
            return;
        }
        if (numKeys > r.argc() - 2) {
            r.reply().error(Errors.MORE_KEYS_THAN_ARGS);
            return;
        }
        long limit = 0;
        for (int i = 2 + numKeys.intValue(); i < r.argc(); i++) {
            if (r.is(i, "limit") && i + 1 < r.argc()) {
                Long parsed = Integers.atLeast(r.arg(++i), 0, Errors.LIMIT_NEGATIVE, r.reply());
                if (parsed == null) {
                    return;
                }
                limit = parsed;
            } else {
                r.reply().error(Errors.SYNTAX);
                return;
            }
        }
        intersection(r, 2, 2 + numKeys.intValue(), null, true, limit);
    }

    /** SUNION, SDIFF and their STORE forms; missing keys count as empty sets. */
    private static void unionOrDifference(Request r, int from, byte[] destination, boolean difference) {
        List<SetValue> sets = sets(r, from, r.argc());
        if (sets == null) {
            return;
        }
        SetValue result = new SetValue(r.keyspace().limits());
        if (!difference) {
            for (SetValue set : sets) {
                if (set != null) {
                    set.members().forEach(result::add);
                }
            }
        } else if (sets.get(0) != null) {
            for (byte[] member : sets.get(0).members()) {
                boolean elsewhere = false;
                for (int i = 1; i < sets.size() && !elsewhere; i++) {
                    elsewhere = sets.get(i) != null && sets.get(i).contains(member);
                }
                if (!elsewhere) {
                    result.add(member);
                }
            }
        }
        if (destination != null) {
            store(r, destination, result.members(), difference ? "sdiffstore" : "sunionstore");
        } else {
            replySet(r.reply(), result.members());
        }
    }

    /** The STORE forms: the destination is replaced by the result, or deleted when it is empty. */
    private static void store(Request r, byte[] destination, List<byte[]> members, String event) {
        if (members.isEmpty()) {
            boolean deleted = r.keyspace().delete(destination);
            r.propagate();
            r.reply().integer(0);
            if (deleted) {
                r.notify(EventClass.GENERIC, "del", destination);
            }
            return;
        }
        SetValue stored = new SetValue(r.keyspace().limits());
        members.forEach(stored::add);
        r.keyspace().put(destination, stored);
        r.propagate();
        r.reply().integer(members.size());
        r.notify(EventClass.SET, event, destination);
    }

    private static void replySet(RespWriter reply, List<byte[]> members) {
        reply.setHeader(members.size());
        members.forEach(reply::bulk);
    }

    /** SPOP: replicated as SREM of what it took, or DEL when it took everything, as Redis does. */
    private static void pop(Request r) {
        if (r.argc() > 3) {
            r.reply().error(Errors.SYNTAX);
            return;
        }
        long count = 1;
        if (r.argc() == 3) {
            Long parsed = Integers.atLeast(r.arg(2), 0, Errors.VALUE_MUST_BE_POSITIVE, r.reply());
            if (parsed == null) {
                return;
            }
            count = parsed;
        }
        SetValue set = readForWrite(r, r.arg(1));
        if (set == WRONG_TYPE) {
            return;
        }
        RespWriter reply = r.reply();
        if (r.argc() == 2) {
            if (set == null) {
                reply.nullBulk();
                return;
            }
            byte[] member = set.randomMember();
            set.remove(member);
            r.notify(EventClass.SET, "spop", r.arg(1));
            reply.bulk(member);
            if (set.isEmpty()) {
                r.keyspace().delete(r.arg(1));
                r.notify(EventClass.GENERIC, "del", r.arg(1));
            }
            r.propagate(SREM, r.arg(1), member);
            return;
        }
        if (set == null || count == 0) {
            reply.setHeader(0);
            return;
        }
        r.notify(EventClass.SET, "spop", r.arg(1));
        if (count >= set.size()) {
            List<byte[]> members = set.members();
            replySet(reply, members);
            r.keyspace().delete(r.arg(1));
            r.notify(EventClass.GENERIC, "del", r.arg(1));
            r.propagateChanges(members.size(), DEL, r.arg(1));
            return;
        }
        List<byte[]> taken = set.randomMembers((int) count);
        byte[][] srem = new byte[taken.size() + 2][];
        srem[0] = SREM;
        srem[1] = r.arg(1);
        for (int i = 0; i < taken.size(); i++) {
            set.remove(taken.get(i));
            srem[i + 2] = taken.get(i);
        }
        r.propagateChanges(taken.size(), srem);
        replySet(reply, taken);
    }

    /**
     * SRANDMEMBER: one random member; with a count, that many distinct members (the whole set
     * when the count reaches its size), or with a negative count that many picks that may repeat.
     */
    private static void randomMembers(Request r) {
        if (r.argc() > 3) {
            r.reply().error(Errors.SYNTAX);
            return;
        }
        RespWriter reply = r.reply();
        if (r.argc() == 2) {
            SetValue set = read(r, r.arg(1));
            if (set != WRONG_TYPE) {
                reply.bulk(set == null ? null : set.randomMember());
            }
            return;
        }
        Long count = RedisNumbers.parseLong(r.arg(2));
        if (count == null) {
            reply.error(Errors.NOT_INTEGER);
            return;
        }
        if (count < -Long.MAX_VALUE) {
            reply.error(Errors.valueOutOfRange(-Long.MAX_VALUE, Long.MAX_VALUE));
            return;
        }
        SetValue set = read(r, r.arg(1));
        if (set == WRONG_TYPE) {
            return;
        }
        if (set == null || count == 0) {
            reply.arrayHeader(0);
            return;
        }
        RandomSample.Source<byte[]> source =
                new RandomSample.Source<>(set.size(), set::randomMember, set::randomMembers, set::members);
        List<byte[]> chosen = RandomSample.of(source, count);
        reply.arrayHeader(chosen.size());
        chosen.forEach(reply::bulk);
    }

    /** SSCAN: an intset in one reply with cursor 0, as Redis does; a larger set in steps of COUNT. */
    private static void scan(Request r) {
        ScanOptions.KeyScan<SetValue> scan = ScanOptions.startKeyScan(r, x -> read(x, x.arg(1)), WRONG_TYPE);
        if (scan == null) {
            return;
        }
        SetValue set = scan.value();
        ScanOptions options = scan.options();
        long cursor = scan.cursor();
        List<byte[]> found = new ArrayList<>();
        long next = 0;
        if (set.isIntset()) {
            set.members().stream().filter(options::matches).forEach(found::add);
        } else {
            next = set.scan(cursor, options.count(), member -> {
                if (options.matches(member)) {
                    found.add(member);
                }
            });
        }
        ScanOptions.reply(r.reply(), next, found);
    }
}
