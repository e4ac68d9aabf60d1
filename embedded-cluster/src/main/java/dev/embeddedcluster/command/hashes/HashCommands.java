package dev.embeddedcluster.command.hashes;

import dev.embeddedcluster.command.CommandHandler;
import dev.embeddedcluster.command.ElementRemoval;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.Integers;
import dev.embeddedcluster.command.PairsReply;
import dev.embeddedcluster.command.RandomSample;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.command.ScanOptions;
import dev.embeddedcluster.command.TypedRead;
import dev.embeddedcluster.command.notifications.EventClass;
import dev.embeddedcluster.command.strings.LongDouble;
import dev.embeddedcluster.keyspace.HashValue;
import dev.embeddedcluster.resp.RespWriter;
import dev.embeddedcluster.util.Ascii;
import dev.embeddedcluster.util.RedisNumbers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/** The hash commands (Redis's t_hash.c). */
public final class HashCommands {
    private static final byte[] HSET = Ascii.bytes("HSET");

    private HashCommands() {
    }

    public static void register(BiConsumer<String, CommandHandler> registry) {
        registry.accept("hset", r -> set(r, false));
        registry.accept("hmset", r -> set(r, true));
        registry.accept("hsetnx", HashCommands::setIfAbsent);
        registry.accept("hget", HashCommands::get);
        registry.accept("hmget", HashCommands::multiGet);
        registry.accept("hdel", HashCommands::delete);
        registry.accept("hexists", HashCommands::exists);
        registry.accept("hlen", HashCommands::length);
        registry.accept("hstrlen", HashCommands::valueLength);
        registry.accept("hkeys", r -> all(r, true, false));
        registry.accept("hvals", r -> all(r, false, true));
        registry.accept("hgetall", r -> all(r, true, true));
        registry.accept("hincrby", HashCommands::incrBy);
        registry.accept("hincrbyfloat", HashCommands::incrByFloat);
        registry.accept("hrandfield", HashCommands::randomFields);
        registry.accept("hscan", HashCommands::scan);
    }

    /** Marks "the key holds another type; WRONGTYPE was replied". */
    private static final HashValue WRONG_TYPE = new HashValue(new dev.embeddedcluster.keyspace.EncodingLimits());

    /** The hash at a key for reading: null when absent, {@link #WRONG_TYPE} after replying the error. */
    private static HashValue read(Request r) {
        return TypedRead.read(r, r.arg(1), HashValue.class, WRONG_TYPE);
    }

    /** The hash at a key for writing, created empty when absent; {@link #WRONG_TYPE} after replying the error. */
    private static HashValue readForWrite(Request r) {
        HashValue hash = TypedRead.forWrite(r, r.arg(1), HashValue.class, WRONG_TYPE);
        if (hash == null) {
            hash = new HashValue(r.keyspace().limits());
            r.keyspace().put(r.arg(1), hash);
        }
        return hash;
    }

    private static void set(Request r, boolean legacyReply) {
        if (r.argc() % 2 == 1) {
            r.reply().error(Errors.wrongArity(r.spec().fullName()));
            return;
        }
        HashValue hash = readForWrite(r);
        if (hash == WRONG_TYPE) {
            return;
        }
        int created = 0;
        for (int i = 2; i < r.argc(); i += 2) {
            if (hash.put(r.arg(i), r.arg(i + 1))) {
                created++;
            }
        }
        r.propagateChanges((r.argc() - 2) / 2);
        if (legacyReply) {
            r.reply().ok();
        } else {
            r.reply().integer(created);
        }
        r.notify(EventClass.HASH, "hset", r.arg(1));
    }

    private static void setIfAbsent(Request r) {
        HashValue hash = readForWrite(r);
        if (hash == WRONG_TYPE) {
            return;
        }
        if (hash.contains(r.arg(2))) {
            r.reply().integer(0);
            return;
        }
        hash.put(r.arg(2), r.arg(3));
        r.propagate();
        r.reply().integer(1);
        r.notify(EventClass.HASH, "hset", r.arg(1));
    }

    private static void get(Request r) {
        HashValue hash = read(r);
        if (hash != WRONG_TYPE) {
            r.reply().bulk(hash == null ? null : hash.get(r.arg(2)));
        }
    }

    private static void multiGet(Request r) {
        HashValue hash = read(r);
        if (hash == WRONG_TYPE) {
            return;
        }
        r.reply().arrayHeader(r.argc() - 2);
        for (int i = 2; i < r.argc(); i++) {
            r.reply().bulk(hash == null ? null : hash.get(r.arg(i)));
        }
    }

    private static void delete(Request r) {
        HashValue hash = TypedRead.forWrite(r, r.arg(1), HashValue.class, WRONG_TYPE);
        if (hash == null) {
            r.reply().integer(0);
        } else if (hash != WRONG_TYPE) {
            ElementRemoval.removeNamedElements(r, hash::remove, hash::isEmpty, EventClass.HASH, "hdel");
        }
    }

    private static void exists(Request r) {
        HashValue hash = read(r);
        if (hash != WRONG_TYPE) {
            r.reply().integer(hash != null && hash.contains(r.arg(2)) ? 1 : 0);
        }
    }

    private static void length(Request r) {
        HashValue hash = read(r);
        if (hash != WRONG_TYPE) {
            r.reply().integer(hash == null ? 0 : hash.size());
        }
    }

    private static void valueLength(Request r) {
        HashValue hash = read(r);
        if (hash != WRONG_TYPE) {
            byte[] value = hash == null ? null : hash.get(r.arg(2));
            r.reply().integer(value == null ? 0 : value.length);
        }
    }

    /** HKEYS, HVALS and HGETALL; HGETALL is a map in RESP3. */
    private static void all(Request r, boolean fields, boolean values) {
        HashValue hash = read(r);
        if (hash == WRONG_TYPE) {
            return;
        }
        RespWriter reply = r.reply();
        int size = hash == null ? 0 : hash.size();
        if (fields && values) {
            reply.mapHeader(size);
        } else {
            reply.arrayHeader(size);
        }
        if (hash != null) {
            hash.forEach((field, value) -> {
                if (fields) {
                    reply.bulk(field);
                }
                if (values) {
                    reply.bulk(value);
                }
            });
        }
    }

    private static void incrBy(Request r) {
        Long increment = RedisNumbers.parseLong(r.arg(3));
        if (increment == null) {
            r.reply().error(Errors.NOT_INTEGER);
            return;
        }
        HashValue hash = readForWrite(r);
        if (hash == WRONG_TYPE) {
            return;
        }
        Long sum = Integers.incremented(hash.get(r.arg(2)), increment, Errors.HASH_VALUE_NOT_INTEGER, r.reply());
        if (sum == null) {
            return;
        }
        hash.put(r.arg(2), Long.toString(sum).getBytes(StandardCharsets.US_ASCII));
        r.propagate();
        r.reply().integer(sum);
        r.notify(EventClass.HASH, "hincrby", r.arg(1));
    }

    private static void incrByFloat(Request r) {
        String incrementText = r.text(3);
        LongDouble.Sum check = LongDouble.add("0", incrementText);
        if (!check.incrementIsFloat()) {
            r.reply().error(Errors.NOT_FLOAT);
            return;
        }
        if (check.text() == null) {
            r.reply().error(Errors.VALUE_NAN_OR_INFINITY);
            return;
        }
        HashValue hash = readForWrite(r);
        if (hash == WRONG_TYPE) {
            return;
        }
        byte[] old = hash.get(r.arg(2));
        LongDouble.Sum sum = LongDouble.add(old == null ? "0" : new String(old, StandardCharsets.UTF_8), incrementText);
        if (!sum.currentIsFloat()) {
            r.reply().error(Errors.HASH_VALUE_NOT_FLOAT);
            return;
        }
        if (sum.text() == null) {
            r.reply().error(Errors.INCREMENT_NAN_OR_INFINITY);
            return;
        }
        hash.put(r.arg(2), sum.text());
        // As Redis does, replicas get the result, not the addition (float rounding could differ).
        r.propagate(HSET, r.arg(1), r.arg(2), sum.text());
        r.reply().bulk(sum.text());
        r.notify(EventClass.HASH, "hincrbyfloat", r.arg(1));
    }

    /**
     * HRANDFIELD: one random field; with a count, that many distinct fields (all of them when the
     * count reaches the size, in the hash's order), or with a negative count that many picks
     * that may repeat. WITHVALUES pairs each field with its value (a nested array in RESP3).
     */
    private static void randomFields(Request r) {
        if (r.argc() == 2) {
            HashValue hash = read(r);
            if (hash != WRONG_TYPE) {
                r.reply().bulk(hash == null ? null : hash.randomPair()[0]);
            }
            return;
        }
        RandomSample.CountArgument argument = RandomSample.countArgument(r, "withvalues");
        if (argument == null) {
            return;
        }
        HashValue hash = read(r);
        if (hash == WRONG_TYPE) {
            return;
        }
        if (hash == null || argument.count() == 0) {
            r.reply().arrayHeader(0);
            return;
        }
        List<byte[][]> chosen = RandomSample.of(
                new RandomSample.Source<>(hash.size(), hash::randomPair, hash::randomPairs, hash::pairs), argument.count());
        PairsReply.write(r.reply(), chosen, argument.withValues(), pair -> pair[0], (w, pair) -> w.bulk(pair[1]));
    }

    /**
     * HSCAN: a listpack hash in one reply with cursor 0, as Redis does; a larger one in steps of
     * COUNT fields, its cursor being the position of the last field returned.
     */
    private static void scan(Request r) {
        ScanOptions.KeyScan<HashValue> scan = ScanOptions.startKeyScan(r, HashCommands::read, WRONG_TYPE);
        if (scan == null) {
            return;
        }
        HashValue hash = scan.value();
        ScanOptions options = scan.options();
        long cursor = scan.cursor();
        List<byte[]> found = new ArrayList<>();
        BiConsumer<byte[], byte[]> collect = (field, value) -> {
            if (options.matches(field)) {
                found.add(field);
                found.add(value);
            }
        };
        long next = 0;
        if (hash.isListpack()) {
            hash.forEach(collect);
        } else {
            next = hash.scan(cursor, options.count(), collect);
        }
        ScanOptions.reply(r.reply(), next, found);
    }
}
