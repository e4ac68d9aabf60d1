package dev.embeddedcluster.bench;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.ManualClock;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * What the JUnit extension's clean-up costs after a test that used a fault: the fault is set up
 * (not timed), then {@code releaseFaults()}, {@code flushAll()} and {@code restoreTopology()} are
 * timed, as the extension runs them. Six nodes, a manual clock advanced past the node timeout so
 * that failovers happen at once. Run by bench/run.sh:
 * {@code java -cp embedded-cluster/target/test-classes:<jar> dev.embeddedcluster.bench.FaultRestoreBenchmark}.
 */
public final class FaultRestoreBenchmark {
    private static final Duration PAST_TIMEOUT = Duration.ofSeconds(16);

    private FaultRestoreBenchmark() {
    }

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        ManualClock clock = new ManualClock();
        try (EmbeddedRedisCluster cluster = EmbeddedRedisCluster.builder().clock(clock).build().start()) {
            measure(cluster, runs, "nothing to undo", c -> { });
            measure(cluster, runs, "lagged replica", c -> c.lagReplica(c.replicas().get(0), Duration.ofMillis(50)));
            measure(cluster, runs, "killed master, failed over", c -> failedOver(c, clock, c::kill));
            measure(cluster, runs, "paused master, failed over", c -> failedOver(c, clock, c::pause));
            measure(cluster, runs, "isolated master, failed over", c -> failedOver(c, clock, c::isolate));
            measure(cluster, runs, "added master with a slot", c -> c.migrateSlot(0, c.addMaster()));
            measure(cluster, runs, "removed replica", c -> c.removeNode(c.replicas().get(0)));
        }
    }

    private static void failedOver(EmbeddedRedisCluster cluster, ManualClock clock, Consumer<ClusterNode> fault) {
        ClusterNode master = cluster.masters().get(0);
        fault.accept(master);
        clock.advance(PAST_TIMEOUT);
        cluster.awaitFailover(master, Duration.ofSeconds(10));
    }

    private static void measure(EmbeddedRedisCluster cluster, int runs, String fault, Consumer<EmbeddedRedisCluster> setUp) {
        double[] millis = new double[runs];
        for (int i = 0; i < runs; i++) {
            setUp.accept(cluster);
            long t0 = System.nanoTime();
            cluster.releaseFaults();
            cluster.flushAll();
            cluster.restoreTopology();
            millis[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(millis);
        System.out.println(String.format(Locale.ROOT, "clean-up after %-30s median %6.1f ms   p90 %6.1f ms   (%d runs)",
                fault, millis[runs / 2], millis[(int) (runs * 0.9)], runs));
    }
}
