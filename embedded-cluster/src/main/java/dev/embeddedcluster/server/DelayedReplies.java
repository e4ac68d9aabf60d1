package dev.embeddedcluster.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;

import java.util.concurrent.TimeUnit;

/**
 * The replies of one connection to a slowed node: each write leaves after the node's delay, on
 * the connection's loop, never before one written earlier (even once the node is no longer slow).
 */
final class DelayedReplies {
    private final ChannelHandlerContext ctx;
    private long lastDueNanos;
    private int inFlight;

    DelayedReplies(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** Whether earlier replies are still waiting: later ones must queue behind them, slow node or not. */
    boolean waiting() {
        return inFlight > 0;
    }

    /** Sends {@code out} (null: nothing) after the delay, then flushes, or closes the channel if {@code close}. */
    void send(ByteBuf out, boolean close, long delayNanos) {
        if (!ctx.executor().inEventLoop()) {
            // From the script worker: the count and deadlines belong to the loop, where Netty would queue the write anyway.
            ctx.executor().execute(() -> send(out, close, delayNanos));
            return;
        }
        long now = System.nanoTime();
        // Netty runs tasks of the same deadline in the order scheduled, so a later one never overtakes.
        long due = inFlight > 0 && lastDueNanos - (now + delayNanos) > 0 ? lastDueNanos : now + delayNanos;
        lastDueNanos = due;
        inFlight++;
        try {
            ctx.executor().schedule(() -> sendNow(out, close), due - now, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            if (out != null) {
                out.release();
            }
        }
    }

    private void sendNow(ByteBuf out, boolean close) {
        inFlight--;
        if (out != null) {
            ctx.write(out, ctx.voidPromise());
        }
        if (close) {
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.flush();
        }
    }
}
