package dev.embeddedcluster.parity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Samples a value as fast as it comes until one satisfies a condition, keeping each change in order. */
final class DistinctSamples {
    private DistinctSamples() {
    }

    /** The values seen, the satisfying one last; an AssertionError listing them when the timeout passes first. */
    static <T> List<T> until(Supplier<T> sample, Predicate<T> done, Duration timeout) {
        List<T> seen = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = sample.get();
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(value)) {
                seen.add(value);
            }
            if (done.test(value)) {
                return seen;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + timeout.toMillis() + " ms; seen: " + seen);
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted; seen: " + seen, e);
            }
        }
    }
}
