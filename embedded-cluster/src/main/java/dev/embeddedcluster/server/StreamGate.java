package dev.embeddedcluster.server;

import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Between a master and a lagged or held replica: what the master sends waits here, in order,
 * until it is due (a lag) or released (a hold), then joins the replica's received queue. The
 * master's thread adds, the replica's thread moves what is due, a test's thread releases: one
 * lock keeps them in order. Once released the gate lets everything through at once, so that a
 * master still holding it keeps the stream in order while it is taken away.
 */
final class StreamGate {
    private static final long HELD = Long.MAX_VALUE;

    private final Node replica;
    private final NodeTasks received;
    private final ArrayDeque<Due> waiting = new ArrayDeque<>();
    private long delayNanos;
    private boolean held;
    private boolean released;
    private boolean tickScheduled;

    StreamGate(Node replica, NodeTasks received) {
        this.replica = replica;
        this.received = received;
    }

    private record Due(long atNanos, Runnable apply) {
    }

    /** What the master sends from now on arrives {@code delayNanos} later (those sent before keep their time). */
    synchronized void lag(long delayNanos) {
        this.delayNanos = delayNanos;
    }

    /** What the master sends from now on waits for {@link #release}. */
    synchronized void hold() {
        held = true;
    }

    /** Master thread: a part of the stream, delivered when due. */
    synchronized void pass(Runnable apply) {
        if (released) {
            received.addWithoutDrain(apply);
            return;
        }
        waiting.add(new Due(held ? HELD : System.nanoTime() + delayNanos, apply));
        scheduleTick();
    }

    /** Hands everything waiting to the replica, in order, and lets the stream through from now on. */
    void release() {
        synchronized (this) {
            released = true;
            Due due;
            while ((due = waiting.poll()) != null) {
                received.addWithoutDrain(due.apply());
            }
        }
        received.scheduleDrain();
    }

    /** Replica thread: moves what is due to the received queue and applies it. */
    private void tick() {
        synchronized (this) {
            tickScheduled = false;
            long now = System.nanoTime();
            while (!waiting.isEmpty() && waiting.peek().atNanos() != HELD && waiting.peek().atNanos() - now <= 0) {
                received.addWithoutDrain(waiting.poll().apply());
            }
            scheduleTick();
        }
        received.drain();
    }

    private void scheduleTick() {
        Due next = waiting.peek();
        if (tickScheduled || next == null || next.atNanos() == HELD) {
            return;
        }
        tickScheduled = true;
        try {
            replica.schedule(this::tick, Math.max(0, next.atNanos() - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closing) {
            // the cluster is closing: nothing is left to replicate
        }
    }
}
