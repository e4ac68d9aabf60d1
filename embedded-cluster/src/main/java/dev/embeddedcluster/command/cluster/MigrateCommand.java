package dev.embeddedcluster.command.cluster;

import dev.embeddedcluster.command.Client;
import dev.embeddedcluster.command.CommandHandler;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.MigrateTargets;
import dev.embeddedcluster.command.NodeContext;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.command.notifications.EventClass;
import dev.embeddedcluster.keyspace.Entry;
import dev.embeddedcluster.keyspace.rdb.DumpPayload;
import dev.embeddedcluster.resp.RespWriter;
import dev.embeddedcluster.util.Ascii;
import dev.embeddedcluster.util.RedisNumbers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * MIGRATE: moves keys to another instance (one of our nodes or any Redis server) by sending it
 * RESTORE-ASKING with each key's DUMP payload and remaining TTL, then deletes the keys the target
 * took (unless COPY) and replicates their deletion as DEL.
 *
 * <p>Where Redis blocks its whole server while it talks to the target, the client that sent
 * MIGRATE is blocked and the node keeps serving the others; the keys are read when MIGRATE runs
 * and deleted when the target's replies arrive, on the node's thread. The one difference a client
 * of this node can observe: a key another client writes in between is not deleted (its newer
 * value stays here; the target has the value MIGRATE sent). Inside MULTI/EXEC or a script, where
 * a client cannot block, MIGRATE talks to the target synchronously, as Redis does, within its
 * timeout, on a connection of its own.
 */
public final class MigrateCommand {
    private static final byte[] AUTH = Ascii.bytes("AUTH");
    private static final byte[] RESTORE_ASKING = Ascii.bytes("RESTORE-ASKING");
    private static final byte[] RESTORE = Ascii.bytes("RESTORE");
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

        void write(RespWriter reply) {
            if (error) {
                reply.error(text);
            } else {
                reply.simple(text);
            }
        }
    }

    /** The keys that exist here as MIGRATE sends them: their DUMP payloads, and the batch for the target. */
    private record Prepared(List<byte[]> keys, List<byte[]> payloads, List<Long> expiries,
                            MigrateTargets.Batch batch) {
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
        NodeContext node = r.node();
        Prepared prepared = prepare(node, keys, options, db);
        if (prepared == null) {
            r.reply().simple(Outcome.NOKEY.text());
            return;
        }
        long millis = timeout <= 0 ? DEFAULT_TIMEOUT_MILLIS : timeout;
        String host = r.text(1);
        int port = port(r.text(2));
        Client client = r.client();
        if (client.denyBlocking()) {
            MigrateTargets.Result result = MigrationLink.exchange(node.migrateTargets().blockingSockets(), host, port, (int) Math.min(millis, Integer.MAX_VALUE), prepared.batch());
            settle(node, options.copy, prepared, result).write(r.reply());
            return;
        }
        client.block();
        node.migrateTargets().exchange(host, port, millis, prepared.batch(), result -> {
            Outcome outcome = settle(node, options.copy, prepared, result);
            client.lastWriteOffset(node.replication().offset());
            client.replyAndUnblock(outcome::write);
        });
    }

    /**
     * Moves the keys that exist here (all of them with the same slot) to a node of this JVM's
     * cluster, through that node's port; {@code done} gets the outcome on this node's thread.
     * Node thread only.
     */
    public static void migrate(NodeContext node, String host, int port, List<byte[]> keys, Consumer<Outcome> done) {
        Options options = new Options(false, false, null, null, 0);
        Prepared prepared = prepare(node, keys, options, 0);
        if (prepared == null) {
            done.accept(Outcome.NOKEY);
            return;
        }
        node.migrateTargets().exchange(host, port, 5000, prepared.batch(),
                result -> done.accept(settle(node, false, prepared, result)));
    }

    /** Reads the keys that exist (and have not expired) as DUMP payloads; null when none does. */
    private static Prepared prepare(NodeContext node, List<byte[]> keys, Options options, long db) {
        List<byte[]> present = new ArrayList<>();
        List<byte[]> payloads = new ArrayList<>();
        List<Long> expiries = new ArrayList<>();
        List<byte[][]> restores = new ArrayList<>();
        long now = node.clock().currentTimeMillis();
        // A target in cluster mode takes RESTORE-ASKING for a slot it is importing; Redis sends it in cluster mode only.
        byte[] restore = "yes".equals(node.config().get("cluster-enabled")) ? RESTORE_ASKING : RESTORE;
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
            byte[] payload = DumpPayload.dump(entry.value(), compress);
            present.add(key);
            payloads.add(payload);
            expiries.add(entry.hasExpiry() ? entry.expireAtMillis() : -1L);
            byte[][] command = {restore, key, RedisNumbers.toBytes(ttl), payload};
            restores.add(options.replace ? append(command, REPLACE) : command);
        }
        if (present.isEmpty()) {
            return null;
        }
        byte[][] auth = null;
        if (options.password != null) {
            auth = options.username == null ? new byte[][] {AUTH, options.password}
                    : new byte[][] {AUTH, options.username, options.password};
        }
        return new Prepared(present, payloads, expiries, new MigrateTargets.Batch(auth, db, restores));
    }

    /**
     * As Redis settles a MIGRATE: an error of AUTH or SELECT, or of a RESTORE, fails the keys from
     * there on (reported as the target's first error); the keys the target took are deleted here
     * unless COPY, and their deletion replicated; a connection that failed ends with its IOERR.
     */
    private static Outcome settle(NodeContext node, boolean copy, Prepared prepared, MigrateTargets.Result result) {
        List<String> replies = result.restoreReplies();
        if (result.ioError() != null && replies.isEmpty()) {
            return new Outcome(true, result.ioError());
        }
        String firstError = null;
        List<byte[]> moved = new ArrayList<>();
        for (int k = 0; k < replies.size(); k++) {
            String failed = error(result.authReply()) ? result.authReply()
                    : error(result.selectReply()) ? result.selectReply()
                    : error(replies.get(k)) ? replies.get(k) : null;
            if (failed != null) {
                if (firstError == null) {
                    firstError = failed;
                }
            } else if (!copy && unchanged(node, prepared, k)) {
                byte[] key = prepared.keys().get(k);
                node.keyspace().delete(key);
                node.keyspaceEvents().notify(EventClass.GENERIC, "del", key);
                moved.add(key);
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
        if (firstError != null) {
            return new Outcome(true, "ERR Target instance replied with error: " + firstError.substring(1));
        }
        return result.ioError() != null ? new Outcome(true, result.ioError()) : Outcome.OK;
    }

    private static boolean error(String reply) {
        return reply != null && reply.startsWith("-");
    }

    /** Whether the key still holds what MIGRATE sent: no other client wrote it meanwhile. */
    private static boolean unchanged(NodeContext node, Prepared prepared, int k) {
        Entry entry = node.keyspace().read(prepared.keys().get(k));
        return entry != null
                && (entry.hasExpiry() ? entry.expireAtMillis() : -1L) == prepared.expiries().get(k)
                && Arrays.equals(DumpPayload.dump(entry.value(), !"no".equals(node.config().get("rdbcompression"))),
                        prepared.payloads().get(k));
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
        byte[][] longer = Arrays.copyOf(command, command.length + 1);
        longer[command.length] = arg;
        return longer;
    }
}
