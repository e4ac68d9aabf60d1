package dev.embeddedcluster.command.keys;

import dev.embeddedcluster.command.CommandHandler;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.command.notifications.EventClass;
import dev.embeddedcluster.keyspace.Container;
import dev.embeddedcluster.keyspace.Entry;
import dev.embeddedcluster.keyspace.Keyspace;
import dev.embeddedcluster.keyspace.rdb.DumpPayload;
import dev.embeddedcluster.keyspace.stream.StreamValue;
import dev.embeddedcluster.util.Ascii;
import dev.embeddedcluster.util.RedisNumbers;

import java.util.Arrays;
import java.util.function.BiConsumer;

/**
 * DUMP and RESTORE in Redis's own payload format ({@link DumpPayload}: an RDB value, version 10,
 * CRC-64), so payloads travel between this cluster and real Redis servers both ways. RESTORE
 * refuses a damaged payload with Redis's errors, checking its arguments in Redis's order.
 */
final class DumpRestore {
    private static final byte[] ABSTTL = Ascii.bytes("ABSTTL");
    private static final byte[] DEL = Ascii.bytes("DEL");

    private DumpRestore() {
    }

    static void register(BiConsumer<String, CommandHandler> registry) {
        registry.accept("dump", DumpRestore::dump);
        registry.accept("restore", DumpRestore::restore);
        registry.accept("restore-asking", DumpRestore::restore);
    }

    private static void dump(Request r) {
        Entry entry = r.keyspace().read(r.arg(1));
        r.reply().bulk(entry == null ? null : DumpPayload.dump(entry.value(), compresses(r)));
    }

    /** Whether payloads compress their strings, as rdbcompression tells. */
    static boolean compresses(Request r) {
        return !"no".equals(r.node().config().get("rdbcompression"));
    }

    private static void restore(Request r) {
        boolean replace = false;
        boolean absoluteTtl = false;
        long idleSeconds = -1;
        long frequency = -1;
        for (int j = 4; j < r.argc(); j++) {
            boolean more = j + 1 < r.argc();
            if (r.is(j, "replace")) {
                replace = true;
            } else if (r.is(j, "absttl")) {
                absoluteTtl = true;
            } else if (r.is(j, "idletime") && more && frequency == -1) {
                Long idle = RedisNumbers.parseLong(r.arg(++j));
                if (idle == null) {
                    r.reply().error(Errors.NOT_INTEGER);
                    return;
                }
                if (idle < 0) {
                    r.reply().error(Errors.RESTORE_IDLETIME);
                    return;
                }
                idleSeconds = idle;
            } else if (r.is(j, "freq") && more && idleSeconds == -1) {
                Long freq = RedisNumbers.parseLong(r.arg(++j));
                if (freq == null) {
                    r.reply().error(Errors.NOT_INTEGER);
                    return;
                }
                if (freq < 0 || freq > 255) {
                    r.reply().error(Errors.RESTORE_FREQ);
                    return;
                }
                frequency = freq;
            } else {
                r.reply().error(Errors.SYNTAX);
                return;
            }
        }
        byte[] key = r.arg(1);
        Keyspace keyspace = r.keyspace();
        if (!replace && keyspace.lookup(key) != null) {
            r.reply().error(Errors.BUSYKEY);
            return;
        }
        Long ttl = RedisNumbers.parseLong(r.arg(2));
        if (ttl == null) {
            r.reply().error(Errors.NOT_INTEGER);
            return;
        }
        if (ttl < 0) {
            r.reply().error(Errors.RESTORE_TTL);
            return;
        }
        Object value;
        try {
            value = DumpPayload.restore(r.arg(3), r.keyspace().limits());
        } catch (DumpPayload.InvalidPayload e) {
            r.reply().error(e.problem() == DumpPayload.Problem.VERSION_OR_CHECKSUM
                    ? Errors.DUMP_PAYLOAD_INVALID : Errors.DUMP_BAD_FORMAT);
            return;
        }
        boolean deleted = replace && keyspace.delete(key);
        long expireAt = ttl == 0 ? Entry.NO_EXPIRY : absoluteTtl ? ttl : ttl + r.now();
        if (ttl != 0 && expireAt <= r.now() && !keyspace.isApplyingMasterStream() && r.node().isMaster()) {
            if (deleted) {
                r.propagate(DEL, key);
                r.notify(EventClass.GENERIC, "del", key);
            }
            r.reply().ok();
            return;
        }
        Entry entry = keyspace.put(key, value, expireAt);
        String policy = r.node().config().get("maxmemory-policy");
        keyspace.restoreAccess(entry, policy != null && policy.contains("lfu"), idleSeconds, frequency);
        if (value instanceof Container || value instanceof StreamValue) {
            r.node().blockedPops().keyCreated(key);
        }
        if (ttl != 0 && !absoluteTtl) {
            byte[][] replicated = Arrays.copyOf(r.args(), r.argc() + 1);
            replicated[2] = RedisNumbers.toBytes(expireAt);
            replicated[r.argc()] = ABSTTL;
            r.propagate(replicated);
        } else {
            r.propagate();
        }
        r.notify(EventClass.GENERIC, "restore", key);
        r.reply().ok();
    }
}
