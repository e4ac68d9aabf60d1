package dev.embeddedcluster;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when a test tells it to. Thread-safe. */
public final class ManualClock implements ClusterClock {
    private final AtomicLong millis;

    public ManualClock(Instant start) {
        this.millis = new AtomicLong(start.toEpochMilli());
    }

    public ManualClock() {
        this(Instant.now());
    }

    @Override
    public long currentTimeMillis() {
        return millis.get();
    }

    public void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("time only moves forward: " + by);
        }
        millis.addAndGet(by.toMillis());
    }

    public void set(Instant instant) {
        millis.set(instant.toEpochMilli());
    }
}
