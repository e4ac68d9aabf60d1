package dev.embeddedcluster.server;

import io.netty.channel.Channel;

import java.net.InetSocketAddress;

/**
 * What a node remembers about one client connection. Used only by the thread that has the node
 * (see {@link Node}), except {@link #suspended()}, which only the node's loop thread reads.
 */
public final class ClientSession implements dev.embeddedcluster.command.Client {
    private final long id;
    private final Channel channel;
    private boolean replica;
    private final long createdMillis;
    private String name;
    private String libName;
    private String libVersion;
    private boolean readonly;
    private boolean asking;
    private boolean authenticated;
    private dev.embeddedcluster.command.acl.AclUser user;
    private boolean noEvict;
    private boolean noTouch;
    private boolean repliesOff;
    private boolean skipNextReply;
    private boolean skipThisReply;
    /** Where the current command wrote push messages, which a suppressed reply keeps. */
    private int[] pushRanges = new int[4];
    private int pushRangeCount;
    private int protocol = 2;
    private long lastInteractionMillis;
    private String lastCommand = "NULL";
    private boolean closeAfterReply;
    private boolean repliesHeld;
    private long lastWriteOffset;
    private boolean blocked;
    private boolean postponed;
    private dev.embeddedcluster.command.transactions.Transaction transaction;
    private boolean watchedKeyChanged;
    private boolean watching;
    private boolean denyBlocking;
    private boolean script;
    private boolean subscribed;
    private boolean monitoring;
    private dev.embeddedcluster.command.tracking.TrackingMode tracking;
    private boolean suspended;
    private dev.embeddedcluster.resp.RespWriter scriptOutput;
    private int[] scriptPushRanges = new int[4];
    private int scriptPushRangeCount;
    private java.util.function.Consumer<io.netty.buffer.ByteBuf> scriptEnded = io.netty.buffer.ByteBuf::release;
    private Runnable resume = () -> { };
    private java.util.function.Consumer<java.util.function.Consumer<dev.embeddedcluster.resp.RespWriter>> lateReply = r -> { };

    public ClientSession(long id, Channel channel, long createdMillis, boolean authenticated) {
        this.id = id;
        this.channel = channel;
        this.createdMillis = createdMillis;
        this.lastInteractionMillis = createdMillis;
        this.authenticated = authenticated;
    }

    public long id() {
        return id;
    }

    /**
     * Whether the connection carries state a fresh one does not: a name, READONLY, CLIENT REPLY
     * OFF or SKIP, NO-EVICT, NO-TOUCH, a blocked command, an open MULTI, watched keys, subscriptions, MONITOR or tracking.
     */
    public boolean holdsConnectionState() {
        return name != null || readonly || repliesOff || skipNextReply || noEvict || noTouch || blocked
                || transaction != null || watching || subscribed || monitoring || tracking != null;
    }

    /** How the client tracks keys for client-side caching, or null when it does not. */
    public dev.embeddedcluster.command.tracking.TrackingMode tracking() {
        return tracking;
    }

    public void tracking(dev.embeddedcluster.command.tracking.TrackingMode tracking) {
        this.tracking = tracking;
    }

    /** Whether the client is in MONITOR mode. */
    public boolean monitoring() {
        return monitoring;
    }

    public void monitoring(boolean monitoring) {
        this.monitoring = monitoring;
    }

    /** Whether the client has a pub/sub subscription (in RESP2 it may then run only pub/sub commands). */
    public boolean subscribed() {
        return subscribed;
    }

    public void subscribed(boolean subscribed) {
        this.subscribed = subscribed;
    }

    /** The open MULTI, or null. */
    public dev.embeddedcluster.command.transactions.Transaction transaction() {
        return transaction;
    }

    public void transaction(dev.embeddedcluster.command.transactions.Transaction transaction) {
        this.transaction = transaction;
    }

    /** A key this client watches changed: its next EXEC fails. */
    public void watchedKeyChanged() {
        watchedKeyChanged = true;
    }

    public boolean watchedKeyHasChanged() {
        return watchedKeyChanged;
    }

    /** Starts or ends watching (UNWATCH, EXEC and DISCARD end it and forget changes seen). */
    public void watching(boolean watching) {
        this.watching = watching;
        if (!watching) {
            watchedKeyChanged = false;
        }
    }

    /** While EXEC runs its commands, blocking commands answer at once as if their time had passed. */
    public boolean denyBlocking() {
        return denyBlocking;
    }

    public void denyBlocking(boolean deny) {
        this.denyBlocking = deny;
    }

    /** Whether this is the client Lua scripts run their commands as (MONITOR shows it as "lua"). */
    public boolean script() {
        return script;
    }

    public void script(boolean script) {
        this.script = script;
    }

    public Channel channel() {
        return channel;
    }

    public long createdMillis() {
        return createdMillis;
    }

    /** The client's name, or null when it has none. */
    public String name() {
        return name;
    }

    public void name(String name) {
        this.name = name;
    }

    public String libName() {
        return libName;
    }

    public void libName(String libName) {
        this.libName = libName;
    }

    public String libVersion() {
        return libVersion;
    }

    public void libVersion(String libVersion) {
        this.libVersion = libVersion;
    }

    public boolean readonly() {
        return readonly;
    }

    public void readonly(boolean readonly) {
        this.readonly = readonly;
    }

    public boolean asking() {
        return asking;
    }

    public void asking(boolean asking) {
        this.asking = asking;
    }

    public boolean authenticated() {
        return authenticated;
    }

    public void authenticated(boolean authenticated) {
        this.authenticated = authenticated;
    }

    public dev.embeddedcluster.command.acl.AclUser user() {
        return user;
    }

    public void user(dev.embeddedcluster.command.acl.AclUser user) {
        this.user = user;
    }

    public boolean noEvict() {
        return noEvict;
    }

    public void noEvict(boolean noEvict) {
        this.noEvict = noEvict;
    }

    public boolean noTouch() {
        return noTouch;
    }

    public void noTouch(boolean noTouch) {
        this.noTouch = noTouch;
    }

    /** The RESP version HELLO chose for this connection. */
    public int protocol() {
        return protocol;
    }

    public void protocol(int protocol) {
        this.protocol = protocol;
    }

    /** CLIENT REPLY ON (and RESET): every reply is sent again, this command's included. */
    public void repliesOn() {
        repliesOff = false;
        skipNextReply = false;
        skipThisReply = false;
    }

    /** CLIENT REPLY OFF. */
    public void repliesOff() {
        repliesOff = true;
    }

    /** CLIENT REPLY SKIP: the next command's reply is dropped (nothing changes while replies are off). */
    public void skipNextReply() {
        if (!repliesOff) {
            skipNextReply = true;
        }
    }

    /** Called before each command: a pending SKIP applies to this one. */
    void commandStarting() {
        skipThisReply = skipNextReply;
        skipNextReply = false;
        pushRangeCount = 0;
        scriptPushRangeCount = 0;
    }

    /**
     * A push message went into the script output of this client's command (its own invalidation
     * from a write of its script): bytes {@code from} to {@code to} of that output. Script worker.
     */
    void scriptPushWritten(int from, int to) {
        if (to > from) {
            scriptPushRanges = withRange(scriptPushRanges, scriptPushRangeCount, from, to);
            scriptPushRangeCount += 2;
        }
    }

    /** {@code ranges} (or a larger copy) with the pair from, to after its first {@code count} slots. */
    private static int[] withRange(int[] ranges, int count, int from, int to) {
        int[] grown = ranges.length < count + 2 ? java.util.Arrays.copyOf(ranges, ranges.length * 2) : ranges;
        grown[count] = from;
        grown[count + 1] = to;
        return grown;
    }

    /** The script output joined the connection's replies at {@code base}: its pushes are the command's. */
    void scriptOutputJoined(int base) {
        for (int i = 0; i < scriptPushRangeCount; i += 2) {
            pushWritten(base + scriptPushRanges[i], base + scriptPushRanges[i + 1]);
        }
        scriptPushRangeCount = 0;
    }

    @Override
    public void pushWritten(int from, int to) {
        if (to > from) {
            pushRanges = withRange(pushRanges, pushRangeCount, from, to);
            pushRangeCount += 2;
        }
    }

    /** The push messages of the current command, as from, to pairs in the first {@link #pushRangeCount()} slots. */
    int[] pushRanges() {
        return pushRanges;
    }

    int pushRangeCount() {
        return pushRangeCount;
    }

    /** Whether the reply of the command just executed must be dropped; ends its SKIP. */
    boolean commandReplySuppressed() {
        boolean suppressed = repliesOff || skipThisReply;
        skipThisReply = false;
        return suppressed;
    }

    public long lastInteractionMillis() {
        return lastInteractionMillis;
    }

    @Override
    public long unsentOutputBytes() {
        io.netty.channel.ChannelOutboundBuffer buffer = channel == null ? null : channel.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }

    public String lastCommand() {
        return lastCommand;
    }

    public void interacted(long nowMillis, String commandName) {
        this.lastInteractionMillis = nowMillis;
        this.lastCommand = commandName;
    }

    public boolean closeAfterReply() {
        return closeAfterReply;
    }

    /** Closes the connection once the current reply is written (QUIT, CLIENT KILL of oneself). */
    public void closeAfterReply(boolean close) {
        this.closeAfterReply = close;
    }

    /** The replication offset right after this client's latest write, for WAIT. */
    public long lastWriteOffset() {
        return lastWriteOffset;
    }

    public void lastWriteOffset(long offset) {
        this.lastWriteOffset = offset;
    }

    /** Whether the client waits (WAIT, blocking pops) so that its next commands queue. */
    public boolean blocked() {
        return blocked;
    }

    /** Holds the client's next commands until {@link #unblock()}; its reply comes later. */
    public void block() {
        this.blocked = true;
    }

    /** Releases a blocked client after its reply was written: its queued commands run next. */
    public void unblock() {
        if (blocked) {
            blocked = false;
            resume.run();
        }
    }

    @Override
    public void postpone() {
        postponed = true;
        block();
    }

    @Override
    public boolean postponed() {
        return postponed;
    }

    /** The connection took the postponed command back to run it again. */
    void postponedTaken() {
        postponed = false;
    }

    /**
     * Blocks the client and keeps the replies it already has from being sent (a synchronous
     * replication hold), until {@link #releaseReplies()}.
     */
    public void holdReplies() {
        repliesHeld = true;
        block();
    }

    public boolean repliesHeld() {
        return repliesHeld;
    }

    /** Ends a hold: sends the replies kept back and runs the client's next commands. */
    public void releaseReplies() {
        repliesHeld = false;
        replyAndUnblock(writer -> { });
    }

    /**
     * Whether the client's command runs on the script worker past the busy threshold: its reply
     * comes with {@link #scriptEnded}, its further input waits. Read by the node's loop thread only.
     */
    public boolean suspended() {
        return suspended;
    }

    public void suspend() {
        suspended = true;
    }

    /**
     * Where messages for this client go while its own command runs on the script worker: the
     * writer of that command's reply, so that they keep their order; null otherwise.
     */
    public dev.embeddedcluster.resp.RespWriter scriptOutput() {
        return scriptOutput;
    }

    public void scriptOutput(dev.embeddedcluster.resp.RespWriter output) {
        this.scriptOutput = output;
    }

    /** The suspended command ended: sends its reply (the buffer is taken over) and runs the client's next commands. */
    @Override
    public void scriptEnded(dev.embeddedcluster.resp.RespWriter output) {
        suspended = false;
        scriptEnded.accept(output.take());
    }

    void onScriptEnded(java.util.function.Consumer<io.netty.buffer.ByteBuf> scriptEnded) {
        this.scriptEnded = scriptEnded;
    }

    void onUnblock(Runnable resume) {
        this.resume = resume;
    }

    /** Writes a pub/sub message (or other push) into the connection and sends it. */
    public void deliver(java.util.function.Consumer<dev.embeddedcluster.resp.RespWriter> message) {
        lateReply.accept(message);
    }

    /** Writes the late reply of a blocked client, sends it, and runs its queued commands. */
    public void replyAndUnblock(java.util.function.Consumer<dev.embeddedcluster.resp.RespWriter> reply) {
        lateReply.accept(reply);
        unblock();
    }

    void onLateReply(java.util.function.Consumer<java.util.function.Consumer<dev.embeddedcluster.resp.RespWriter>> lateReply) {
        this.lateReply = lateReply;
    }

    /** The connection attached as a replica (SYNC or PSYNC): it gets the stream, and no replies. */
    void becameReplica() {
        replica = true;
    }

    boolean replica() {
        return replica;
    }

    @Override
    public int fd() {
        return channel instanceof io.netty.channel.unix.UnixChannel unix ? unix.fd().intValue() : -1;
    }

    @Override
    public void closeConnection() {
        if (channel != null) {
            channel.close();
        }
    }

    public String remoteAddress() {
        return format(channel == null ? null : (InetSocketAddress) channel.remoteAddress());
    }

    public String localAddress() {
        return format(channel == null ? null : (InetSocketAddress) channel.localAddress());
    }

    private static String format(InetSocketAddress address) {
        if (address == null) {
            return "";
        }
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
