package dev.embeddedcluster.junit;

import dev.embeddedcluster.ClusterView;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.ManualClock;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/** A cluster this extension started for the tests, and closes when its scope in JUnit ends. */
final class EmbeddedClusterResource extends ClusterResource {
    private final EmbeddedRedisCluster cluster;
    private EmbeddedRedisCluster.ConnectionMark connectionsBefore;

    private EmbeddedClusterResource(EmbeddedRedisCluster cluster) {
        this.cluster = cluster;
    }

    private static void heapGuard(EmbeddedRedisCluster.Builder builder, String setting) {
        if (setting.equalsIgnoreCase("off")) {
            builder.heapGuardOff();
        } else if (!setting.isEmpty()) {
            try {
                builder.heapGuard(Double.parseDouble(setting));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("@RedisCluster heapGuard takes a fraction of the heap (\"0.9\") or \"off\", got \"" + setting + "\"");
            }
        }
    }

    static EmbeddedClusterResource start(RedisCluster config) {
        EmbeddedRedisCluster.Builder builder = EmbeddedRedisCluster.builder()
                .bindAddress(config.bindAddress())
                .protectedMode(config.protectedMode())
                .basePort(config.basePort())
                .masters(config.masters())
                .replicasPerMaster(config.replicasPerMaster())
                .replicationMode(config.replication())
                .nodeTimeout(Duration.ofMillis(config.nodeTimeoutMillis()));
        if (config.slotRanges().length > 0) {
            builder.slotRanges(config.slotRanges());
        }
        heapGuard(builder, config.heapGuard().trim());
        builder.password(config.password());
        for (String user : config.users()) {
            String[] words = user.trim().split(" +");
            if (words.length < 2) {
                throw new IllegalArgumentException("@RedisCluster users: \"" + user + "\" needs a name and a password");
            }
            builder.user(words[0], words[1], java.util.Arrays.copyOfRange(words, 2, words.length));
        }
        if (config.manualClock()) {
            builder.clock(new ManualClock());
        }
        if (!config.rdb().isEmpty()) {
            builder.rdb(rdbFile(config.rdb()));
        }
        if (config.tls()) {
            builder.tls().tlsAuthClients(config.tlsAuthClients());
        }
        return new EmbeddedClusterResource(builder.build().start());
    }

    /** The seed file: a path from the working directory, or a classpath resource copied to a temporary file. */
    private static Path rdbFile(String name) {
        Path path = Path.of(name);
        if (Files.isRegularFile(path)) {
            return path;
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try (InputStream in = (loader != null ? loader : RedisCluster.class.getClassLoader())
                .getResourceAsStream(name.startsWith("/") ? name.substring(1) : name)) {
            if (in == null) {
                throw new IllegalArgumentException("@RedisCluster(rdb = \"" + name
                        + "\"): no such file in the working directory, nor resource on the classpath");
            }
            Path copy = Files.createTempFile("embedded-cluster-seed", ".rdb");
            copy.toFile().deleteOnExit();
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    ClusterView view() {
        return cluster;
    }

    @Override
    EmbeddedRedisCluster cluster() {
        return cluster;
    }

    @Override
    ManualClock manualClock() {
        if (!(cluster.clock() instanceof ManualClock clock)) {
            throw new IllegalStateException("the cluster runs on system time; "
                    + "@RedisCluster(manualClock = true) gives it a ManualClock to inject");
        }
        return clock;
    }

    @Override
    void markBeforeTests() {
        connectionsBefore = cluster.markConnections();
    }

    @Override
    void clean(RedisCluster config) {
        cluster.stopRunningScripts();
        // Before the flush and the topology: a held replica must catch up for either to complete.
        cluster.releaseFaults();
        if (config.closeLeftoverConnections()) {
            cluster.closeStatefulConnectionsOpenedSince(connectionsBefore);
        }
        if (config.flushAfterEach()) {
            cluster.flushAll();
            cluster.restoreConfig();
        }
        cluster.restoreTopology();
    }

    @Override
    void closeCluster() {
        cluster.close();
    }
}
