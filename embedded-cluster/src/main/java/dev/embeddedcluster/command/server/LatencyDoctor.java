package dev.embeddedcluster.command.server;

import dev.embeddedcluster.command.stats.LatencyMonitor;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * LATENCY DOCTOR's report, in our own words: whether monitoring is on, then for each event its
 * spikes (count, average, mean deviation, period between them, worst ever), then advice.
 */
final class LatencyDoctor {
    private LatencyDoctor() {
    }

    static String report(LatencyMonitor monitor, long slowlogMicros) {
        if (monitor.thresholdMillis() == 0) {
            return "Latency monitoring is off on this node, so there is nothing to analyse. "
                    + "Turn it on with 'CONFIG SET latency-monitor-threshold <milliseconds>'.\n";
        }
        Map<String, LatencyMonitor.Event> events = monitor.events();
        if (events.isEmpty()) {
            return "No event has reached the latency threshold of " + monitor.thresholdMillis()
                    + " ms on this node: nothing to report.\n";
        }
        StringBuilder out = new StringBuilder("Latency spikes were recorded on this node.\n\n");
        int number = 1;
        for (Map.Entry<String, LatencyMonitor.Event> entry : events.entrySet()) {
            List<LatencyMonitor.Sample> samples = entry.getValue().samples();
            double sum = 0;
            for (LatencyMonitor.Sample sample : samples) {
                sum += sample.millis();
            }
            double average = sum / samples.size();
            double deviation = 0;
            for (LatencyMonitor.Sample sample : samples) {
                deviation += Math.abs(sample.millis() - average);
            }
            deviation /= samples.size();
            long span = samples.get(samples.size() - 1).unixSeconds() - samples.get(0).unixSeconds();
            double period = samples.size() > 1 ? (double) span / (samples.size() - 1) : 0;
            out.append(number++).append(". ").append(entry.getKey()).append(": ").append(samples.size())
                    .append(samples.size() == 1 ? " spike" : " spikes")
                    .append(String.format(Locale.ROOT, ", %d ms on average (mean deviation %d ms), one every %.2f s;",
                            Math.round(average), Math.round(deviation), period))
                    .append(" the worst took ").append(entry.getValue().max()).append(" ms.\n");
        }
        out.append("\nAdvice:\n\n");
        if (slowlogMicros < 0 || slowlogMicros / 1000 >= monitor.thresholdMillis()) {
            out.append("- The slow log keeps only commands slower than the latency threshold; lower "
                    + "slowlog-log-slower-than to see the commands behind smaller spikes.\n");
        }
        out.append("- SLOWLOG GET lists the slowest commands with their arguments.\n");
        out.append("- Deleting, expiring or evicting a very large value takes time in one go; many smaller values spread it.\n");
        return out.toString();
    }
}
