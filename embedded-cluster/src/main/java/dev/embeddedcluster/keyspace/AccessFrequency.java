package dev.embeddedcluster.keyspace;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Redis's LFU counter: 8 bits that start at 5, grow logarithmically on access (lfu-log-factor 10)
 * and lose one per minute without access (lfu-decay-time 1). Tracked while an LFU
 * maxmemory-policy is set, as Redis does.
 */
final class AccessFrequency {
    static final int INITIAL = 5;
    private static final int MAX = 255;
    private static final int LOG_FACTOR = 10;
    private static final long DECAY_MINUTES = 1;

    private AccessFrequency() {
    }

    static long minutes(long millis) {
        return millis / 60_000;
    }

    static int decayed(int counter, long lastMinutes, long nowMillis) {
        long periods = (minutes(nowMillis) - lastMinutes) / DECAY_MINUTES;
        return periods <= 0 ? counter : (int) Math.max(0, counter - periods);
    }

    /** The counter after one access: decay first, then a logarithmic increment. */
    static void touch(Entry entry, long nowMillis) {
        int counter = decayed(entry.lfuCounter, entry.lfuMinutes, nowMillis);
        if (counter < MAX) {
            double base = Math.max(0, counter - INITIAL);
            if (ThreadLocalRandom.current().nextDouble() < 1.0 / (base * LOG_FACTOR + 1)) {
                counter++;
            }
        }
        entry.lfuCounter = counter;
        entry.lfuMinutes = minutes(nowMillis);
    }
}
