package dev.embeddedcluster.command.keys;

import dev.embeddedcluster.command.stats.LazyFree;
import dev.embeddedcluster.command.CommandHandler;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.Integers;
import dev.embeddedcluster.command.Glob;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.command.ScanOptions;
import dev.embeddedcluster.command.notifications.EventClass;
import dev.embeddedcluster.keyspace.Container;
import dev.embeddedcluster.keyspace.Entry;
import dev.embeddedcluster.keyspace.HashValue;
import dev.embeddedcluster.keyspace.Keyspace;
import dev.embeddedcluster.keyspace.ListValue;
import dev.embeddedcluster.keyspace.SetValue;
import dev.embeddedcluster.keyspace.SortedSetValue;
import dev.embeddedcluster.keyspace.Values;
import dev.embeddedcluster.keyspace.stream.StreamValue;
import dev.embeddedcluster.resp.RespWriter;
import dev.embeddedcluster.util.Ascii;
import dev.embeddedcluster.util.RedisNumbers;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/** The generic key commands (Redis's db.c and expire.c). */
public final class KeyCommands {
    private static final byte[] DEL = Ascii.bytes("DEL");
    private static final byte[] PEXPIREAT = Ascii.bytes("PEXPIREAT");

    private KeyCommands() {
    }

    public static void register(BiConsumer<String, CommandHandler> registry) {
        registry.accept("del", KeyCommands::delete);
        registry.accept("unlink", r -> {
            for (int i = 1; i < r.argc(); i++) {
                dev.embeddedcluster.keyspace.Entry entry = r.keyspace().peek(r.arg(i));
                if (entry != null && LazyFree.inBackground(entry.value())) {
                    r.node().stats().lazyfreedObjects++;
                }
            }
            delete(r);
        });
        registry.accept("exists", KeyCommands::exists);
        registry.accept("touch", KeyCommands::touch);
        registry.accept("type", r -> r.reply().simple(typeName(r.keyspace().readUntouched(r.arg(1)))));
        registry.accept("expire", r -> expire(r, 1000, true));
        registry.accept("pexpire", r -> expire(r, 1, true));
        registry.accept("expireat", r -> expire(r, 1000, false));
        registry.accept("pexpireat", r -> expire(r, 1, false));
        registry.accept("ttl", r -> ttl(r, false));
        registry.accept("pttl", r -> ttl(r, true));
        registry.accept("expiretime", r -> expireTime(r, false));
        registry.accept("pexpiretime", r -> expireTime(r, true));
        registry.accept("persist", KeyCommands::persist);
        registry.accept("keys", KeyCommands::keys);
        registry.accept("scan", KeyCommands::scan);
        registry.accept("randomkey", r -> r.reply().bulk(r.keyspace().randomKey()));
        registry.accept("rename", r -> rename(r, false));
        registry.accept("renamenx", r -> rename(r, true));
        registry.accept("copy", KeyCommands::copy);
        ObjectCommand.register(registry);
        SortCommand.register(registry);
        DumpRestore.register(registry);
    }

    /** TYPE's name for a key's value. */
    static String typeName(Entry entry) {
        if (entry == null) {
            return "none";
        }
        if (entry.holdsString()) {
            return "string";
        }
        Object value = entry.value();
        if (value instanceof HashValue) {
            return "hash";
        }
        if (value instanceof SetValue) {
            return "set";
        }
        if (value instanceof SortedSetValue) {
            return "zset";
        }
        if (value instanceof StreamValue) {
            return "stream";
        }
        return value instanceof ListValue ? "list" : "none";
    }

    private static void delete(Request r) {
        int deleted = 0;
        for (int i = 1; i < r.argc(); i++) {
            if (r.keyspace().delete(r.arg(i))) {
                deleted++;
                r.notify(EventClass.GENERIC, "del", r.arg(i));
            }
        }
        if (deleted > 0) {
            r.propagate();
        }
        r.reply().integer(deleted);
    }

    private static void exists(Request r) {
        int count = 0;
        for (int i = 1; i < r.argc(); i++) {
            if (r.keyspace().readUntouched(r.arg(i)) != null) {
                count++;
            }
        }
        r.reply().integer(count);
    }

    private static void touch(Request r) {
        int count = 0;
        for (int i = 1; i < r.argc(); i++) {
            if (r.keyspace().read(r.arg(i)) != null) {
                count++;
            }
        }
        r.reply().integer(count);
    }

    private static void expire(Request r, long unitMillis, boolean relative) {
        boolean nx = false;
        boolean xx = false;
        boolean gt = false;
        boolean lt = false;
        for (int i = 3; i < r.argc(); i++) {
            if (r.is(i, "nx")) {
                nx = true;
            } else if (r.is(i, "xx")) {
                xx = true;
            } else if (r.is(i, "gt")) {
                gt = true;
            } else if (r.is(i, "lt")) {
                lt = true;
            } else {
                r.latin1Error(Errors.unsupportedOption(r.cString(i)));
                return;
            }
        }
        if (nx && (xx || gt || lt)) {
            r.reply().error(Errors.EXPIRE_NX_WITH_OTHERS);
            return;
        }
        if (gt && lt) {
            r.reply().error(Errors.EXPIRE_GT_WITH_LT);
            return;
        }
        Long amount = RedisNumbers.parseLong(r.arg(2));
        if (amount == null) {
            r.reply().error(Errors.NOT_INTEGER);
            return;
        }
        long when = amount;
        if (unitMillis == 1000) {
            if (when > Long.MAX_VALUE / 1000 || when < Long.MIN_VALUE / 1000) {
                r.reply().error(Errors.invalidExpireTime(r.spec().fullName()));
                return;
            }
            when *= 1000;
        }
        long base = relative ? r.now() : 0;
        if (when > Long.MAX_VALUE - base) {
            r.reply().error(Errors.invalidExpireTime(r.spec().fullName()));
            return;
        }
        when += base;
        byte[] key = r.arg(1);
        Entry entry = r.keyspace().peek(key);
        if (entry == null) {
            r.reply().integer(0);
            return;
        }
        long current = entry.expireAtMillis();
        boolean hasTtl = entry.hasExpiry();
        if ((nx && hasTtl) || (xx && !hasTtl) || (gt && (!hasTtl || when <= current)) || (lt && hasTtl && when >= current)) {
            r.reply().integer(0);
            return;
        }
        if (when <= r.now() && r.node().isMaster()) {
            r.keyspace().delete(key);
            r.propagate(DEL, key);
            r.reply().integer(1);
            r.notify(EventClass.GENERIC, "del", key);
        } else {
            r.keyspace().expireAt(entry, when);
            r.propagate(PEXPIREAT, key, RedisNumbers.toBytes(when));
            r.reply().integer(1);
            r.notify(EventClass.GENERIC, "expire", key);
        }
    }

    private static void ttl(Request r, boolean millis) {
        replyExpiry(r, at -> {
            long remaining = Math.max(0, at - r.now());
            return millis ? remaining : (remaining + 500) / 1000;
        });
    }

    private static void expireTime(Request r, boolean millis) {
        // rounded as Redis's build computes it: unsigned, so a time near the largest long does not overflow
        replyExpiry(r, at -> millis ? at : Long.divideUnsigned(at + 500, 1000));
    }

    /** -2 for a missing key, -1 for a key without expiry, else the expiry as {@code shown} turns it. */
    private static void replyExpiry(Request r, java.util.function.LongUnaryOperator shown) {
        Entry entry = r.keyspace().readUntouched(r.arg(1));
        if (entry == null) {
            r.reply().integer(-2);
        } else if (!entry.hasExpiry()) {
            r.reply().integer(-1);
        } else {
            r.reply().integer(shown.applyAsLong(entry.expireAtMillis()));
        }
    }

    private static void persist(Request r) {
        Entry entry = r.keyspace().peek(r.arg(1));
        if (entry != null && r.keyspace().persist(entry)) {
            r.propagate();
            r.notify(EventClass.GENERIC, "persist", r.arg(1));
            r.reply().integer(1);
        } else {
            r.reply().integer(0);
        }
    }

    private static void keys(Request r) {
        byte[] pattern = r.arg(1);
        boolean all = pattern.length == 1 && pattern[0] == '*';
        List<byte[]> found = new ArrayList<>();
        r.keyspace().forEach(e -> {
            if (all || Glob.matches(pattern, e.key(), false)) {
                found.add(e.key());
            }
        });
        r.reply().arrayHeader(found.size());
        found.forEach(r.reply()::bulk);
    }

    /**
     * SCAN: about COUNT keys per call, in the order of slots then of insertion within a slot; the
     * cursor names a slot and a place in it that stays valid as keys come and go.
     */
    private static void scan(Request r) {
        long cursor = ScanOptions.cursor(r, 1);
        if (cursor < 0) {
            return;
        }
        ScanOptions options = ScanOptions.parse(r, 2, true);
        if (options == null) {
            return;
        }
        List<byte[]> found = new ArrayList<>();
        String wantedType = options.type();
        long next = r.keyspace().scan(cursor, options.count(), e -> {
            if (options.matches(e.key()) && (wantedType == null || typeName(e).equalsIgnoreCase(wantedType))) {
                found.add(e.key());
            }
        });
        ScanOptions.reply(r.reply(), next, found);
    }

    private static void rename(Request r, boolean onlyIfAbsent) {
        byte[] source = r.arg(1);
        byte[] target = r.arg(2);
        Keyspace keyspace = r.keyspace();
        Entry entry = keyspace.lookup(source);
        if (entry == null) {
            r.reply().error(Errors.NO_SUCH_KEY);
            return;
        }
        if (java.util.Arrays.equals(source, target)) {
            if (onlyIfAbsent) {
                r.reply().integer(0);
            } else {
                r.reply().ok();
            }
            return;
        }
        if (onlyIfAbsent && keyspace.exists(target)) {
            r.reply().integer(0);
            return;
        }
        Object value = entry.value();
        long expireAt = entry.expireAtMillis();
        // As Redis does, the target is deleted and created anew (a "new" key even when it existed).
        keyspace.delete(target);
        keyspace.put(target, value, expireAt);
        keyspace.delete(source);
        if (value instanceof Container || value instanceof StreamValue) {
            r.node().blockedPops().keyCreated(target);
        }
        r.propagate();
        r.notify(EventClass.GENERIC, "rename_from", source);
        r.notify(EventClass.GENERIC, "rename_to", target);
        if (onlyIfAbsent) {
            r.reply().integer(1);
        } else {
            r.reply().ok();
        }
    }

    private static void copy(Request r) {
        boolean replace = false;
        long db = 0;
        for (int i = 3; i < r.argc(); i++) {
            if (r.is(i, "replace")) {
                replace = true;
            } else if (r.is(i, "db") && i + 1 < r.argc()) {
                Integer parsed = Integers.int32(r.arg(++i), r.reply());
                if (parsed == null) {
                    return;
                }
                if (parsed < 0 || parsed >= 16) {
                    r.reply().error(Errors.DB_INDEX_OUT_OF_RANGE);
                    return;
                }
                db = parsed;
            } else {
                r.reply().error(Errors.SYNTAX);
                return;
            }
        }
        if (db != 0) {
            r.reply().error(Errors.COPY_TO_OTHER_DB_IN_CLUSTER);
            return;
        }
        byte[] source = r.arg(1);
        byte[] target = r.arg(2);
        if (java.util.Arrays.equals(source, target)) {
            r.reply().error(Errors.SAME_SOURCE_AND_DESTINATION);
            return;
        }
        Keyspace keyspace = r.keyspace();
        Entry entry = keyspace.read(source);
        if (entry == null) {
            r.reply().integer(0);
            return;
        }
        if (keyspace.exists(target)) {
            if (!replace) {
                r.reply().integer(0);
                return;
            }
            keyspace.delete(target);
        }
        Object value = Values.copy(entry.value());
        keyspace.copyEncoding(entry, keyspace.put(target, value, entry.expireAtMillis()));
        if (value instanceof Container || value instanceof StreamValue) {
            r.node().blockedPops().keyCreated(target);
        }
        r.propagate();
        r.notify(EventClass.GENERIC, "copy_to", target);
        r.reply().integer(1);
    }
}
