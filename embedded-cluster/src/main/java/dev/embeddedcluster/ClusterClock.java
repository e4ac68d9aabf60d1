package dev.embeddedcluster;

/**
 * The time every node of one cluster reads: TTLs, expiry, TIME, LASTSAVE. Tests may pass a
 * {@link ManualClock} to the builder and move time by hand.
 */
@FunctionalInterface
public interface ClusterClock extends dev.embeddedcluster.util.Clock {
    /** Milliseconds since the Unix epoch. */
    @Override
    long currentTimeMillis();

    /** Microseconds since the Unix epoch; TIME's second field comes from here. */
    @Override
    default long currentTimeMicros() {
        return currentTimeMillis() * 1000;
    }

    static ClusterClock system() {
        return SystemClock.INSTANCE;
    }
}
