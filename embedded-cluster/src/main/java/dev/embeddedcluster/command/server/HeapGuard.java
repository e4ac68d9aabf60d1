package dev.embeddedcluster.command.server;

/**
 * Keeps a cluster's nodes from taking the whole heap of the JVM they share with the tests: once
 * the heap in use after a garbage collection passes a fraction of the heap's limit, the nodes
 * refuse what Redis refuses over maxmemory (commands flagged denyoom, scripts that may write)
 * with Redis's OOM error, and go on serving reads and deletes. The flag is set from outside (the
 * server's watch of the JVM's collections); the dispatcher reads it on every command, a volatile
 * read. When a command would be refused, the guard measures again after a full collection if
 * memory may have been freed since (a delete, or a second gone by), so that DEL or FLUSHALL let
 * writes in again at once.
 */
public final class HeapGuard {
    /** The default threshold: nine tenths of the heap's limit. */
    public static final double DEFAULT_THRESHOLD = 0.9;
    /** A guard that never refuses. */
    public static final HeapGuard OFF = new HeapGuard(0, () -> { });
    /** Without a delete, a refused write measures again at most this often. */
    private static final long RECHECK_NANOS = 1_000_000_000L;

    private final double threshold;
    /** Collects the heap at once and has {@link #measured} called with what is left. */
    private final Runnable collectNow;
    private volatile boolean full;
    private volatile long checkedAt = System.nanoTime() - RECHECK_NANOS;

    /**
     * @param threshold  the fraction of the heap's limit over which writes are refused, above 0
     *                   and below 1; 0 for a guard that never refuses
     * @param collectNow runs a full collection and reports how full the heap is after it to {@link #measured}
     */
    public HeapGuard(double threshold, Runnable collectNow) {
        if (threshold != 0 && !(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("the heap guard's threshold is a fraction of the heap above 0 and below 1, got " + threshold);
        }
        this.threshold = threshold;
        this.collectNow = collectNow;
    }

    public double threshold() {
        return threshold;
    }

    /** Whether this guard can refuse anything at all. */
    public boolean active() {
        return threshold != 0;
    }

    /** Whether the heap was over the threshold when last measured: the check of every command. */
    public boolean full() {
        return full;
    }

    /**
     * How full the heap was after a collection, as a fraction of its limit: the fuller of the
     * whole heap and its old generation (which, under Serial or Parallel, is capped at a part of
     * the heap and fills first). Any thread.
     */
    public void measured(double usedFraction) {
        full = threshold != 0 && usedFraction > threshold;
    }

    /**
     * Before a write is refused for the heap: whether the heap is still over the threshold,
     * collected and measured again first when memory may have been freed since the last
     * measure ({@code mayHaveFreed}, or a second gone by).
     */
    public boolean stillFull(boolean mayHaveFreed) {
        if (!full) {
            return false;
        }
        long now = System.nanoTime();
        if (mayHaveFreed || now - checkedAt >= RECHECK_NANOS) {
            checkedAt = now;
            collectNow.run();
        }
        return full;
    }
}
