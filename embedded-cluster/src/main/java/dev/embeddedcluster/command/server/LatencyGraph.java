package dev.embeddedcluster.command.server;

import dev.embeddedcluster.command.stats.LatencyMonitor;

import java.util.List;

/**
 * LATENCY GRAPH's drawing, in the shape Redis draws it: a title with the event's extremes, a
 * rule, four rows where each sample is a column as high as its latency between the lowest and
 * the highest sample ('_' for the lowest), a blank row, and under each column how long ago it
 * was taken ("4s", "2m", "1h"), written downwards.
 */
final class LatencyGraph {
    private static final int ROWS = 4;
    private static final int COLUMNS = 80;

    private LatencyGraph() {
    }

    static String draw(String name, LatencyMonitor.Event event, long nowSeconds) {
        List<LatencyMonitor.Sample> all = event.samples();
        List<LatencyMonitor.Sample> samples = all.subList(Math.max(0, all.size() - COLUMNS), all.size());
        long low = Long.MAX_VALUE;
        long high = Long.MIN_VALUE;
        for (LatencyMonitor.Sample sample : samples) {
            low = Math.min(low, sample.millis());
            high = Math.max(high, sample.millis());
        }
        StringBuilder out = new StringBuilder();
        out.append(name).append(" - high ").append(high).append(" ms, low ").append(low).append(" ms (all time high ")
                .append(event.max()).append(" ms)\n").append("-".repeat(COLUMNS)).append('\n');
        int[] heights = new int[samples.size()];
        for (int i = 0; i < heights.length; i++) {
            heights[i] = high == low ? 0 : (int) Math.round((double) (samples.get(i).millis() - low) / (high - low) * ROWS);
        }
        for (int row = ROWS; row >= 1; row--) {
            for (int height : heights) {
                out.append(height == 0 ? (row == 1 ? '_' : ' ') : height == row ? '#' : height > row ? '|' : ' ');
            }
            out.append('\n');
        }
        out.append(" ".repeat(heights.length)).append('\n');
        String[] labels = new String[samples.size()];
        int longest = 0;
        for (int i = 0; i < labels.length; i++) {
            labels[i] = ago(nowSeconds - samples.get(i).unixSeconds());
            longest = Math.max(longest, labels[i].length());
        }
        for (int row = 0; row < longest; row++) {
            for (String label : labels) {
                out.append(row < label.length() ? label.charAt(row) : ' ');
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String ago(long seconds) {
        long elapsed = Math.max(0, seconds);
        if (elapsed < 60) {
            return elapsed + "s";
        }
        return elapsed < 3600 ? elapsed / 60 + "m" : elapsed / 3600 + "h";
    }
}
