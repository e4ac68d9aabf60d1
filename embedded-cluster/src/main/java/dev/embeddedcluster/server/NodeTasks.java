package dev.embeddedcluster.server;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Tasks other threads hand to a node's thread, run there in the order added. A drain is
 * scheduled only when none is pending, so a burst of tasks costs the node's thread one wake-up.
 */
public final class NodeTasks {
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Consumer<Runnable> onNodeThread;

    /** {@code onNodeThread} runs the drain on the node's thread (or drops it once the node has stopped). */
    public NodeTasks(Consumer<Runnable> onNodeThread) {
        this.onNodeThread = onNodeThread;
    }

    /** Adds a task and schedules a drain. */
    public void add(Runnable task) {
        tasks.add(task);
        scheduleDrain();
    }

    /** Adds a task for a drain scheduled later, or for one the node's thread runs itself. */
    public void addWithoutDrain(Runnable task) {
        tasks.add(task);
    }

    public void scheduleDrain() {
        if (drainScheduled.compareAndSet(false, true)) {
            onNodeThread.accept(this::drain);
        }
    }

    public boolean isEmpty() {
        return tasks.isEmpty();
    }

    /** Runs the tasks added so far, in order. Node thread only. */
    public void drain() {
        drainScheduled.set(false);
        Runnable task;
        while ((task = tasks.poll()) != null) {
            task.run();
        }
    }
}
