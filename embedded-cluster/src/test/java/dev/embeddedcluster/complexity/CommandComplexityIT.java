package dev.embeddedcluster.complexity;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.command.CommandSpec;
import dev.embeddedcluster.command.CommandTable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every command of the data-type groups runs in the time class Redis 7.0.15 documents for it
 * (the complexity field of its COMMAND DOCS, recorded in {@code command-complexity.tsv}): timed
 * through a real node at 1,000 and 100,000 elements with the same arguments, the time per call
 * may grow by no more than its class allows ({@link Growth}).
 *
 * <p>Robust on a busy machine: a warm-up first, then several pipelined batches at each size in
 * turns, of which the fastest counts (noise only ever adds time).
 */
class CommandComplexityIT {
    private static final Set<String> GROUPS =
            Set.of("hash", "set", "sorted-set", "list", "stream", "hyperloglog", "geo", "bitmap", "string");
    private static final int SMALL = 1_000;
    private static final int LARGE = 100_000;
    private static final int WARM_UP = 3;
    /** Short batches, many of them: on a loaded machine some run undisturbed. */
    private static final int BATCHES = 12;
    /** With the warm-up, a case calls fewer times than the small fixture has elements. */
    private static final int MAX_BATCH = 20;
    private static final long BATCH_TARGET_NANOS = 500_000;
    private static final int MIN_BATCHES = 3;
    /** About the time a case may take at one size, beyond its warm-up. */
    private static final long CASE_BUDGET_NANOS = 60_000_000;
    /** A case beyond its class is timed again, up to this many times in all: noise passes, a wrong class stays. */
    private static final int ATTEMPTS = 3;

    private static EmbeddedRedisCluster cluster;
    private static PipelinedClient client;

    @BeforeAll
    static void start() throws IOException {
        cluster = EmbeddedRedisCluster.builder().masters(1).replicasPerMaster(0).build().start();
        ClusterNode node = cluster.nodes().get(0);
        client = new PipelinedClient(node.host(), node.port());
    }

    @AfterAll
    static void stop() throws IOException {
        if (client != null) {
            client.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void everyCommandOfTheDataTypeGroupsHasACaseOrAReasonToBeLeftOut() {
        Set<String> inTable = new TreeSet<>();
        for (CommandSpec spec : CommandTable.standard().indexed()) {
            if (GROUPS.contains(spec.group())) {
                inTable.add(spec.fullName());
            }
        }
        inTable.add("randomkey");
        inTable.add("scan");
        Set<String> covered = new TreeSet<>(Cases.EXCLUDED.keySet());
        Cases.ALL.forEach(c -> covered.add(c.command()));
        assertThat(covered).containsExactlyElementsOf(inTable);
        assertThat(documented().keySet()).containsExactlyElementsOf(inTable);
        assertThat(Cases.ALL.stream().map(Cases.Case::command).filter(Cases.EXCLUDED::containsKey).toList()).isEmpty();
        assertThat(Cases.ALL.stream().map(Cases.Case::command).toList()).containsAll(Cases.KNOWN_SLOW.keySet());
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void everyCommandGrowsWithinItsDocumentedClass() throws IOException {
        Map<String, String> documented = documented();
        List<String> failures = new ArrayList<>();
        System.out.printf("%-64s %-11s %9s %9s %7s%n", "case", "class", "1k us", "100k us", "ratio");
        for (Fixture fixture : Fixture.values()) {
            boolean fresh = false;
            for (Cases.Case one : Cases.ALL) {
                if (one.fixture() != fixture) {
                    continue;
                }
                double[] perCall = time(one, fresh);
                fresh = fixture.interleaves() && !one.consumes();
                boolean known = Cases.KNOWN_SLOW.containsKey(one.command());
                for (int attempt = 1; attempt < ATTEMPTS && !known && perCall[1] / perCall[0] > one.growth().maxRatio; attempt++) {
                    double[] again = time(one, fresh);
                    perCall = again[1] / again[0] < perCall[1] / perCall[0] ? again : perCall;
                }
                double ratio = perCall[1] / perCall[0];
                System.out.printf("%-64s %-11s %9.2f %9.2f %7.2f%n", one.label(), one.growth(),
                        perCall[0] / 1000, perCall[1] / 1000, ratio);
                if (ratio > one.growth().maxRatio && known) {
                    System.out.println("known slow, not asserted: " + one.label() + " grew " + String.format("%.1f", ratio)
                            + "x: " + Cases.KNOWN_SLOW.get(one.command()));
                } else if (ratio > one.growth().maxRatio) {
                    failures.add(one.label() + " grew " + String.format("%.1f", ratio) + "x, beyond "
                            + one.growth() + "; Redis documents " + documented.get(one.command()));
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    /** Nanoseconds a call takes at the small and the large size, on the fixture as it is when {@code reuse}, else on a new one. */
    private static double[] time(Cases.Case one, boolean reuse) throws IOException {
        Fixture fixture = one.fixture();
        if (fixture.interleaves()) {
            if (!reuse || one.consumes()) {
                build(fixture, SMALL, LARGE);
            }
            return measure(one, SMALL, LARGE);
        }
        build(fixture, SMALL);
        double small = measure(one, SMALL)[0];
        build(fixture, LARGE);
        return new double[] {small, measure(one, LARGE)[0]};
    }

    private static void build(Fixture fixture, int... sizes) throws IOException {
        List<String[]> commands = new ArrayList<>();
        commands.add(new String[] {"FLUSHALL"});
        for (int size : sizes) {
            fixture.build(commands, size);
        }
        for (int from = 0; from < commands.size(); from += 1_000) {
            client.run(commands.subList(from, Math.min(commands.size(), from + 1_000)));
        }
    }

    /**
     * Nanoseconds a call takes at each size: the fastest of several batches, after a warm-up,
     * the sizes taking turns so that both see the machine as busy.
     */
    private static double[] measure(Cases.Case one, int... sizes) throws IOException {
        int[] batch = new int[sizes.length];
        int batches = BATCHES;
        for (int s = 0; s < sizes.length; s++) {
            long warmUp = client.run(calls(one, sizes[s], 0, WARM_UP));
            batch[s] = (int) Math.max(1, Math.min(MAX_BATCH, BATCH_TARGET_NANOS * WARM_UP / Math.max(1, warmUp)));
            // A slow call (a whole large collection) needs fewer repetitions to stand out of the noise.
            batches = (int) Math.max(MIN_BATCHES, Math.min(batches, CASE_BUDGET_NANOS * WARM_UP / Math.max(1, warmUp)));
        }
        double[] best = new double[sizes.length];
        Arrays.fill(best, Double.MAX_VALUE);
        for (int b = 0; b < batches; b++) {
            for (int s = 0; s < sizes.length; s++) {
                int from = WARM_UP + b * batch[s];
                best[s] = Math.min(best[s], (double) client.run(calls(one, sizes[s], from, batch[s])) / batch[s]);
            }
        }
        return best;
    }

    private static List<String[]> calls(Cases.Case one, int size, int from, int count) {
        List<String[]> commands = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            commands.addAll(one.commands(size, i));
        }
        return commands;
    }

    /** The recorded COMMAND DOCS complexity of each command, by name. */
    private static Map<String, String> documented() {
        try (InputStream in = CommandComplexityIT.class.getResourceAsStream("/redis-7.0.15/command-complexity.tsv")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).map(l -> l.split("\t", 3))
                    .collect(Collectors.toMap(f -> f[0], f -> f[2], (a, b) -> a, java.util.TreeMap::new));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
