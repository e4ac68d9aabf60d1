package dev.embeddedcluster.command.strings;

import dev.embeddedcluster.command.CommandHandler;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.Integers;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.command.StringRange;
import dev.embeddedcluster.command.notifications.EventClass;
import dev.embeddedcluster.keyspace.Entry;
import dev.embeddedcluster.keyspace.Keyspace;
import dev.embeddedcluster.resp.RespWriter;
import dev.embeddedcluster.util.Ascii;
import dev.embeddedcluster.util.RedisNumbers;

import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;

/** The string commands (Redis's t_string.c). String values are immutable byte arrays. */
public final class StringCommands {
    static final long MAX_STRING_LENGTH = 512L * 1024 * 1024;
    private static final byte[] SET = Ascii.bytes("SET");
    private static final byte[] PXAT = Ascii.bytes("PXAT");
    private static final byte[] KEEPTTL = Ascii.bytes("KEEPTTL");
    private static final byte[] DEL = Ascii.bytes("DEL");
    private static final byte[] PEXPIREAT = Ascii.bytes("PEXPIREAT");
    private static final byte[] PERSIST = Ascii.bytes("PERSIST");
    private static final byte[] EMPTY = new byte[0];

    private StringCommands() {
    }

    public static void register(BiConsumer<String, CommandHandler> registry) {
        registry.accept("get", StringCommands::get);
        registry.accept("set", StringCommands::set);
        registry.accept("setnx", StringCommands::setnx);
        registry.accept("setex", r -> setWithExpire(r, 1000));
        registry.accept("psetex", r -> setWithExpire(r, 1));
        registry.accept("getset", StringCommands::getset);
        registry.accept("getdel", StringCommands::getdel);
        registry.accept("getex", StringCommands::getex);
        registry.accept("mget", StringCommands::mget);
        registry.accept("mset", StringCommands::mset);
        registry.accept("msetnx", StringCommands::msetnx);
        registry.accept("incr", r -> incrBy(r, 1));
        registry.accept("decr", r -> incrBy(r, -1));
        registry.accept("incrby", r -> incrByArgument(r, false));
        registry.accept("decrby", r -> incrByArgument(r, true));
        registry.accept("incrbyfloat", StringCommands::incrByFloat);
        registry.accept("append", StringCommands::append);
        registry.accept("strlen", StringCommands::strlen);
        registry.accept("getrange", StringCommands::getrange);
        registry.accept("substr", StringCommands::getrange);
        registry.accept("setrange", StringCommands::setrange);
        registry.accept("lcs", Lcs::execute);
    }

    /** The string at a key; null when missing; {@link #WRONG_TYPE} (after replying) for another type. */
    static byte[] readString(Request r, byte[] key) {
        Entry e = r.keyspace().read(key);
        if (e == null) {
            return null;
        }
        if (!(e.value() instanceof byte[] bytes)) {
            r.reply().error(Errors.WRONG_TYPE);
            return WRONG_TYPE;
        }
        return bytes;
    }

    static final byte[] WRONG_TYPE = new byte[0];

    private static void get(Request r) {
        Entry entry = r.keyspace().read(r.arg(1));
        if (entry == null) {
            r.reply().bulk((byte[]) null);
        } else if (!entry.holdsString()) {
            r.reply().error(Errors.WRONG_TYPE);
        } else {
            // In place: the reply copies the bytes at once, and a string written in place keeps its free space.
            r.reply().bulk(entry.stringBuffer(), 0, entry.stringLength());
        }
    }

    private static void set(Request r) {
        SetOptions options = SetOptions.parse(r, 3, false);
        if (options == null) {
            return;
        }
        byte[] key = r.arg(1);
        byte[] old = null;
        if (options.get) {
            old = readString(r, key);
            if (old == WRONG_TYPE) {
                return;
            }
        }
        Keyspace keyspace = r.keyspace();
        Entry existing = keyspace.lookup(key);
        boolean found = existing != null;
        if ((options.nx && found) || (options.xx && !found)) {
            if (options.get) {
                r.reply().bulk(old);
            } else {
                r.reply().nullBulk();
            }
            return;
        }
        if (options.keepTtl && existing != null) {
            keyspace.update(existing, r.arg(2));
        } else {
            keyspace.put(key, r.arg(2), options.expireAtMillis);
        }
        if (options.expireAtMillis != Entry.NO_EXPIRY && !options.absoluteMillis) {
            r.propagate(SET, key, r.arg(2), PXAT, RedisNumbers.toBytes(options.expireAtMillis));
        } else {
            r.propagate();
        }
        r.notify(EventClass.STRING, "set", key);
        if (options.expireAtMillis != Entry.NO_EXPIRY) {
            r.notify(EventClass.GENERIC, "expire", key);
        }
        if (options.get) {
            r.reply().bulk(old);
        } else {
            r.reply().ok();
        }
    }

    private static void setnx(Request r) {
        if (r.keyspace().exists(r.arg(1))) {
            r.reply().integer(0);
            return;
        }
        r.keyspace().put(r.arg(1), r.arg(2));
        r.propagate();
        r.notify(EventClass.STRING, "set", r.arg(1));
        r.reply().integer(1);
    }

    private static void setWithExpire(Request r, long unitMillis) {
        Long amount = RedisNumbers.parseLong(r.arg(2));
        if (amount == null) {
            r.reply().error(Errors.NOT_INTEGER);
            return;
        }
        long at = Expiry.absolute(amount, unitMillis, true, r.now());
        if (at == Expiry.INVALID) {
            r.reply().error(Errors.invalidExpireTime(r.spec().fullName()));
            return;
        }
        r.keyspace().put(r.arg(1), r.arg(3), at);
        r.propagate(SET, r.arg(1), r.arg(3), PXAT, RedisNumbers.toBytes(at));
        r.notify(EventClass.STRING, "set", r.arg(1));
        r.notify(EventClass.GENERIC, "expire", r.arg(1));
        r.reply().ok();
    }

    private static void getset(Request r) {
        byte[] old = readString(r, r.arg(1));
        if (old == WRONG_TYPE) {
            return;
        }
        r.keyspace().put(r.arg(1), r.arg(2));
        r.propagate();
        r.notify(EventClass.STRING, "set", r.arg(1));
        r.reply().bulk(old);
    }

    private static void getdel(Request r) {
        byte[] old = readString(r, r.arg(1));
        if (old == WRONG_TYPE) {
            return;
        }
        if (old != null) {
            r.keyspace().delete(r.arg(1));
            r.propagate(DEL, r.arg(1));
            r.notify(EventClass.GENERIC, "del", r.arg(1));
        }
        r.reply().bulk(old);
    }

    private static void getex(Request r) {
        SetOptions options = SetOptions.parse(r, 2, true);
        if (options == null) {
            return;
        }
        byte[] key = r.arg(1);
        byte[] value = readString(r, key);
        if (value == WRONG_TYPE) {
            return;
        }
        if (value == null) {
            r.reply().nullBulk();
            return;
        }
        if (!options.resolveExpiry(r)) {
            return;
        }
        Entry entry = r.keyspace().peek(key);
        if (options.expireAtMillis != Entry.NO_EXPIRY) {
            if (options.expireAtMillis <= r.now()) {
                r.keyspace().delete(key);
                r.propagate(DEL, key);
                r.notify(EventClass.GENERIC, "del", key);
            } else {
                r.keyspace().expireAt(entry, options.expireAtMillis);
                r.propagate(PEXPIREAT, key, RedisNumbers.toBytes(options.expireAtMillis));
                r.notify(EventClass.GENERIC, "expire", key);
            }
        } else if (options.persist && r.keyspace().persist(entry)) {
            r.propagate(PERSIST, key);
            r.notify(EventClass.GENERIC, "persist", key);
        }
        r.reply().bulk(value);
    }

    private static void mget(Request r) {
        RespWriter reply = r.reply();
        reply.arrayHeader(r.argc() - 1);
        for (int i = 1; i < r.argc(); i++) {
            Entry e = r.keyspace().read(r.arg(i));
            if (e == null) {
                reply.nullBulk();
            } else {
                reply.bulk(e.value() instanceof byte[] bytes ? bytes : null);
            }
        }
    }

    private static void mset(Request r) {
        if (r.argc() % 2 == 0) {
            r.reply().error(Errors.wrongArity(r.spec().fullName()));
            return;
        }
        for (int i = 1; i < r.argc(); i += 2) {
            r.keyspace().put(r.arg(i), r.arg(i + 1));
            r.notify(EventClass.STRING, "set", r.arg(i));
        }
        r.propagate();
        r.reply().ok();
    }

    private static void msetnx(Request r) {
        if (r.argc() % 2 == 0) {
            r.reply().error(Errors.wrongArity(r.spec().fullName()));
            return;
        }
        for (int i = 1; i < r.argc(); i += 2) {
            if (r.keyspace().exists(r.arg(i))) {
                r.reply().integer(0);
                return;
            }
        }
        for (int i = 1; i < r.argc(); i += 2) {
            r.keyspace().put(r.arg(i), r.arg(i + 1));
            r.notify(EventClass.STRING, "set", r.arg(i));
        }
        r.propagate();
        r.reply().integer(1);
    }

    private static void incrByArgument(Request r, boolean decrement) {
        Long by = RedisNumbers.parseLong(r.arg(2));
        if (by == null) {
            r.reply().error(Errors.NOT_INTEGER);
            return;
        }
        if (decrement && by == Long.MIN_VALUE) {
            r.reply().error(Errors.DECREMENT_OVERFLOW);
            return;
        }
        incrBy(r, decrement ? -by : by);
    }

    private static void incrBy(Request r, long by) {
        byte[] key = r.arg(1);
        Entry entry = r.keyspace().lookup(key);
        if (entry != null && !(entry.value() instanceof byte[])) {
            r.reply().error(Errors.WRONG_TYPE);
            return;
        }
        Long result = Integers.incremented(entry == null ? null : (byte[]) entry.value(), by,
                Errors.NOT_INTEGER, r.reply());
        if (result == null) {
            return;
        }
        byte[] value = RedisNumbers.toBytes(result);
        if (entry == null) {
            r.keyspace().put(key, value);
        } else {
            r.keyspace().update(entry, value);
        }
        r.propagate();
        r.notify(EventClass.STRING, "incrby", key);
        r.reply().integer(result);
    }

    private static void incrByFloat(Request r) {
        byte[] key = r.arg(1);
        Entry entry = r.keyspace().lookup(key);
        String current = "0";
        if (entry != null) {
            if (!(entry.value() instanceof byte[] bytes)) {
                r.reply().error(Errors.WRONG_TYPE);
                return;
            }
            current = new String(bytes, StandardCharsets.UTF_8);
        }
        LongDouble.Sum sum = LongDouble.add(current, r.text(2));
        if (!sum.currentIsFloat() || !sum.incrementIsFloat()) {
            r.reply().error(Errors.NOT_FLOAT);
            return;
        }
        byte[] value = sum.text();
        if (value == null) {
            r.reply().error(Errors.INCREMENT_NAN_OR_INFINITY);
            return;
        }
        if (entry == null) {
            r.keyspace().put(key, value);
        } else {
            r.keyspace().update(entry, value);
        }
        r.propagate(SET, key, value, KEEPTTL);
        r.notify(EventClass.STRING, "incrbyfloat", key);
        r.reply().bulk(value);
    }

    private static void append(Request r) {
        byte[] key = r.arg(1);
        Entry entry = r.keyspace().lookup(key);
        byte[] tail = r.arg(2);
        if (entry == null) {
            r.keyspace().put(key, tail);
            r.propagate();
            r.notify(EventClass.STRING, "append", key);
            r.reply().integer(tail.length);
            return;
        }
        if (!entry.holdsString()) {
            r.reply().error(Errors.WRONG_TYPE);
            return;
        }
        int length = entry.stringLength();
        if ((long) length + tail.length > MAX_STRING_LENGTH) {
            r.reply().error(Errors.STRING_TOO_LONG);
            return;
        }
        byte[] buffer = entry.writableString(length + tail.length);
        System.arraycopy(tail, 0, buffer, length, tail.length);
        r.propagate();
        r.notify(EventClass.STRING, "append", key);
        r.reply().integer(length + tail.length);
    }

    private static void strlen(Request r) {
        Entry entry = r.keyspace().read(r.arg(1));
        if (entry != null && !entry.holdsString()) {
            r.reply().error(Errors.WRONG_TYPE);
            return;
        }
        r.reply().integer(entry == null ? 0 : entry.stringLength());
    }

    private static void getrange(Request r) {
        Long start = RedisNumbers.parseLong(r.arg(2));
        Long end = RedisNumbers.parseLong(r.arg(3));
        if (start == null || end == null) {
            r.reply().error(Errors.NOT_INTEGER);
            return;
        }
        // Read in place: the reply copies the range at once, and a string written in place stays so.
        Entry entry = r.keyspace().read(r.arg(1));
        if (entry != null && !entry.holdsString()) {
            r.reply().error(Errors.WRONG_TYPE);
            return;
        }
        byte[] value = entry == null ? EMPTY : entry.stringBuffer();
        long length = entry == null ? 0 : entry.stringLength();
        if (start < 0 && end < 0 && start > end) {
            r.reply().bulk(EMPTY);
            return;
        }
        long[] range = StringRange.clamp(start, end, length);
        long s = range[0];
        long e = range[1];
        if (s > e || length == 0) {
            r.reply().bulk(EMPTY);
            return;
        }
        r.reply().bulk(value, (int) s, (int) (e - s + 1));
    }

    private static void setrange(Request r) {
        Long offset = RedisNumbers.parseLong(r.arg(2));
        if (offset == null) {
            r.reply().error(Errors.NOT_INTEGER);
            return;
        }
        if (offset < 0) {
            r.reply().error(Errors.OFFSET_OUT_OF_RANGE);
            return;
        }
        byte[] key = r.arg(1);
        byte[] patch = r.arg(3);
        Entry entry = r.keyspace().lookup(key);
        if (entry != null && !entry.holdsString()) {
            r.reply().error(Errors.WRONG_TYPE);
            return;
        }
        int currentLength = entry == null ? 0 : entry.stringLength();
        if (patch.length == 0) {
            r.reply().integer(currentLength);
            return;
        }
        if (offset > MAX_STRING_LENGTH - patch.length) { // offset + length, which may overflow
            r.reply().error(Errors.STRING_TOO_LONG);
            return;
        }
        int length = (int) Math.max(currentLength, offset + patch.length);
        // A new string made by SETRANGE is raw too: Redis builds it as a raw buffer.
        Entry written = entry == null ? r.keyspace().put(key, new byte[length]) : entry;
        byte[] buffer = written.writableString(length);
        System.arraycopy(patch, 0, buffer, (int) (long) offset, patch.length);
        r.propagate();
        r.notify(EventClass.STRING, "setrange", key);
        r.reply().integer(length);
    }
}
