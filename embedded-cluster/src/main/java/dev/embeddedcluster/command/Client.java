package dev.embeddedcluster.command;

import dev.embeddedcluster.command.tracking.TrackingMode;
import dev.embeddedcluster.command.transactions.Transaction;
import dev.embeddedcluster.resp.RespWriter;

import java.util.function.Consumer;

/**
 * What a handler may know and change of the client that sent its command: the connection's
 * state (name, RESP version, READONLY, ASKING, MULTI, WATCH, subscriptions, tracking), blocking
 * and late replies. The server implements it over its connection; handlers never see the socket.
 * Node thread only (see {@link NodeContext}).
 */
public interface Client {
    long id();

    /**
     * Whether the connection carries state a fresh one does not: a name, READONLY, CLIENT REPLY
     * OFF or SKIP, NO-EVICT, NO-TOUCH, a blocked command, an open MULTI, watched keys, subscriptions, MONITOR or tracking.
     */
    boolean holdsConnectionState();

    /** How the client tracks keys for client-side caching, or null when it does not. */
    TrackingMode tracking();

    void tracking(TrackingMode tracking);

    /** Whether the client is in MONITOR mode. */
    boolean monitoring();

    void monitoring(boolean monitoring);

    /** Whether the client has a pub/sub subscription (in RESP2 it may then run only pub/sub commands). */
    boolean subscribed();

    void subscribed(boolean subscribed);

    /** The open MULTI, or null. */
    Transaction transaction();

    void transaction(Transaction transaction);

    /** A key this client watches changed: its next EXEC fails. */
    void watchedKeyChanged();

    boolean watchedKeyHasChanged();

    /** Starts or ends watching (UNWATCH, EXEC and DISCARD end it and forget changes seen). */
    void watching(boolean watching);

    /** While EXEC runs its commands, blocking commands answer at once as if their time had passed. */
    boolean denyBlocking();

    void denyBlocking(boolean deny);

    /** Whether this is the client Lua scripts run their commands as (MONITOR shows it as "lua"). */
    boolean script();

    void script(boolean script);

    long createdMillis();

    /** The client's name, or null when it has none. */
    String name();

    void name(String name);

    String libName();

    void libName(String libName);

    String libVersion();

    void libVersion(String libVersion);

    boolean readonly();

    void readonly(boolean readonly);

    boolean asking();

    void asking(boolean asking);

    boolean authenticated();

    void authenticated(boolean authenticated);

    /** The user the client runs commands as; null for the node's own clients, which may run anything. */
    dev.embeddedcluster.command.acl.AclUser user();

    void user(dev.embeddedcluster.command.acl.AclUser user);

    boolean noEvict();

    void noEvict(boolean noEvict);

    boolean noTouch();

    void noTouch(boolean noTouch);

    /** The RESP version HELLO chose for this connection. */
    int protocol();

    void protocol(int protocol);

    /** CLIENT REPLY ON (and RESET): every reply is sent again, this command's included. */
    void repliesOn();

    /** CLIENT REPLY OFF. */
    void repliesOff();

    /** CLIENT REPLY SKIP: the next command's reply is dropped (nothing changes while replies are off). */
    void skipNextReply();

    /**
     * Bytes {@code from} to {@code to} ({@link RespWriter#pendingBytes()} values) of the current
     * command's reply are push messages (subscribe confirmations), which CLIENT REPLY OFF and SKIP
     * do not drop, as in Redis.
     */
    void pushWritten(int from, int to);

    long lastInteractionMillis();

    /** Output written for the client that its connection has not sent yet (CLIENT LIST's omem). */
    long unsentOutputBytes();

    String lastCommand();

    void interacted(long nowMillis, String commandName);

    boolean closeAfterReply();

    /** Closes the connection once the current reply is written (QUIT, CLIENT KILL of oneself). */
    void closeAfterReply(boolean close);

    /** The replication offset right after this client's latest write, for WAIT. */
    long lastWriteOffset();

    void lastWriteOffset(long offset);

    /** Whether the client waits (WAIT, blocking pops) so that its next commands queue. */
    boolean blocked();

    /** Holds the client's next commands until {@link #unblock()}; its reply comes later. */
    void block();

    /** Releases a blocked client after its reply was written: its queued commands run next. */
    void unblock();

    /**
     * Blocks the client with its current command unrun (CLIENT PAUSE): {@link #unblock()} runs
     * that command again, then the client's queued ones.
     */
    void postpone();

    /** Whether the client's current command waits for a pause to end. */
    boolean postponed();

    /**
     * Blocks the client and keeps the replies it already has from being sent (a synchronous
     * replication hold), until {@link #releaseReplies()}.
     */
    void holdReplies();

    boolean repliesHeld();

    /** Ends a hold: sends the replies kept back and runs the client's next commands. */
    void releaseReplies();

    /**
     * Whether the client's command runs on the script worker past the busy threshold: its reply
     * comes with the end of its script, its further input waits. Read by the node's loop thread only.
     */
    boolean suspended();

    void suspend();

    /**
     * Where messages for this client go while its own command runs on the script worker: the
     * writer of that command's reply, so that they keep their order; null otherwise.
     */
    RespWriter scriptOutput();

    void scriptOutput(RespWriter output);

    /** Writes a pub/sub message (or other push) into the connection and sends it. */
    void deliver(Consumer<RespWriter> message);

    /** Writes the late reply of a blocked client, sends it, and runs its queued commands. */
    void replyAndUnblock(Consumer<RespWriter> reply);

    String remoteAddress();

    String localAddress();

    /**
     * The command suspended past the busy threshold ended: sends the reply its writer holds
     * (taking it) and runs the client's next commands.
     */
    void scriptEnded(RespWriter output);

    /** The connection's file descriptor as CLIENT LIST shows it, -1 when it has none. */
    int fd();

    /** Closes the connection (CLIENT KILL of another client); nothing for a client with none. */
    void closeConnection();
}
