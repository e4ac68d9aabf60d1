package dev.embeddedcluster.command.stats;

import dev.embeddedcluster.command.CommandSpec;

import java.util.List;
import java.util.Locale;

/**
 * Per command (and subcommand): calls, time spent, calls rejected before they ran and calls that
 * failed, and a latency histogram while latency-tracking is on; INFO commandstats and
 * latencystats render them. Counters sit in arrays at each spec's {@link CommandSpec#index()}:
 * a call costs no lookup and, after a command's first call, no allocation. Node thread only.
 */
public final class CommandStats {
    private final List<CommandSpec> specs;
    private final long[] calls;
    private final long[] nanos;
    private final long[] rejected;
    private final long[] failed;
    private final LatencyHistogram[] histograms;
    private final ErrorStats errors;
    private boolean tracking = true;
    private double[] percentiles = {50, 99, 99.9};
    private long processed;

    public CommandStats(List<CommandSpec> specs, ErrorStats errors) {
        this.specs = specs;
        int n = specs.size();
        this.calls = new long[n];
        this.nanos = new long[n];
        this.rejected = new long[n];
        this.failed = new long[n];
        this.histograms = new LatencyHistogram[n];
        this.errors = errors;
    }

    /** A command ran for {@code duration} ns; it failed when an error was replied since the last count. */
    public void ran(CommandSpec spec, long duration) {
        int i = spec.index();
        calls[i]++;
        nanos[i] += duration;
        processed++;
        if (errors.takeFailure()) {
            failed[i]++;
        }
        if (tracking) {
            LatencyHistogram histogram = histograms[i];
            if (histogram == null) {
                histogram = histograms[i] = new LatencyHistogram();
            }
            histogram.record(duration);
        }
    }

    /** A command refused before it ran (arity, routing, OOM, BUSY...): its error was just replied. */
    public void rejected(CommandSpec spec) {
        rejected[spec.index()]++;
        errors.takeFailure();
    }

    /** An error replied outside any command (an unknown one): no command's failure. */
    public void refusedUnknown() {
        errors.takeFailure();
    }

    /** The commands run, with those inside EXEC and scripts: INFO's total_commands_processed. */
    public long processed() {
        return processed;
    }

    /** latency-tracking and latency-tracking-info-percentiles, as set. */
    public void configure(boolean tracking, double[] percentiles) {
        this.tracking = tracking;
        this.percentiles = percentiles.clone();
    }

    /** INFO commandstats' lines: the commands called or rejected at least once. */
    public void renderCommands(StringBuilder out) {
        for (int i = 0; i < calls.length; i++) {
            if (calls[i] == 0 && rejected[i] == 0 && failed[i] == 0) {
                continue;
            }
            long usec = nanos[i] / 1000;
            out.append("cmdstat_").append(specs.get(i).fullName()).append(":calls=").append(calls[i])
                    .append(",usec=").append(usec)
                    .append(",usec_per_call=").append(String.format(Locale.ROOT, "%.2f", calls[i] == 0 ? 0.0 : (double) usec / calls[i]))
                    .append(",rejected_calls=").append(rejected[i]).append(",failed_calls=").append(failed[i]).append("\r\n");
        }
    }

    /** INFO latencystats' lines: the configured percentiles of each command that has samples. */
    public void renderLatencies(StringBuilder out) {
        for (int i = 0; i < histograms.length; i++) {
            LatencyHistogram histogram = histograms[i];
            if (histogram == null || histogram.total() == 0) {
                continue;
            }
            out.append("latency_percentiles_usec_").append(specs.get(i).fullName()).append(':');
            for (int p = 0; p < percentiles.length; p++) {
                out.append(p == 0 ? "" : ",").append('p').append(percentileName(percentiles[p])).append('=')
                        .append(String.format(Locale.ROOT, "%.3f", histogram.valueAtPercentile(percentiles[p]) / 1000.0));
            }
            out.append("\r\n");
        }
    }

    /** A percentile as Redis names it: "50", "99.9" (%f without the trailing zeros). */
    public static String percentileName(double percentile) {
        String text = String.format(Locale.ROOT, "%f", percentile);
        text = text.replaceAll("0+$", "");
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }

    /** The latency histogram of a command, or null when it has none. */
    public Histogram histogram(CommandSpec spec) {
        LatencyHistogram histogram = histograms[spec.index()];
        return histogram == null || histogram.total() == 0 ? null
                : new Histogram(spec.fullName(), histogram.total(), histogram.cumulativeByPowerOfTwo());
    }

    /** The commands with a histogram, in table order. */
    public List<CommandSpec> tracked() {
        List<CommandSpec> tracked = new java.util.ArrayList<>();
        for (int i = 0; i < histograms.length; i++) {
            if (histograms[i] != null && histograms[i].total() > 0) {
                tracked.add(specs.get(i));
            }
        }
        return tracked;
    }

    /** What LATENCY HISTOGRAM shows of one command: its calls and (level usec, cumulative count) pairs. */
    public record Histogram(String name, long calls, long[] levels) {
    }

    public void reset() {
        java.util.Arrays.fill(calls, 0);
        java.util.Arrays.fill(nanos, 0);
        java.util.Arrays.fill(rejected, 0);
        java.util.Arrays.fill(failed, 0);
        java.util.Arrays.fill(histograms, null);
        processed = 0;
    }
}
