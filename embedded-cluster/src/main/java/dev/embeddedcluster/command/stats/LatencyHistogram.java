package dev.embeddedcluster.command.stats;

/**
 * Command durations in nanoseconds, kept as an HDR histogram with two significant digits keeps
 * them (exact below 256 ns, then 128 steps per power of two, up to one second), so that the
 * percentiles INFO latencystats and LATENCY HISTOGRAM show round as Redis's do.
 */
final class LatencyHistogram {
    static final long MAX_NANOS = 1_000_000_000L;
    private static final int EXACT = 256;
    private static final int HALF = 128;
    private static final int TOP_MAGNITUDE = 63 - Long.numberOfLeadingZeros(MAX_NANOS);
    private final long[] counts = new long[EXACT + (TOP_MAGNITUDE - 7) * HALF];
    private long total;

    void record(long nanos) {
        long value = Math.max(1, Math.min(nanos, MAX_NANOS));
        counts[bucket(value)]++;
        total++;
    }

    long total() {
        return total;
    }

    private static int bucket(long value) {
        if (value < EXACT) {
            return (int) value;
        }
        int magnitude = 63 - Long.numberOfLeadingZeros(value);
        return EXACT + (magnitude - 8) * HALF + (int) ((value >> (magnitude - 7)) - HALF);
    }

    /** The smallest value a bucket holds. */
    private static long lowest(int bucket) {
        if (bucket < EXACT) {
            return bucket;
        }
        int magnitude = (bucket - EXACT) / HALF + 8;
        return (long) ((bucket - EXACT) % HALF + HALF) << (magnitude - 7);
    }

    /** The largest value a bucket holds. */
    private static long highest(int bucket) {
        return bucket + 1 < EXACT ? bucket : lowest(bucket + 1) - 1;
    }

    /** The value at a percentile, in nanoseconds: the top of the bucket where the count reaches it. */
    long valueAtPercentile(double percentile) {
        long wanted = Math.max(1, (long) (Math.min(percentile, 100.0) / 100.0 * total + 0.5));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= wanted) {
                return highest(i);
            }
        }
        return 0;
    }

    /**
     * The cumulative counts at each power of two from 1024 ns on (each up to the top of its bucket),
     * where the count grew: pairs of (that top in microseconds, samples up to it), as LATENCY
     * HISTOGRAM lists them.
     */
    long[] cumulativeByPowerOfTwo() {
        long[] pairs = new long[2 * 64];
        int used = 0;
        long seen = 0;
        long reported = 0;
        int i = 0;
        for (long level = 1024; reported < total && level <= 2 * MAX_NANOS; level <<= 1) {
            while (i < counts.length && lowest(i) <= level) {
                seen += counts[i++];
            }
            if (seen > reported) {
                pairs[used++] = (level + (level >> 7) - 1) / 1000;
                pairs[used++] = seen;
                reported = seen;
            }
        }
        return java.util.Arrays.copyOf(pairs, used);
    }
}
