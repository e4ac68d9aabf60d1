package dev.embeddedcluster.examples.soak;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.junit.RedisCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Jedis, Lettuce and Redisson clients at once on every node of a cluster, for a fixed time
 * ({@code -Dsoak.seconds}, 60 by default; {@code -Dsoak.workers} threads per library, 4 by
 * default), each running every operation of {@link Workload#OPERATIONS} in turn. Then: no client
 * saw an error but the WRONGTYPE the workload provokes; every subscriber received every message
 * published on its channel; each replica holds exactly its master's data; the WATCHed balances
 * count the committed transactions. The figures are printed.
 */
@RedisCluster
class SoakTest {
    private static final Duration DURATION = Duration.ofSeconds(Long.getLong("soak.seconds", 60));
    private static final int WORKERS = Integer.getInteger("soak.workers", 4);
    private static final Pattern COMMANDS_PROCESSED = Pattern.compile("total_commands_processed:(\\d+)");

    @Test
    @Timeout(value = 1, unit = TimeUnit.DAYS) // the build's two minutes do not fit a long soak: it bounds itself below
    void threeLibrariesOnEveryNode(EmbeddedRedisCluster cluster) {
        assertTimeoutPreemptively(DURATION.plusMinutes(2), () -> soak(cluster));
    }

    private void soak(EmbeddedRedisCluster cluster) throws Exception {
        Workload workload = new Workload(cluster);
        PubSubCounts counts = new PubSubCounts();
        Tally jedisTally = new Tally("jedis");
        Tally lettuceTally = new Tally("lettuce");
        Tally redissonTally = new Tally("redisson");
        try (JedisLoad jedis = new JedisLoad(cluster, workload, jedisTally, counts);
             LettuceLoad lettuce = new LettuceLoad(cluster, workload, lettuceTally, counts);
             RedissonLoad redisson = new RedissonLoad(cluster, workload, redissonTally, counts)) {
            Map<Library, Tally> libraries = new LinkedHashMap<>();
            libraries.put(jedis, jedisTally);
            libraries.put(lettuce, lettuceTally);
            libraries.put(redisson, redissonTally);
            jedis.loadFunctions();
            for (Library library : libraries.keySet()) {
                library.subscribe();
            }
            Map<String, Long> commandsBefore = commandsProcessed(cluster);
            List<Library.Worker> workers = new ArrayList<>();
            List<Future<?>> running = new ArrayList<>();
            ExecutorService threads = Executors.newFixedThreadPool(WORKERS * libraries.size());
            long started = System.nanoTime();
            long deadline = started + DURATION.toNanos();
            try {
                for (Map.Entry<Library, Tally> library : libraries.entrySet()) {
                    for (int n = 0; n < WORKERS; n++) {
                        Library.Worker worker = library.getKey().worker(n);
                        workers.add(worker);
                        running.add(threads.submit(() -> work(worker, library.getValue(), deadline)));
                    }
                }
                for (Future<?> worker : running) {
                    worker.get(DURATION.toSeconds() + 60, TimeUnit.SECONDS);
                }
            } finally {
                threads.shutdownNow();
            }
            Duration ran = Duration.ofNanos(System.nanoTime() - started);
            Map<String, Long> commandsAfter = commandsProcessed(cluster);
            Map<String, Long> connections = connectionsByName(cluster, libraries.keySet());
            for (Library.Worker worker : workers) {
                worker.close();
            }

            Map<String, Long> missing = awaitMessages(counts, Duration.ofSeconds(15));
            Map<String, String> differences = Replicas.differencesAfterSettling(cluster, Duration.ofSeconds(30));
            Map<String, Long> keysPerMaster = Replicas.keysPerMaster(cluster);
            long jedisBalance = jedis.balance();
            long lettuceBalance = lettuce.balance();
            long redissonTransactions = redisson.transactions(WORKERS);

            report(cluster, ran, libraries, connections, counts, keysPerMaster, commandsBefore, commandsAfter);
            for (Tally tally : libraries.values()) {
                assertThat(tally.errors()).as(tally.library + "'s errors").isEmpty();
                assertThat(tally.operations.sum()).as(tally.library + "'s operations").isGreaterThan(0);
                assertThat(tally.wrongTypes.sum()).as(tally.library + "'s deliberate WRONGTYPE errors").isGreaterThan(0);
                assertThat(tally.replicaReads.sum()).as(tally.library + "'s reads from replicas").isGreaterThan(0);
                assertThat(tally.committed.sum()).as(tally.library + "'s committed transactions").isGreaterThan(0);
            }
            assertThat(missing).as("messages published but not received, per subscriber").isEmpty();
            assertThat(counts.totalPublished()).isGreaterThan(0);
            assertThat(differences).as("replicas whose data differ from their master's").isEmpty();
            assertThat(keysPerMaster.values()).as("keys on each master").allSatisfy(size -> assertThat(size).isGreaterThan(0));
            assertThat(jedisBalance).as("Jedis's WATCHed balance: one per committed transaction").isEqualTo(jedisTally.committed.sum());
            assertThat(lettuceBalance).as("Lettuce's WATCHed balance: one per committed transaction").isEqualTo(lettuceTally.committed.sum());
            assertThat(redissonTransactions).as("Redisson's atomic batches: one increment each").isEqualTo(redissonTally.committed.sum());
            assertThat(connections.values()).as("connections of each library").allSatisfy(n -> assertThat(n).isGreaterThan(0));
        }
    }

    /** Rounds of every operation until the deadline; every failure goes to the tally. */
    private static void work(Library.Worker worker, Tally tally, long deadline) {
        for (int round = 0; System.nanoTime() < deadline; round++) {
            for (int operation = 0; operation < Workload.OPERATIONS.size(); operation++) {
                try {
                    worker.run(operation, round);
                    tally.ok();
                } catch (Throwable thrown) {
                    tally.error(Workload.OPERATIONS.get(operation), thrown);
                }
            }
        }
    }

    private static Map<String, Long> awaitMessages(PubSubCounts counts, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Long> missing = counts.missing();
        while (!missing.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            missing = counts.missing();
        }
        return missing;
    }

    /** Each node's total_commands_processed (on a replica, the replication stream's commands too). */
    private static Map<String, Long> commandsProcessed(EmbeddedRedisCluster cluster) {
        Map<String, Long> processed = new LinkedHashMap<>();
        for (ClusterNode node : cluster.nodes()) {
            try (Jedis admin = new Jedis(node.host(), node.port())) {
                Matcher matcher = COMMANDS_PROCESSED.matcher(admin.info("stats"));
                processed.put(node.address(), matcher.find() ? Long.parseLong(matcher.group(1)) : -1);
            }
        }
        return processed;
    }

    /** Connections on all nodes named by each library (CLIENT SETNAME), counted in CLIENT LIST. */
    private static Map<String, Long> connectionsByName(EmbeddedRedisCluster cluster, Iterable<Library> libraries) {
        Map<String, Long> connections = new LinkedHashMap<>();
        for (Library library : libraries) {
            connections.put(library.clientName(), 0L);
        }
        for (ClusterNode node : cluster.nodes()) {
            try (Jedis admin = new Jedis(node.host(), node.port())) {
                for (String client : admin.clientList().split("\n")) {
                    for (String name : connections.keySet()) {
                        if (client.contains(" name=" + name + " ")) {
                            connections.merge(name, 1L, Long::sum);
                        }
                    }
                }
            }
        }
        return connections;
    }

    private static void report(EmbeddedRedisCluster cluster, Duration ran, Map<Library, Tally> libraries,
                               Map<String, Long> connections, PubSubCounts counts, Map<String, Long> keysPerMaster,
                               Map<String, Long> before, Map<String, Long> after) {
        StringBuilder text = new StringBuilder();
        text.append(String.format("Soak: %.1f s on %d masters and %d replicas, %d worker threads per library%n",
                ran.toMillis() / 1000.0, cluster.masters().size(), cluster.replicas().size(), WORKERS));
        text.append(String.format("%-9s %11s %11s %13s %10s %8s %10s %7s%n", "library", "connections", "operations",
                "replica reads", "committed", "aborted", "WRONGTYPE", "errors"));
        long operations = 0;
        for (Map.Entry<Library, Tally> library : libraries.entrySet()) {
            Tally tally = library.getValue();
            operations += tally.operations.sum();
            text.append(String.format("%-9s %11d %11d %13d %10d %8d %10d %7d%n", tally.library,
                    connections.get(library.getKey().clientName()), tally.operations.sum(), tally.replicaReads.sum(),
                    tally.committed.sum(), tally.aborted.sum(), tally.wrongTypes.sum(), tally.errors().size()));
            tally.errors().stream().limit(20).forEach(error -> text.append("  ").append(error).append('\n'));
        }
        long masterCommands = 0;
        long replicaCommands = 0;
        for (ClusterNode node : cluster.nodes()) {
            long done = after.get(node.address()) - before.get(node.address());
            if (node.isMaster()) {
                masterCommands += done;
            } else {
                replicaCommands += done;
            }
        }
        text.append(String.format("operations: %d (%.0f/s); commands processed: %d by the masters, %d by the replicas"
                        + " (the replication stream included)%n", operations, operations / (ran.toMillis() / 1000.0),
                masterCommands, replicaCommands));
        text.append(String.format("pub/sub: %d messages published, %d received by %d subscribers%n",
                counts.totalPublished(), counts.totalReceived(), counts.report().size()));
        counts.report().forEach((subscriber, line) -> text.append("  ").append(subscriber).append(": ").append(line).append('\n'));
        text.append("keys per master at the end: ").append(keysPerMaster).append('\n');
        System.out.print(text);
    }
}
