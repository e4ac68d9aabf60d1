package dev.embeddedcluster.server;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;

import java.util.ArrayDeque;
import java.util.Queue;

/**
 * A paused node's connection, as when its process is stopped: what the client sends is received
 * (the kernel buffers it) but not read, and nothing is sent back. Placed first in the pipeline
 * while the pause lasts and removed when it ends, it then sends what was held and passes on
 * what arrived, in order.
 */
final class HeldTraffic extends ChannelDuplexHandler {
    static final String NAME = "held-traffic";

    private final Queue<Object> reads = new ArrayDeque<>();
    private final Queue<HeldWrite> writes = new ArrayDeque<>();

    private record HeldWrite(Object message, ChannelPromise promise) {
    }

    /** Whether the client sent something the paused node never read. */
    boolean holdsUnread() {
        return !reads.isEmpty();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        reads.add(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // the read is complete once it is passed on, when the pause ends
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        writes.add(new HeldWrite(msg, promise));
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        // flushed when the pause ends
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        boolean open = ctx.channel().isActive();
        for (HeldWrite write; (write = writes.poll()) != null; ) {
            if (open) {
                ctx.write(write.message(), write.promise());
            } else {
                ReferenceCountUtil.release(write.message());
            }
        }
        ctx.flush();
        if (reads.isEmpty()) {
            return;
        }
        for (Object read; (read = reads.poll()) != null; ) {
            if (open) {
                ctx.fireChannelRead(read);
            } else {
                ReferenceCountUtil.release(read);
            }
        }
        if (open) {
            ctx.fireChannelReadComplete();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        reads.forEach(ReferenceCountUtil::release);
        reads.clear();
        ctx.fireChannelInactive();
    }
}
