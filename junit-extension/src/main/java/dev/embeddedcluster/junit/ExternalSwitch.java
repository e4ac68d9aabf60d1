package dev.embeddedcluster.junit;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The switch that points the tests at a cluster already running instead of starting one:
 * {@value #SEEDS} (or the environment variable {@code EMBEDDEDCLUSTER_EXTERNAL}) names its seeds,
 * {@value #FLUSH}{@code =false} (or {@code EMBEDDEDCLUSTER_EXTERNAL_FLUSH=false}) keeps its data
 * between tests.
 */
record ExternalSwitch(List<String> seeds, boolean flush) {
    static final String SEEDS = "embeddedcluster.external";
    static final String FLUSH = "embeddedcluster.external.flush";

    /** The switch as this JVM sets it, or null when the tests start their own clusters. */
    static ExternalSwitch current() {
        String seeds = setting(SEEDS);
        if (seeds == null) {
            return null;
        }
        List<String> list = Arrays.stream(seeds.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        String flush = setting(FLUSH);
        return new ExternalSwitch(list, flush == null || !flush.trim().equalsIgnoreCase("false"));
    }

    private static String setting(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(property.toUpperCase(Locale.ROOT).replace('.', '_'));
        }
        return value == null || value.isBlank() ? null : value;
    }

    /** How messages name it: {@code the external cluster at 127.0.0.1:30001 (embeddedcluster.external)}. */
    String describe() {
        return "the external cluster at " + String.join(",", seeds) + " (" + SEEDS + ")";
    }
}
