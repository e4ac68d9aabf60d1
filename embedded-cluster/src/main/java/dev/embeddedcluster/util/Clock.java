package dev.embeddedcluster.util;

/**
 * The time the layers under the public API read: expiry, idle times, TIME. The public
 * {@link dev.embeddedcluster.ClusterClock} is one; the nodes of a cluster share it.
 */
@FunctionalInterface
public interface Clock {
    /** Milliseconds since the Unix epoch. */
    long currentTimeMillis();

    /** Microseconds since the Unix epoch. */
    default long currentTimeMicros() {
        return currentTimeMillis() * 1000;
    }
}
