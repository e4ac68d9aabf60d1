package dev.embeddedcluster.bench;

import dev.embeddedcluster.EmbeddedRedisCluster;

import java.util.Arrays;
import java.util.Locale;

/**
 * Time to start and close a six-node cluster in a warm JVM, and what the JUnit extension does
 * around each test (mark the connections before it; after it close the stateful ones it left
 * and flush every node). Run by bench/run.sh:
 * {@code java -cp embedded-cluster/target/test-classes:<standalone jar> dev.embeddedcluster.bench.StartupBenchmark}.
 */
public final class StartupBenchmark {
    private StartupBenchmark() {
    }

    public static void main(String[] args) {
        int warmups = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        for (int i = 0; i < warmups; i++) {
            EmbeddedRedisCluster.builder().build().start().close();
        }
        double[] start = new double[runs];
        double[] flush = new double[runs];
        double[] betweenTests = new double[runs];
        double[] close = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            EmbeddedRedisCluster cluster = EmbeddedRedisCluster.builder().build().start();
            long t1 = System.nanoTime();
            cluster.flushAll();
            long t2 = System.nanoTime();
            EmbeddedRedisCluster.ConnectionMark mark = cluster.markConnections();
            cluster.closeStatefulConnectionsOpenedSince(mark);
            cluster.flushAll();
            long t3 = System.nanoTime();
            cluster.close();
            long t4 = System.nanoTime();
            start[i] = (t1 - t0) / 1e6;
            flush[i] = (t2 - t1) / 1e6;
            betweenTests[i] = (t3 - t2) / 1e6;
            close[i] = (t4 - t3) / 1e6;
        }
        System.out.println(line("warm JVM: start six nodes", start));
        System.out.println(line("warm JVM: flush all nodes", flush));
        System.out.println(line("warm JVM: extension per test", betweenTests));
        System.out.println(line("warm JVM: close six nodes", close));
    }

    private static String line(String what, double[] millis) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "%-28s min %6.1f ms   median %6.1f ms   p90 %6.1f ms   (%d runs)",
                what, sorted[0], sorted[sorted.length / 2], sorted[(int) (sorted.length * 0.9)], sorted.length);
    }
}
