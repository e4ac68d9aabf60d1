package dev.embeddedcluster.server;

import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.ArrayDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Where a node runs its Lua: a thread of its own, to which the node's thread hands the node for
 * the time of one command. The node's thread waits for it up to busy-reply-threshold, so a
 * script that ends before behaves as if it ran inline; one that runs longer leaves the node
 * busy: the node's thread goes back to its sockets, its caller stays suspended, and what others
 * ask of the node runs on this thread at the script's next safe point (every so many Lua
 * instructions), as Redis serves clients from inside its Lua hook. Only one thread at a time
 * ever touches the node's state:
 * <ul>
 * <li>while a job runs, this thread; the node's thread touches only connections (reading,
 * writing what it is given) and hands anything else over with {@link #runOwned};</li>
 * <li>the node's own tasks (timers, replication, deliveries from other nodes) that fall in that
 * time are deferred until the job ends ({@link #runOrDefer}), as Redis holds its cron and its
 * master's stream while a script runs;</li>
 * <li>what this thread has for other clients' connections (pub/sub messages, served blocked
 * clients) is {@link #post posted} to the node's thread, in order.</li>
 * </ul>
 * The happens-before edges are the job's volatile hand-over and end state, the inbox's monitor
 * and latch, and the loop's task queue. A hand-off and its return each cost a thread wake-up:
 * neither side spins while it waits, since on a machine with few cores a spinning thread takes
 * the core the other one (or the client, or the cluster's other nodes) needs, and a pipeline of
 * short scripts measured several times slower with spinning than without.
 */
public final class ScriptWorker implements dev.embeddedcluster.command.ScriptThread {
    /**
     * The worker's stack: deep enough for what Redis's Lua allows before its own limits (a reply
     * nested 7,995 tables deep, deep recursion), so that those end in Redis's errors rather than
     * in a StackOverflowError. Reserved, not committed, until used.
     */
    private static final long STACK_BYTES = 256L << 20;

    private final Node node;
    private final Object lock = new Object();
    private final NodeTasks posted;
    private final ArrayDeque<Runnable> deferred = new ArrayDeque<>();
    /** The threads running coroutines of the current script (each leaves when its coroutine ends). */
    private final java.util.Set<Thread> coroutineThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile Thread thread;
    private volatile boolean stopping;
    /** The job handed to the worker thread and not yet taken. */
    private volatile Job next;
    /** Whether the worker thread parks (or is about to) for want of a job. */
    private volatile boolean workerParked;
    /** The job that has the node (node thread only): non-null from its hand-off until its end is handled here. */
    private Job owner;
    /** Guarded by lock: a job runs on the worker, which may then be handed one task at a time. */
    private boolean working;
    private Inbox inbox;
    private volatile boolean inboxFull;
    /** A task for the next safe point, from any thread, that cannot wait for the node to go busy. */
    private final java.util.concurrent.atomic.AtomicReference<Runnable> urgent = new java.util.concurrent.atomic.AtomicReference<>();
    /** The BUSY error of the current job (set at its hand-off, refined by the scripting engine). */
    private volatile String reason;
    /** Worker only: the BUSY error while a task runs at a safe point, null otherwise. */
    private String busyError;

    ScriptWorker(Node node) {
        this.node = node;
        this.posted = new NodeTasks(drain -> {
            try {
                node.loop().execute(drain);
            } catch (RejectedExecutionException closing) {
                // the node has shut down
            }
        });
    }

    /** Whether the node is handed to the worker now. Node thread only; the dispatcher's one extra read. */
    public boolean handedOff() {
        return owner != null;
    }

    /** The worker thread's id, for its CPU time; -1 before the node's first script. */
    public long threadId() {
        Thread worker = thread;
        return worker == null ? -1 : worker.getId();
    }

    /** Whether the calling thread is the worker, or runs a coroutine of its script (luaj gives each a thread). */
    public boolean onWorker() {
        Thread current = Thread.currentThread();
        return current == thread || coroutineThreads.contains(current);
    }

    /**
     * The calling thread runs a coroutine of the script the worker runs: it acts for the worker
     * (one of the script's threads runs at a time, the others wait) until it leaves.
     */
    public void enterCoroutine() {
        coroutineThreads.add(Thread.currentThread());
    }

    public void leaveCoroutine() {
        coroutineThreads.remove(Thread.currentThread());
    }

    /**
     * The BUSY error for commands a client sends while the node is busy, or null when it is not
     * (only ever non-null on the worker, for a task run at a script's safe point).
     */
    public String busyError() {
        return onWorker() ? busyError : null;
    }

    /** The BUSY error that names what the current job runs (an EVAL script, a function). */
    public void reason(String busyError) {
        this.reason = busyError;
    }

    /** Whether the node is shutting down: a script running now must stop. */
    public boolean stopping() {
        return stopping || node.loop().isShuttingDown();
    }

    /**
     * Runs {@code work} on the worker, which owns the node meanwhile, and waits for it up to
     * {@code thresholdMillis}. True when it ended in time: the node's thread has the node again
     * (the caller then drains the posted tasks). False when the node is busy: the caller returns
     * to its loop, and {@code ended} runs on the node's thread once the work is over, before the
     * tasks deferred meanwhile. Node thread only.
     */
    public boolean handOff(Runnable work, long thresholdMillis, String busyError, Runnable ended) {
        if (stopping) {
            throw new RejectedExecutionException("the node has stopped");
        }
        Job job = new Job(work, ended);
        owner = job;
        reason = busyError;
        synchronized (lock) {
            working = true;
        }
        start(job);
        if (!job.awaitEnd(thresholdMillis) && job.becomesBusy()) {
            return false;
        }
        owner = null;
        if (!deferred.isEmpty()) {
            node.loop().execute(this::runDeferred);
        }
        rethrow(job.failure);
        return true;
    }

    /**
     * Runs a task that touches the node's state, on the thread that may: here when the node is
     * not handed off, otherwise on the worker at its next safe point, this thread waiting for it.
     * Node thread (or the worker itself, which runs it at once).
     */
    public void runOwned(Runnable task) {
        if (onWorker()) {
            task.run();
            return;
        }
        while (owner != null) {
            Inbox slot = new Inbox(task);
            boolean placed;
            synchronized (lock) {
                placed = working;
                if (placed) {
                    inbox = slot;
                    inboxFull = true;
                }
            }
            if (placed && slot.await()) {
                return;
            }
            // The job is over (it gave the task back) and its end waits in the loop's queue: handle it first.
            ended(owner);
        }
        task.run();
    }

    /**
     * The worker's safe point, called from the Lua hook and while waiting for the Lua engine:
     * runs the task the node's thread handed over, if any, with the node busy.
     */
    public void safePoint() {
        if (urgent.get() != null) { // a read on every safe point; the write only when there is a task
            Runnable now = urgent.getAndSet(null);
            if (now != null) {
                now.run();
            }
        }
        if (!inboxFull) {
            return;
        }
        Inbox slot;
        synchronized (lock) {
            slot = inbox;
            inbox = null;
            inboxFull = false;
        }
        if (slot == null) {
            return;
        }
        String outer = busyError;
        busyError = reason;
        Runnable restoreTracking = node.tracking().nest();
        try {
            slot.run();
        } finally {
            restoreTracking.run();
            busyError = outer;
        }
    }

    /**
     * Runs {@code task} at the running script's next safe point, from any thread, even before the
     * node goes busy (when the node's own thread still waits for the script and cannot hand it
     * tasks). A task not taken by then is withdrawn with {@link #cancelAtNextSafePoint}.
     */
    void runAtNextSafePoint(Runnable task) {
        urgent.set(task);
    }

    void cancelAtNextSafePoint(Runnable task) {
        urgent.compareAndSet(task, null);
    }

    /**
     * Runs a node task now, or after the current job when the node is handed off. Node thread
     * only: the wrapper of every task others submit to the node.
     */
    void runOrDefer(Runnable task) {
        if (owner != null) {
            deferred.add(task);
        } else {
            task.run();
        }
    }

    /**
     * Runs a task about client connections on the node's thread, after the task running now and
     * in the order posted, from any thread: the worker hands its deliveries over this way.
     */
    public void post(Runnable task) {
        posted.add(task);
    }

    /** Runs the posted tasks. Node thread only. */
    public void drainPosted() {
        posted.drain();
    }

    private void runDeferred() {
        Runnable task;
        while (owner == null && (task = deferred.poll()) != null) {
            task.run();
        }
    }

    /** A job that made the node busy is over: the node's thread takes the node back. */
    private void ended(Job job) {
        if (owner != job) {
            return;
        }
        owner = null;
        drainPosted();
        try {
            job.ended.run();
        } finally {
            runDeferred();
        }
    }

    /** Stops the worker: a script running forever ends at its next safe point, and the thread ends. */
    void stop() {
        stopping = true;
        Thread worker = thread;
        if (worker != null) {
            LockSupport.unpark(worker);
        }
    }

    /** Hands the job to the worker thread, started with the node's first job. */
    private void start(Job job) {
        next = job;
        Thread worker = thread;
        if (worker == null) {
            worker = new DefaultThreadFactory("embedded-redis-scripts-" + node.port(), true) {
                @Override
                protected Thread newThread(Runnable r, String name) {
                    return new io.netty.util.concurrent.FastThreadLocalThread(threadGroup, r, name, STACK_BYTES);
                }
            }.newThread(this::work);
            thread = worker;
            worker.start();
        } else if (workerParked) {
            LockSupport.unpark(worker);
        }
    }

    /** The worker thread: runs the jobs handed to it until the node stops. */
    private void work() {
        while (!stopping) {
            Job job = takeJob();
            if (job != null) {
                job.run();
            }
        }
    }

    /**
     * The next job, parking until it comes: either the node's thread sees the flag raised and
     * unparks this thread, or this thread sees the job in its second look. Null when the node
     * stops meanwhile.
     */
    private Job takeJob() {
        Job job;
        while ((job = next) == null) {
            if (stopping) {
                return null;
            }
            workerParked = true;
            if (next == null && !stopping) {
                LockSupport.park(this);
            }
            workerParked = false;
        }
        next = null;
        return job;
    }

    private static void rethrow(Throwable failure) {
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    /** One hand-off: the work, and what the node's thread does once it is over when it went busy. */
    private final class Job implements Runnable {
        private static final int RUNNING = 0;
        private static final int DONE = 1;
        private static final int BUSY = 2;

        final Runnable work;
        final Runnable ended;
        private final AtomicInteger state = new AtomicInteger();
        /** The node's thread once it parks waiting for the end. */
        private volatile Thread waiter;
        private Throwable failure;

        Job(Runnable work, Runnable ended) {
            this.work = work;
            this.ended = ended;
        }

        /** The node's thread stops waiting: true when it did so before the job ended. */
        boolean becomesBusy() {
            return state.compareAndSet(RUNNING, BUSY);
        }

        /**
         * Waits until the job ends or {@code millis} pass; true when it ended.
         * An interrupt ends the wait early. Either this thread sees the end in its second look
         * after raising {@code waiter}, or the worker sees {@code waiter} and unparks it.
         */
        boolean awaitEnd(long millis) {
            long start = System.nanoTime();
            long limit = TimeUnit.MILLISECONDS.toNanos(millis);
            while (state.get() == RUNNING) {
                long waited = System.nanoTime() - start;
                if (waited >= limit || Thread.currentThread().isInterrupted()) {
                    return false;
                }
                waiter = Thread.currentThread();
                if (state.get() == RUNNING) {
                    LockSupport.parkNanos(this, limit - waited);
                }
            }
            return true;
        }

        @Override
        public void run() {
            try {
                work.run();
            } catch (Throwable t) {
                failure = t;
            } finally {
                Inbox last;
                synchronized (lock) {
                    working = false;
                    last = inbox;
                    inbox = null;
                    inboxFull = false;
                }
                if (last != null) {
                    // Too late for this job: the node's thread runs it once it has the node back.
                    last.giveBack();
                }
                if (state.compareAndSet(RUNNING, DONE)) {
                    Thread parked = waiter;
                    if (parked != null) {
                        LockSupport.unpark(parked);
                    }
                } else {
                    if (failure != null) {
                        failure.printStackTrace();
                    }
                    try {
                        node.loop().execute(() -> ended(this));
                    } catch (RejectedExecutionException closing) {
                        // the node has shut down
                    }
                }
            }
        }
    }

    /**
     * A task handed to the worker; the node's thread waits until it ran (and gets its exception)
     * or was given back because the job ended first.
     */
    private static final class Inbox implements Runnable {
        private final Runnable task;
        private final CountDownLatch ran = new CountDownLatch(1);
        private Throwable failure;
        private boolean givenBack;

        Inbox(Runnable task) {
            this.task = task;
        }

        @Override
        public void run() {
            try {
                task.run();
            } catch (Throwable t) {
                failure = t;
            } finally {
                ran.countDown();
            }
        }

        void giveBack() {
            givenBack = true;
            ran.countDown();
        }

        /** Waits, through interrupts, until the worker ran the task (true; its failure is rethrown) or gave it back. */
        boolean await() {
            boolean interrupted = false;
            while (true) {
                try {
                    ran.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            rethrow(failure);
            return !givenBack;
        }
    }
}
