package dev.embeddedcluster.command.server;

import dev.embeddedcluster.command.stats.CommandStats;

/** latency-tracking-info-percentiles: numbers from 0 to 100 separated by spaces (none: an empty list). */
final class LatencyPercentiles {
    private LatencyPercentiles() {
    }

    /** Why CONFIG SET refuses the text, in Redis's words, or null when it is a valid list. */
    static String problem(String text) {
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            return null;
        }
        for (String word : trimmed.split(" +")) {
            double value;
            try {
                value = Double.parseDouble(word);
            } catch (NumberFormatException e) {
                return "Invalid latency-tracking-info-percentiles parameters";
            }
            if (!(value >= 0 && value <= 100)) {
                return "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]";
            }
        }
        return null;
    }

    /** The percentiles of a valid list (see {@link #problem}), or null when it is not one. */
    static double[] parse(String text) {
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            return new double[0];
        }
        String[] words = trimmed.split(" +");
        double[] values = new double[words.length];
        for (int i = 0; i < words.length; i++) {
            try {
                values[i] = Double.parseDouble(words[i]);
            } catch (NumberFormatException e) {
                return null;
            }
            if (!(values[i] >= 0 && values[i] <= 100)) {
                return null;
            }
        }
        return values;
    }

    /** The list as CONFIG GET shows it: each value as %f without trailing zeros. */
    static String format(double[] values) {
        StringBuilder text = new StringBuilder();
        for (double value : values) {
            text.append(text.length() == 0 ? "" : " ").append(CommandStats.percentileName(value));
        }
        return text.toString();
    }
}
