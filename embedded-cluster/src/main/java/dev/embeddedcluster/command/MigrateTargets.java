package dev.embeddedcluster.command;

import java.util.List;
import java.util.function.Consumer;

/**
 * MIGRATE's connections to target instances (any server speaking RESP: one of our nodes or a
 * real redis-server), kept open per host and port for later MIGRATEs as Redis keeps them. The
 * exchange is asynchronous: the node keeps serving while the target answers.
 */
public interface MigrateTargets {
    /**
     * What one MIGRATE sends: AUTH when given, SELECT of {@code db} (left out when the cached
     * connection already has it selected), then the RESTORE commands.
     */
    record Batch(byte[][] auth, long db, List<byte[][]> restores) {
    }

    /**
     * The target's first reply lines (without CRLF): to AUTH and SELECT (null when not sent), and
     * to as many RESTOREs as were read; {@code ioError} is MIGRATE's IOERR reply when the
     * connection failed (after every retry), or null.
     */
    record Result(String ioError, String authReply, String selectReply, List<String> restoreReplies) {
    }

    /** Sends the batch and calls {@code done} on the node's thread with what the target replied. */
    void exchange(String host, int port, long timeoutMillis, Batch batch, Consumer<Result> done);

    /** The connections kept open now (INFO's migrate_cached_sockets). */
    int cachedSockets();

    /**
     * Where MIGRATE's blocking form (inside MULTI or a script) opens its one-off connection: plain
     * sockets, or on a TLS cluster TLS ones that present the nodes' client certificate.
     */
    javax.net.SocketFactory blockingSockets();
}
