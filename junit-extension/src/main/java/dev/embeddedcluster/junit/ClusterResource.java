package dev.embeddedcluster.junit;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.ManualClock;
import dev.embeddedcluster.SlotRange;

import java.net.URI;
import java.util.Arrays;
import java.util.List;

/**
 * The cluster tests run against, as kept in JUnit's extension store: either one this extension
 * started (and closes when its store closes), or an external one named by address.
 */
final class ClusterResource implements StoredResource {
    /** System property, or environment variable EMBEDDEDCLUSTER_EXTERNAL: comma-separated seeds. */
    static final String EXTERNAL_PROPERTY = "embeddedcluster.external";

    private final EmbeddedRedisCluster cluster;
    private final List<String> seeds;
    private final List<AutoCloseable> dependents = new java.util.concurrent.CopyOnWriteArrayList<>();
    private int runningTests;
    private EmbeddedRedisCluster.ConnectionMark connectionsBefore;

    private ClusterResource(EmbeddedRedisCluster cluster, List<String> seeds) {
        this.cluster = cluster;
        this.seeds = List.copyOf(seeds);
    }

    static ClusterResource start(RedisCluster config) {
        int masters = config.slotRanges().length > 0 ? config.slotRanges().length : config.masters();
        EmbeddedRedisCluster.Builder builder = EmbeddedRedisCluster.builder()
                .bindAddress(config.bindAddress())
                .basePort(config.basePort())
                .masters(masters)
                .replicasPerMaster(config.replicasPerMaster())
                .replicationMode(config.replication())
                .nodeTimeout(java.time.Duration.ofMillis(config.nodeTimeoutMillis()));
        if (config.slotRanges().length > 0) {
            builder.slotRanges(Arrays.stream(config.slotRanges())
                    .map(ranges -> Arrays.stream(ranges.split(",")).map(SlotRange::parse).toList())
                    .toList());
        }
        if (config.manualClock()) {
            builder.clock(new ManualClock());
        }
        EmbeddedRedisCluster cluster = builder.build().start();
        return new ClusterResource(cluster, cluster.seeds());
    }

    /** The external cluster the run is pointed at, or null to start one. */
    static ClusterResource external() {
        String seeds = System.getProperty(EXTERNAL_PROPERTY);
        if (seeds == null || seeds.isBlank()) {
            seeds = System.getenv("EMBEDDEDCLUSTER_EXTERNAL");
        }
        if (seeds == null || seeds.isBlank()) {
            return null;
        }
        List<String> list = Arrays.stream(seeds.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (String seed : list) {
            if (!seed.matches(".+:\\d+")) {
                throw new IllegalArgumentException(EXTERNAL_PROPERTY + " takes host:port seeds separated by commas, got '" + seed + "'");
            }
        }
        return new ClusterResource(null, list);
    }

    boolean isExternal() {
        return cluster == null;
    }

    EmbeddedRedisCluster cluster() {
        if (cluster == null) {
            throw new IllegalStateException("the tests run against the external cluster " + seeds
                    + " (" + EXTERNAL_PROPERTY + "); only its addresses can be injected");
        }
        return cluster;
    }

    ManualClock manualClock() {
        if (!(cluster().clock() instanceof ManualClock clock)) {
            throw new IllegalStateException("the cluster runs on system time; "
                    + "@RedisCluster(manualClock = true) gives it a ManualClock to inject");
        }
        return clock;
    }

    List<String> seeds() {
        return seeds;
    }

    List<URI> seedUris() {
        return seeds.stream().map(s -> URI.create("redis://" + s)).toList();
    }

    ClusterNode node(ClusterNodeAt at) {
        List<ClusterNode> candidates = switch (at == null ? ClusterNodeAt.Role.ANY : at.role()) {
            case ANY -> cluster().nodes();
            case MASTER -> cluster().masters();
            case REPLICA -> cluster().replicas();
        };
        int index = at == null ? 0 : at.value();
        if (index < 0 || index >= candidates.size()) {
            throw new IllegalArgumentException("no node " + index + " among " + candidates.size() + " "
                    + (at == null ? "nodes" : at.role().name().toLowerCase(java.util.Locale.ROOT) + " nodes"));
        }
        return candidates.get(index);
    }

    /**
     * A test using this cluster begins. When it is the only one running, remembers the
     * connections open now: whatever opens from here on belongs to the tests that follow.
     */
    synchronized void testStarting() {
        if (runningTests++ == 0 && cluster != null) {
            connectionsBefore = cluster.markConnections();
        }
    }

    /**
     * A test using this cluster ended. Cleaning up (leftover connections, data, and the layout a
     * failover or slot move changed) while other tests still run (methods or
     * classes in parallel) would pull their data and connections from under them, so the
     * cluster is cleaned when its last running test ends; one test after another, that is after
     * each of them.
     */
    synchronized void testFinished(boolean closeLeftoverConnections, boolean flush) {
        if (--runningTests > 0 || cluster == null) {
            return;
        }
        cluster.stopRunningScripts();
        if (closeLeftoverConnections) {
            cluster.closeStatefulConnectionsOpenedSince(connectionsBefore);
        }
        if (flush) {
            cluster.flushAll();
            cluster.restoreConfig();
        }
        cluster.restoreTopology();
    }

    /** Something built on this cluster (a Spring context) that must close before it does. */
    void closeBeforeCluster(AutoCloseable dependent) {
        dependents.add(dependent);
    }

    @Override
    public void close() throws Exception {
        Exception failure = null;
        for (AutoCloseable dependent : dependents) {
            try {
                dependent.close();
            } catch (Exception e) {
                failure = e;
            }
        }
        if (cluster != null) {
            cluster.close();
        }
        if (failure != null) {
            throw failure;
        }
    }
}
