package dev.embeddedcluster.command.cluster;

import dev.embeddedcluster.command.CommandHandler;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.NodeContext;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.command.notifications.EventClass;
import dev.embeddedcluster.keyspace.Entry;
import dev.embeddedcluster.keyspace.rdb.DumpPayload;
import dev.embeddedcluster.util.Ascii;
import dev.embeddedcluster.util.RedisNumbers;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * MIGRATE: moves keys to another instance by sending it RESTORE-ASKING with each key's DUMP
 * payload and remaining TTL, then deletes the keys the target took (unless COPY) and replicates
 * their deletion. The target must speak our DUMP format: a node of an embedded cluster.
 */
public final class MigrateCommand {
    private static final byte[] AUTH = Ascii.bytes("AUTH");
    private static final byte[] SELECT = Ascii.bytes("SELECT");
    private static final byte[] RESTORE_ASKING = Ascii.bytes("RESTORE-ASKING");
    private static final byte[] REPLACE = Ascii.bytes("REPLACE");
    private static final byte[] DEL = Ascii.bytes("DEL");
    private static final int DEFAULT_TIMEOUT_MILLIS = 1000;

    private MigrateCommand() {
    }

    public static void register(BiConsumer<String, CommandHandler> registry) {
        registry.accept("migrate", MigrateCommand::migrate);
    }

    private record Options(boolean copy, boolean replace, byte[] username, byte[] password, int firstKey) {
    }

    /** What MIGRATE replies: a status (OK, NOKEY) or an error. */
    public record Outcome(boolean error, String text) {
        static final Outcome OK = new Outcome(false, "OK");
        static final Outcome NOKEY = new Outcome(false, "NOKEY");
    }

    private static void migrate(Request r) {
        Options options = options(r);
        if (options == null) {
            return;
        }
        Long timeout = RedisNumbers.parseLong(r.arg(5));
        Long db = timeout == null ? null : RedisNumbers.parseLong(r.arg(4));
        if (timeout == null || db == null) {
            r.reply().error(Errors.NOT_INTEGER);
            return;
        }
        List<byte[]> keys = new ArrayList<>();
        for (int i = options.firstKey; i < r.argc(); i++) {
            keys.add(r.arg(i));
        }
        Outcome outcome = migrate(r.node(), r.text(1), port(r.text(2)), timeout, r.arg(4), keys, options);
        if (outcome.error()) {
            r.reply().error(outcome.text());
        } else {
            r.reply().simple(outcome.text());
        }
    }

    /** Moves the keys that exist here (all of them with the same slot) to a node of this JVM's cluster. Node thread only. */
    public static Outcome migrate(NodeContext node, String host, int port, List<byte[]> keys) {
        return migrate(node, host, port, 5000, Ascii.bytes("0"), keys, new Options(false, false, null, null, 0));
    }

    private static Outcome migrate(NodeContext node, String host, int port, long timeout, byte[] db, List<byte[]> keys,
                                   Options options) {
        List<byte[]> present = new ArrayList<>();
        List<byte[][]> commands = new ArrayList<>();
        if (options.password != null) {
            commands.add(options.username == null ? new byte[][] {AUTH, options.password}
                    : new byte[][] {AUTH, options.username, options.password});
        }
        commands.add(new byte[][] {SELECT, db});
        int preamble = commands.size();
        long now = node.clock().currentTimeMillis();
        boolean compress = !"no".equals(node.config().get("rdbcompression"));
        for (byte[] key : keys) {
            Entry entry = node.keyspace().read(key);
            if (entry == null) {
                continue;
            }
            long ttl = 0;
            if (entry.hasExpiry()) {
                ttl = entry.expireAtMillis() - now;
                if (ttl < 0) {
                    continue;
                }
                ttl = Math.max(ttl, 1);
            }
            present.add(key);
            byte[][] restore = {RESTORE_ASKING, key, RedisNumbers.toBytes(ttl), DumpPayload.dump(entry.value(), compress)};
            commands.add(options.replace ? append(restore, REPLACE) : restore);
        }
        if (present.isEmpty()) {
            return Outcome.NOKEY;
        }
        List<String> replies;
        try {
            int millis = timeout <= 0 ? DEFAULT_TIMEOUT_MILLIS : (int) Math.min(timeout, Integer.MAX_VALUE);
            replies = MigrationLink.exchange(host, port, millis, commands);
        } catch (MigrationLink.Failure failure) {
            return new Outcome(true, failure.getMessage());
        }
        return settle(node, options, present, replies, preamble);
    }

    /**
     * Deletes the keys the target restored (unless COPY): OK, or the first error of the target
     * (an AUTH or SELECT error fails every key).
     */
    private static Outcome settle(NodeContext node, Options options, List<byte[]> keys, List<String> replies, int preamble) {
        String preambleError = null;
        for (int i = 0; i < preamble && preambleError == null; i++) {
            if (replies.get(i).startsWith("-")) {
                preambleError = replies.get(i);
            }
        }
        String firstError = null;
        List<byte[]> moved = new ArrayList<>();
        for (int k = 0; k < keys.size(); k++) {
            String reply = replies.get(preamble + k);
            if (preambleError != null || reply.startsWith("-")) {
                if (firstError == null) {
                    firstError = preambleError != null ? preambleError : reply;
                }
            } else if (!options.copy) {
                node.keyspace().delete(keys.get(k));
                node.keyspaceEvents().notify(EventClass.GENERIC, "del", keys.get(k));
                moved.add(keys.get(k));
            }
        }
        if (!moved.isEmpty()) {
            byte[][] del = new byte[moved.size() + 1][];
            del[0] = DEL;
            for (int i = 0; i < moved.size(); i++) {
                del[i + 1] = moved.get(i);
            }
            node.replication().propagate(del);
        }
        return firstError == null ? Outcome.OK
                : new Outcome(true, "ERR Target instance replied with error: " + firstError.substring(1));
    }

    /** The options after the timeout, read as Redis reads them; null after replying an error. */
    private static Options options(Request r) {
        boolean copy = false;
        boolean replace = false;
        byte[] username = null;
        byte[] password = null;
        int firstKey = 3;
        for (int j = 6; j < r.argc(); j++) {
            int more = r.argc() - 1 - j;
            if (r.is(j, "copy")) {
                copy = true;
            } else if (r.is(j, "replace")) {
                replace = true;
            } else if (r.is(j, "auth") && more >= 1) {
                password = r.arg(++j);
            } else if (r.is(j, "auth2") && more >= 2) {
                username = r.arg(++j);
                password = r.arg(++j);
            } else if (r.is(j, "keys")) {
                if (r.arg(3).length != 0) {
                    r.reply().error(Errors.MIGRATE_KEYS_WITH_KEY);
                    return null;
                }
                firstKey = j + 1;
                break;
            } else {
                r.reply().error(Errors.SYNTAX);
                return null;
            }
        }
        return new Options(copy, replace, username, password, firstKey);
    }

    /** The port as C's atoi reads it, as Redis does: the leading digits, 0 without any. */
    private static int port(String text) {
        int port = 0;
        for (int i = 0; i < text.length() && Character.isDigit(text.charAt(i)) && port <= 65535; i++) {
            port = port * 10 + (text.charAt(i) - '0');
        }
        return port;
    }

    private static byte[][] append(byte[][] command, byte[] arg) {
        byte[][] longer = java.util.Arrays.copyOf(command, command.length + 1);
        longer[command.length] = arg;
        return longer;
    }
}
