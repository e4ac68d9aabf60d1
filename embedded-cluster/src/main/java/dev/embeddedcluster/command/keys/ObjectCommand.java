package dev.embeddedcluster.command.keys;

import dev.embeddedcluster.command.CommandHandler;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.keyspace.Entry;
import dev.embeddedcluster.keyspace.HashValue;
import dev.embeddedcluster.keyspace.ListValue;
import dev.embeddedcluster.keyspace.SetValue;
import dev.embeddedcluster.keyspace.SortedSetValue;
import dev.embeddedcluster.keyspace.stream.StreamValue;
import dev.embeddedcluster.util.RedisNumbers;

import java.util.List;
import java.util.function.BiConsumer;

/** OBJECT ENCODING, FREQ, IDLETIME, REFCOUNT and HELP. */
final class ObjectCommand {
    private static final int SHARED_INTEGERS = 10000;
    private static final long SHARED_REFCOUNT = Integer.MAX_VALUE;
    private static final List<String> HELP = List.of(
            "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "ENCODING <key>",
            "    How the value at <key> is stored (int, embstr, raw, ...).",
            "FREQ <key>",
            "    The access frequency counter of <key>; needs an LFU maxmemory-policy.",
            "IDLETIME <key>",
            "    Seconds since <key> was last read or written; not with an LFU maxmemory-policy.",
            "REFCOUNT <key>",
            "    How many references the value at <key> has.",
            "HELP",
            "    This text.");

    private ObjectCommand() {
    }

    static void register(BiConsumer<String, CommandHandler> registry) {
        registry.accept("object|encoding", r -> {
            Entry e = r.keyspace().inspect(r.arg(2));
            r.reply().bulk(e == null ? null : e.rawEncoding() ? "raw" : encoding(e.value()));
        });
        registry.accept("object|refcount", r -> {
            Entry e = r.keyspace().inspect(r.arg(2));
            if (e == null) {
                r.reply().nullBulk();
            } else {
                r.reply().integer(sharedInteger(e.value()) ? SHARED_REFCOUNT : 1);
            }
        });
        registry.accept("object|idletime", ObjectCommand::idletime);
        registry.accept("object|freq", ObjectCommand::freq);
        registry.accept("object|help", r -> r.reply().simpleArray(HELP));
    }

    private static boolean lfu(Request r) {
        String policy = r.node().config().get("maxmemory-policy");
        return policy != null && policy.contains("lfu");
    }

    private static void idletime(Request r) {
        Entry e = r.keyspace().inspect(r.arg(2));
        if (e == null) {
            r.reply().nullBulk();
        } else if (lfu(r)) {
            r.reply().error(Errors.IDLETIME_UNDER_LFU);
        } else {
            r.reply().integer(Math.max(0, (r.now() - e.lastAccessMillis()) / 1000));
        }
    }

    private static void freq(Request r) {
        Entry e = r.keyspace().inspect(r.arg(2));
        if (e == null) {
            r.reply().nullBulk();
        } else if (!lfu(r)) {
            r.reply().error(Errors.FREQ_WITHOUT_LFU);
        } else {
            r.reply().integer(e.accessFrequency(r.now()));
        }
    }

    /**
     * Redis's encodings: for strings int for what fits a long in at most 20 chars, embstr up to
     * 44 bytes, raw beyond; for hashes listpack or hashtable; for sets intset or hashtable; for sorted sets listpack or skiplist; quicklist for every list (Redis 7.0).
     */
    static String encoding(Object value) {
        if (value instanceof byte[] bytes) {
            if (bytes.length <= 20 && RedisNumbers.parseLong(bytes) != null) {
                return "int";
            }
            return bytes.length <= 44 ? "embstr" : "raw";
        }
        if (value instanceof HashValue hash) {
            return hash.encoding();
        }
        if (value instanceof SetValue set) {
            return set.encoding();
        }
        if (value instanceof SortedSetValue sortedSet) {
            return sortedSet.encoding();
        }
        if (value instanceof ListValue) {
            return "quicklist";
        }
        if (value instanceof StreamValue) {
            return "stream";
        }
        return "unknown";
    }

    private static boolean sharedInteger(Object value) {
        if (!(value instanceof byte[] bytes) || bytes.length > 20) {
            return false;
        }
        Long n = RedisNumbers.parseLong(bytes);
        return n != null && n >= 0 && n < SHARED_INTEGERS;
    }
}
