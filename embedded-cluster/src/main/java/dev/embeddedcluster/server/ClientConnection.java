package dev.embeddedcluster.server;

import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.command.server.ClientLimits;
import dev.embeddedcluster.resp.ProtocolError;
import dev.embeddedcluster.resp.RespDecoder;
import dev.embeddedcluster.resp.RespWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * One client connection on its node's thread: parses its input, executes the commands in order
 * and sends the replies of a whole read (a pipeline) in one write. While the client is blocked,
 * or suspended while its script runs past the busy threshold, its further commands stay unparsed
 * in the query buffer, as in Redis.
 */
final class ClientConnection extends ChannelInboundHandlerAdapter {
    private static final int EARLY_WRITE_BYTES = 64 * 1024;
    private static final int BIG_ARGUMENT_BYTES = 32 * 1024;
    private static final byte[] MAX_CLIENTS_REACHED = "-ERR max number of clients reached\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final Node node;
    private ChannelHandlerContext ctx;
    private ClientSession session;
    private RespWriter writer;
    private Request request;
    private final RespDecoder decoder = new RespDecoder();
    /** Input not yet parsed, or null when everything received has been. */
    private ByteBuf queryBuffer;
    private boolean closing;
    /** A command of this client runs: a push to it joins that command's reply instead of being sent at once. */
    private boolean executing;
    private boolean unflushed;
    /** Replies held back while the node is slowed; null until it first is. */
    private DelayedReplies delayed;
    /** The channel closed (a suspended client's session is forgotten once its command ends). */
    private boolean gone;
    /** Refused at once for maxclients or protected-mode: it never had a session. */
    private boolean rejected;
    /** Created once output first waits in the channel. */
    private OutputBufferGuard outputGuard;
    /** The command CLIENT PAUSE holds back, to run again when the pause ends; null otherwise. */
    private byte[][] postponedCommand;

    /**
     * As in Redis, the links of the cluster bus (two for each other node) count with the clients,
     * and the connection being accepted does not.
     */
    private boolean overMaxClients() {
        long busLinks = 2L * (node.topology().nodes().size() - 1);
        return node.clients().size() + busLinks >= node.clientLimits().maxClients();
    }

    ClientConnection(Node node) {
        this.node = node;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (overMaxClients()) {
            refuse(MAX_CLIENTS_REACHED);
            return;
        }
        if (ProtectedMode.refuses(node, ctx.channel())) {
            refuse(ProtectedMode.DENIED);
            return;
        }
        session = node.clients().register(ctx.channel(), node.clock().currentTimeMillis(),
                node.acl().openByDefault(node.config().requirePass()));
        session.user(node.acl().defaultUser());
        session.onUnblock(this::resume);
        session.onLateReply(this::lateReply);
        session.onScriptEnded(this::scriptEnded);
        writer = new RespWriter(ctx.alloc());
        writer.errorListener(node.stats().errors());
        request = new Request(node, session, writer);
        node.stats().connectionsReceived++;
        ctx.fireChannelActive();
    }

    /** Refused at once: the error, then the connection closes; it never has a session. */
    private void refuse(byte[] error) {
        rejected = true;
        node.stats().rejectedConnections++;
        ctx.writeAndFlush(Unpooled.wrappedBuffer(error)).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        if (rejected) {
            in.release();
            return;
        }
        node.stats().read(in.readableBytes());
        if (closing) {
            in.release();
            return;
        }
        queryBuffer = queryBuffer == null ? in
                : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), queryBuffer, in);
        if (queryBuffer.readableBytes() > node.clientLimits().queryBufferLimit()) {
            // Redis logs this and closes without a reply.
            closing = true;
            ctx.close();
            return;
        }
        decoder.maxBulkLength(node.clientLimits().protoMaxBulkLen());
        processQueryBuffer();
    }

    /** Runs the complete commands of the query buffer until it is empty or the client blocks. */
    private void processQueryBuffer() {
        while (queryBuffer != null && !closing && !session.suspended() && !session.blocked()) {
            Object command = decoder.next(queryBuffer);
            if (!queryBuffer.isReadable()) {
                queryBuffer.release();
                queryBuffer = null;
            }
            if (command == null) {
                break;
            }
            handle(command);
        }
        if (queryBuffer != null && queryBuffer.readerIndex() > 0 && !session.suspended() && !session.blocked()) {
            queryBuffer.discardSomeReadBytes();
        }
    }

    private void handle(Object msg) {
        if (msg instanceof ProtocolError error) {
            // one char per byte: a byte the decoder quotes is written as it arrived
            writer.rawError(error.message().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), true);
            session.closeAfterReply(true);
        } else if (!execute((byte[][]) msg)) {
            return;
        }
        afterCommand();
    }

    /** Closes after a reply that asks for it, or writes early when much is pending. */
    private void afterCommand() {
        if (session.closeAfterReply()) {
            closing = true;
            flush();
        } else if (writer.pendingBytes() > EARLY_WRITE_BYTES && !session.repliesHeld() && !slowed() && !session.replica()) {
            ByteBuf early = writer.take();
            node.stats().written(early.readableBytes());
            ctx.write(early, ctx.voidPromise());
            unflushed = true;
        }
    }

    /**
     * Runs a command; false when it was suspended (its reply comes with {@link #scriptEnded}) or
     * postponed by a pause (it runs again in {@link #resume}).
     */
    private boolean execute(byte[][] args) {
        session.commandStarting();
        int mark = writer.pendingBytes();
        executing = true;
        try {
            node.dispatcher().execute(request, args);
        } finally {
            executing = false;
        }
        if (session.suspended()) {
            return false;
        }
        if (session.postponed()) {
            postponedCommand = args;
            return false;
        }
        // A script's output, its own pushes included, was appended to the replies at the mark.
        session.scriptOutputJoined(mark);
        if (session.commandReplySuppressed()) {
            writer.truncateKeeping(mark, session.pushRanges(), session.pushRangeCount());
        }
        return true;
    }

    /** The command suspended past the busy threshold ended: its reply, then the client's next commands in a task of their own. */
    private void scriptEnded(ByteBuf reply) {
        boolean suppressed = session.commandReplySuppressed();
        if (gone) {
            if (reply != null) {
                reply.release();
            }
        } else if (reply != null) {
            int mark = writer.pendingBytes();
            writer.append(reply);
            session.scriptOutputJoined(mark);
            if (suppressed) {
                writer.truncateKeeping(mark, session.pushRanges(), session.pushRangeCount());
            }
        }
        if (gone) {
            node.worker().runOwned(this::forgetSession);
            return;
        }
        afterCommand();
        if (!closing) {
            flush();
        }
        ctx.executor().execute(this::resume);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (rejected) {
            return;
        }
        flush();
        ClientEviction.evictOverLimit(node);
    }

    /**
     * The query buffer's size as maxmemory-clients counts it: what it holds unparsed, or for a
     * bulk of 32 KB or more still arriving its whole length, as Redis makes room for it at once.
     */
    long queryBufferBytes() {
        ByteBuf buffer = queryBuffer;
        long held = buffer == null ? 0 : buffer.readableBytes();
        int bulk = decoder.pendingBulkLength();
        return bulk >= BIG_ARGUMENT_BYTES ? Math.max(held, bulk + 2L) : held;
    }

    /**
     * Sends what the writer holds and flushes the channel; closes it after if the client is
     * closing. The writes these replies acknowledge go to the replicas first, as a Redis master
     * sends its stream in the same event loop turn as its replies.
     */
    private void flush() {
        if (!session.suspended() && session.repliesHeld()) {
            return;
        }
        if (!node.worker().handedOff()) {
            node.replication().handOverBeforeReplies();
        }
        if (session.replica()) {
            dropReplicaOutput();
            return;
        }
        ByteBuf out = writer.take();
        if (slowed()) {
            flushDelayed(out, node.replyDelayNanos());
            return;
        }
        if (out != null) {
            if (out.isReadable()) {
                node.stats().written(out.readableBytes());
                ctx.write(out, ctx.voidPromise());
                unflushed = true;
            } else {
                out.release();
            }
        }
        if (closing) {
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        } else if (unflushed) {
            unflushed = false;
            ctx.flush();
            closeOverOutputLimit();
        }
    }

    /**
     * client-output-buffer-limit of the normal and pubsub classes: the output a client has not
     * read yet is what the channel still holds after flushing (what the kernel took is not
     * counted, as in Redis). Over the limit the connection closes, its pending output dropped.
     */
    private void closeOverOutputLimit() {
        io.netty.channel.ChannelOutboundBuffer buffer = ctx.channel().unsafe().outboundBuffer();
        long pending = buffer == null ? 0 : buffer.totalPendingWriteBytes();
        if (pending == 0 && outputGuard == null) {
            return;
        }
        ClientLimits.OutputLimit limit = session.subscribed() ? node.clientLimits().pubsubOutput()
                : node.clientLimits().normalOutput();
        if (outputGuard == null) {
            outputGuard = new OutputBufferGuard();
        }
        if (outputGuard.exceeded(pending, limit, node.clock().currentTimeMillis())) {
            closing = true;
            ctx.close();
        }
    }

    /**
     * A replica connection reads the stream, not replies: as Redis 7 does, a command of it that
     * replies anything (REPLCONF ACK does not) ends the connection.
     */
    private void dropReplicaOutput() {
        ByteBuf out = writer.take();
        if (out != null) {
            boolean replied = out.isReadable();
            out.release();
            if (replied) {
                closing = true;
                ctx.close();
            }
        }
    }

    private boolean slowed() {
        return node.replyDelayNanos() > 0 || (delayed != null && delayed.waiting());
    }

    /** The node is slowed, or was while replies still wait: they leave later, in order. */
    private void flushDelayed(ByteBuf out, long delayNanos) {
        if (delayed == null) {
            delayed = new DelayedReplies(ctx);
        }
        if (out != null && !out.isReadable()) {
            out.release();
            out = null;
        }
        if (out != null || closing || unflushed) {
            unflushed = false;
            delayed.send(out, closing, delayNanos);
        }
    }

    private void lateReply(Consumer<RespWriter> reply) {
        if (!ctx.executor().inEventLoop()) {
            // On the script worker: this client's own script keeps its messages in order with
            // its reply; messages to other clients wait for the node's thread.
            RespWriter own = session.scriptOutput();
            if (own != null) {
                int from = own.pendingBytes();
                reply.accept(own);
                session.scriptPushWritten(from, own.pendingBytes());
            } else {
                node.post(() -> lateReply(reply));
            }
            return;
        }
        if (closing) {
            return;
        }
        if (executing) {
            // A push to the client whose command runs (its own invalidation): it follows the
            // reply, and CLIENT REPLY OFF, which drops the reply, keeps it.
            int from = writer.pendingBytes();
            reply.accept(writer);
            session.pushWritten(from, writer.pendingBytes());
            return;
        }
        reply.accept(writer);
        closing = session.closeAfterReply();
        flush();
    }

    /**
     * Runs the commands that waited while the client was blocked: first the one a pause
     * postponed, if any, then those of the query buffer.
     */
    private void resume() {
        if (!ctx.executor().inEventLoop()) {
            node.post(this::resume);
            return;
        }
        if (postponedCommand != null) {
            byte[][] command = postponedCommand;
            postponedCommand = null;
            session.postponedTaken();
            if (!gone && !closing) {
                handle(command);
            }
        }
        processQueryBuffer();
        flush();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        gone = true;
        if (rejected) {
            ctx.fireChannelInactive();
            return;
        }
        if (queryBuffer != null) {
            queryBuffer.release();
            queryBuffer = null;
        }
        ByteBuf out = writer.take();
        if (out != null) {
            out.release();
        }
        if (!session.suspended()) {
            node.worker().runOwned(this::forgetSession);
        }
        ctx.fireChannelInactive();
    }

    /** Forgets a closed connection's session everywhere it is known. */
    private void forgetSession() {
        node.clients().unregister(session);
        node.replication().clientGone(session);
        node.blockedPops().clientGone(session);
        node.clientPause().clientGone(session);
        node.shutdown().clientGone(session);
        node.watches().unwatchAll(session);
        node.subscriptions().clientGone(session);
        node.monitors().remove(session);
        node.tracking().disable(session);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof IOException)) {
            cause.printStackTrace();
        }
        ctx.close();
    }
}
