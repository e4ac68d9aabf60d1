package dev.embeddedcluster.command.server.config;

import dev.embeddedcluster.util.RedisNumbers;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The CONFIG values with a syntax of their own: lists of numbers, buffer limits, percents, host names. */
public final class CompoundValues {
    private CompoundValues() {
    }

    /** save: pairs of seconds and changes, or nothing. */
    public static final ValueType SAVE = (given, current) -> {
        String[] words = words(given);
        if (words.length % 2 != 0) {
            throw new InvalidValue("Invalid save parameters");
        }
        StringBuilder shown = new StringBuilder();
        for (String word : words) {
            Long number = RedisNumbers.parseLong(word);
            if (number == null || number < 0) {
                throw new InvalidValue("Invalid save parameters");
            }
            shown.append(shown.length() == 0 ? "" : " ").append(number);
        }
        return shown.toString();
    };

    /** oom-score-adj-values: three adjustments (master, replica, background child). */
    public static final ValueType OOM_SCORE_ADJ_VALUES = (given, current) -> {
        String[] words = words(given);
        if (words.length != 3) {
            throw new InvalidValue("wrong number of arguments");
        }
        StringBuilder shown = new StringBuilder();
        for (String word : words) {
            Long number = RedisNumbers.parseLong(word);
            if (number == null || number < -2000 || number > 2000) {
                throw new InvalidValue("Invalid oom-score-adj-values, elements must be between -2000 and 2000.");
            }
            shown.append(shown.length() == 0 ? "" : " ").append(number);
        }
        return shown.toString();
    };

    /** latency-tracking-info-percentiles: numbers from 0 to 100, shown with up to six decimals. */
    public static final ValueType PERCENTILES = (given, current) -> {
        StringBuilder shown = new StringBuilder();
        for (String word : words(given)) {
            double percentile;
            if (!word.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
                throw new InvalidValue("Invalid latency-tracking-info-percentiles parameters");
            }
            percentile = Double.parseDouble(word);
            if (percentile < 0 || percentile > 100) {
                throw new InvalidValue("latency-tracking-info-percentiles parameters should sit between [0.0,100.0]");
            }
            String fixed = String.format(Locale.ROOT, "%f", percentile).replaceAll("0+$", "").replaceAll("\\.$", "");
            shown.append(shown.length() == 0 ? "" : " ").append(fixed);
        }
        return shown.toString();
    };

    /** maxmemory-clients: a memory amount, or a percent of maxmemory written "N%". */
    public static final ValueType MEMORY_OR_PERCENT = (given, current) -> {
        String problem = "argument must be a memory or percent value";
        long value;
        if (given.endsWith("%")) {
            Long percent = RedisNumbers.parseLong(given.substring(0, given.length() - 1));
            if (percent == null || percent < 0) {
                throw new InvalidValue(problem);
            }
            if (percent > 100) {
                throw new InvalidValue("percentage argument must be less or equal to 100");
            }
            value = -percent;
        } else {
            value = ValueTypes.memory(given, problem);
        }
        return value < 0 ? -value + "%" : Long.toString(value);
    };

    /** cluster-announce-hostname: letters, digits, hyphens and dots, or nothing. */
    public static final ValueType HOSTNAME = (given, current) -> {
        if (given.length() >= 256) {
            throw new InvalidValue("Hostnames must be less than 256 characters");
        }
        if (!given.matches("[A-Za-z0-9.-]*")) {
            throw new InvalidValue("Hostnames may only contain alphanumeric characters, hyphens or dots");
        }
        return given;
    };

    /**
     * client-output-buffer-limit: groups of class, hard limit, soft limit and soft seconds; the
     * classes not named keep their limits.
     */
    public static final ValueType CLIENT_OUTPUT_BUFFER_LIMIT = (given, current) -> {
        String[] words = words(given);
        if (words.length % 4 != 0) {
            throw new InvalidValue("Wrong number of arguments in buffer limit configuration.");
        }
        Map<String, String> limits = new LinkedHashMap<>();
        String[] old = words(current);
        for (int i = 0; i + 3 < old.length; i += 4) {
            limits.put(old[i], old[i + 1] + " " + old[i + 2] + " " + old[i + 3]);
        }
        for (int i = 0; i < words.length; i += 4) {
            String kind = switch (words[i].toLowerCase(Locale.ROOT)) {
                case "normal" -> "normal";
                case "slave", "replica" -> "slave";
                case "pubsub" -> "pubsub";
                default -> throw new InvalidValue("Invalid client class specified in buffer limit configuration.");
            };
            String error = "Error in hard, soft or soft_seconds setting in buffer limit configuration.";
            long hard = ValueTypes.memory(words[i + 1], error);
            long soft = ValueTypes.memory(words[i + 2], error);
            Long seconds = RedisNumbers.parseLong(words[i + 3]);
            if (seconds == null || seconds < 0) {
                throw new InvalidValue(error);
            }
            limits.put(kind, Long.toUnsignedString(hard) + " " + Long.toUnsignedString(soft) + " " + seconds);
        }
        StringBuilder shown = new StringBuilder();
        limits.forEach((kind, values) -> shown.append(shown.length() == 0 ? "" : " ").append(kind).append(' ').append(values));
        return shown.toString();
    };

    private static String[] words(String value) {
        String trimmed = value.trim();
        return trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
    }
}
