package dev.embeddedcluster.server;

import dev.embeddedcluster.command.replication.ReplicaHandshake;
import dev.embeddedcluster.command.replication.ReplicaLink;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.buffer.Unpooled;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A client connection that attached as a replica with SYNC or PSYNC (a real redis-server, or
 * redis-cli --rdb / --replica): its state, the offset it acknowledged, and the ordered output
 * of the snapshot and the stream. Whatever thread has the node writes through {@link #send};
 * the bytes leave on the connection's event loop in the order they were sent.
 */
final class ExternalReplica {
    enum State {
        WAIT_BGSAVE("wait_bgsave"), SEND_BULK("send_bulk"), ONLINE("online");

        final String text;

        State(String text) {
            this.text = text;
        }
    }

    private static final Object CLOSE = new Object();
    /** Queued by {@link #online}: what follows is the stream; what came before it, the handshake and the snapshot. */
    private static final Object STREAM_STARTS = new Object();

    private final Node node;
    final ClientSession session;
    final ReplicaHandshake handshake;
    final boolean psync;
    /** When it attached, in real time: how long it waits for a diskless snapshot. */
    final long attachedNanos = System.nanoTime();
    State state = State.WAIT_BGSAVE;
    private long ackOffset;
    private long ackMillis;
    /**
     * After a snapshot of unknown length (the EOF-marked form) the stream waits for the replica's
     * first REPLCONF ACK, so that its end mark is the last thing the replica reads of it.
     */
    private List<ByteBuf> heldUntilAck;
    private final Queue<Object> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    /** Connection thread only: bytes written to the channel in all, and those of them before the stream. */
    private long queuedBytes;
    private long snapshotBytes;
    private boolean streaming;
    private final OutputBufferGuard outputGuard = new OutputBufferGuard();

    ExternalReplica(Node node, ClientSession session, ReplicaHandshake handshake, boolean psync, long nowMillis) {
        this.node = node;
        this.session = session;
        this.handshake = handshake;
        this.psync = psync;
        this.ackMillis = nowMillis;
    }

    /** The snapshot was sent; the stream flows now, or once the replica first acknowledges. */
    void online(boolean streamOnFirstAck) {
        state = State.ONLINE;
        enqueue(STREAM_STARTS);
        if (streamOnFirstAck) {
            heldUntilAck = new ArrayList<>();
        }
    }

    /** A part of the stream, encoded; the replica takes its own reference. */
    void stream(ByteBuf encoded) {
        if (state != State.ONLINE) {
            return; // its snapshot, taken later, holds this write
        }
        if (heldUntilAck != null) {
            heldUntilAck.add(encoded.retainedDuplicate());
        } else {
            send(encoded.retainedDuplicate());
        }
    }

    void acknowledged(long offset, long nowMillis) {
        ackOffset = Math.max(ackOffset, offset);
        ackMillis = nowMillis;
        if (heldUntilAck != null && state == State.ONLINE) {
            List<ByteBuf> held = heldUntilAck;
            heldUntilAck = null;
            held.forEach(this::send);
        }
    }

    long ackOffset() {
        return ackOffset;
    }

    boolean online() {
        return state == State.ONLINE;
    }

    ReplicaLink link(long nowMillis) {
        String ip = handshake.ipAddress();
        if (ip == null || ip.isEmpty()) {
            String peer = session.remoteAddress();
            ip = peer.isEmpty() ? "?" : peer.substring(0, peer.lastIndexOf(':'));
        }
        return new ReplicaLink(ip, handshake.listeningPort(), state.text, ackOffset,
                Math.max(0, (nowMillis - ackMillis) / 1000));
    }

    void send(ByteBuf bytes) {
        enqueue(bytes);
    }

    void send(byte[] bytes) {
        enqueue(Unpooled.wrappedBuffer(bytes));
    }

    /** Closes the connection once what was sent before has left. */
    void closeAfterSent() {
        enqueue(CLOSE);
    }

    /** The connection closed: what it still held is dropped. */
    void discard() {
        if (heldUntilAck != null) {
            heldUntilAck.forEach(ByteBuf::release);
            heldUntilAck = null;
        }
    }

    private void enqueue(Object item) {
        outbox.add(item);
        if (drainScheduled.compareAndSet(false, true)) {
            session.channel().eventLoop().execute(this::drain);
        }
    }

    private void drain() {
        drainScheduled.set(false);
        Channel channel = session.channel();
        Object item;
        boolean written = false;
        while ((item = outbox.poll()) != null) {
            if (item == CLOSE) {
                channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
                written = false;
                continue;
            }
            if (item == STREAM_STARTS) {
                streaming = true;
                continue;
            }
            if (channel.isActive()) {
                int size = ((ByteBuf) item).readableBytes();
                queuedBytes += size;
                if (!streaming) {
                    snapshotBytes += size;
                }
                channel.write(item, channel.voidPromise());
                written = true;
            } else {
                ((ByteBuf) item).release();
            }
        }
        if (written) {
            channel.flush();
            closeOverOutputLimit(channel);
        }
    }

    /**
     * client-output-buffer-limit of the replica class, on the stream only, as in Redis, where the
     * snapshot does not pass through the replica's output buffer: of what the channel still holds
     * (the kernel took the rest), the part queued after the snapshot.
     */
    private void closeOverOutputLimit(Channel channel) {
        if (!streaming) {
            return;
        }
        ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
        long pending = buffer == null ? 0 : buffer.totalPendingWriteBytes();
        long snapshotUnsent = Math.max(0, snapshotBytes - (queuedBytes - pending));
        if (outputGuard.exceeded(pending - snapshotUnsent, node.clientLimits().replicaOutput(),
                node.clock().currentTimeMillis())) {
            channel.close();
        }
    }
}
