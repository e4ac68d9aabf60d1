package dev.embeddedcluster.command.stats;

/**
 * A counter's recent rate per second, as Redis's instantaneous_* fields show it: the node's
 * timer samples the counter (every 100 ms) and the rate is the mean of the last 16 samples' rates.
 */
public final class InstantaneousRate {
    private static final int SAMPLES = 16;
    private final double[] rates = new double[SAMPLES];
    private int next;
    private long lastCount;
    private long lastMillis = -1;

    /** Takes a sample of the counter's value at {@code nowMillis}. */
    public void sample(long count, long nowMillis) {
        if (lastMillis >= 0 && nowMillis > lastMillis) {
            rates[next] = Math.max(0, count - lastCount) * 1000.0 / (nowMillis - lastMillis);
            next = (next + 1) % SAMPLES;
        }
        lastCount = count;
        lastMillis = nowMillis;
    }

    /** The mean rate per second over the kept samples. */
    public double perSecond() {
        double sum = 0;
        for (double rate : rates) {
            sum += rate;
        }
        return sum / SAMPLES;
    }

    /** Starts again with the counter at {@code count} (after CONFIG RESETSTAT). */
    public void reset(long count) {
        java.util.Arrays.fill(rates, 0);
        lastCount = count;
    }
}
