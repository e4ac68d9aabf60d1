package dev.embeddedcluster.command;

/**
 * What handlers and scripting ask of the thread Lua runs on: the hand-off of the node for one
 * command past busy-reply-threshold, the script's safe points, and the node's busy state. The
 * server's script worker implements it.
 */
public interface ScriptThread {
    /** Whether the node is handed to the worker now. Node thread only; the dispatcher's one extra read. */
    boolean handedOff();

    /** The worker thread's id, for its CPU time; -1 before the node's first script. */
    long threadId();

    /** Whether the calling thread is the worker, or runs a coroutine of its script (luaj gives each a thread). */
    boolean onWorker();

    /**
     * The calling thread runs a coroutine of the script the worker runs: it acts for the worker
     * (one of the script's threads runs at a time, the others wait) until it leaves.
     */
    void enterCoroutine();

    void leaveCoroutine();

    /**
     * The BUSY error for commands a client sends while the node is busy, or null when it is not
     * (only ever non-null on the worker, for a task run at a script's safe point).
     */
    String busyError();

    /** The BUSY error that names what the current job runs (an EVAL script, a function). */
    void reason(String busyError);

    /** Whether the node is shutting down: a script running now must stop. */
    boolean stopping();

    /**
     * Runs {@code work} on the worker, which owns the node meanwhile, and waits for it up to
     * {@code thresholdMillis}. True when it ended in time: the node's thread has the node again
     * (the caller then drains the posted tasks). False when the node is busy: the caller returns
     * to its loop, and {@code ended} runs on the node's thread once the work is over, before the
     * tasks deferred meanwhile. Node thread only.
     */
    boolean handOff(Runnable work, long thresholdMillis, String busyError, Runnable ended);

    /**
     * Runs a task that touches the node's state, on the thread that may: here when the node is
     * not handed off, otherwise on the worker at its next safe point, this thread waiting for it.
     * Node thread (or the worker itself, which runs it at once).
     */
    void runOwned(Runnable task);

    /**
     * The worker's safe point, called from the Lua hook and while waiting for the Lua engine:
     * runs the task the node's thread handed over, if any, with the node busy.
     */
    void safePoint();

    /**
     * Runs a task about client connections on the node's thread, after the task running now and
     * in the order posted, from any thread: the worker hands its deliveries over this way.
     */
    void post(Runnable task);

    /** Runs the tasks posted while the worker had the node, on the node's thread, in order. */
    void drainPosted();
}
