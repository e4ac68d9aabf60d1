package dev.embeddedcluster.command.stats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LATENCY's data: for each event (command, fast-command, expire-cycle...) that took at least
 * latency-monitor-threshold milliseconds (0: monitoring off), its samples of the last 160
 * seconds that had one (the worst of each second), the latest and the worst ever. Node thread only.
 */
public final class LatencyMonitor {
    static final int SAMPLES = 160;
    private final Map<String, Event> events = new LinkedHashMap<>();
    private long thresholdMillis;

    /** One sample: the second it was taken and the worst latency in it, in milliseconds. */
    public record Sample(long unixSeconds, long millis) {
    }

    /** An event's samples, oldest first, and its worst ever. */
    public static final class Event {
        private final List<Sample> samples = new ArrayList<>();
        private long max;

        public List<Sample> samples() {
            return samples;
        }

        public Sample latest() {
            return samples.get(samples.size() - 1);
        }

        public long max() {
            return max;
        }

        void add(long unixSeconds, long millis) {
            int last = samples.size() - 1;
            if (last >= 0 && samples.get(last).unixSeconds() == unixSeconds) {
                samples.set(last, new Sample(unixSeconds, Math.max(millis, samples.get(last).millis())));
            } else {
                samples.add(new Sample(unixSeconds, millis));
                if (samples.size() > SAMPLES) {
                    samples.remove(0);
                }
            }
            max = Math.max(max, millis);
        }
    }

    public void configure(long thresholdMillis) {
        this.thresholdMillis = thresholdMillis;
    }

    public long thresholdMillis() {
        return thresholdMillis;
    }

    /** Records an event that took {@code millis} if monitoring is on and it reached the threshold. */
    public void sample(String event, long millis, long unixSeconds) {
        if (thresholdMillis > 0 && millis >= thresholdMillis) {
            events.computeIfAbsent(event, e -> new Event()).add(unixSeconds, millis);
        }
    }

    /** The events that have samples, in the order they first had one. */
    public Map<String, Event> events() {
        return events;
    }

    /** Forgets the named events (all when {@code names} is empty); returns how many had samples. */
    public int reset(List<String> names) {
        if (names.isEmpty()) {
            int n = events.size();
            events.clear();
            return n;
        }
        int n = 0;
        for (String name : names) {
            if (events.remove(name) != null) {
                n++;
            }
        }
        return n;
    }
}
