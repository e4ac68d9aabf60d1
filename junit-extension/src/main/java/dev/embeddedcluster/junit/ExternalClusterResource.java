package dev.embeddedcluster.junit;

import dev.embeddedcluster.ClusterView;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.ExternalRedisCluster;
import dev.embeddedcluster.ManualClock;

/**
 * A cluster running elsewhere that {@link ExternalSwitch} points the tests at: one for the whole
 * run, discovered from its seeds. Someone else's cluster, so the only cleaning is FLUSHALL on its
 * masters (unless turned off): its configuration, layout and connections are never touched.
 */
final class ExternalClusterResource extends ClusterResource {
    private final ExternalSwitch externalSwitch;
    private final ExternalRedisCluster cluster;

    private ExternalClusterResource(ExternalSwitch externalSwitch, ExternalRedisCluster cluster) {
        this.externalSwitch = externalSwitch;
        this.cluster = cluster;
    }

    static ExternalClusterResource discover(ExternalSwitch externalSwitch) {
        return new ExternalClusterResource(externalSwitch, ExternalRedisCluster.discover(externalSwitch.seeds()));
    }

    @Override
    ClusterView view() {
        return cluster;
    }

    @Override
    EmbeddedRedisCluster cluster() {
        throw new IllegalStateException("the tests run against " + externalSwitch.describe() + ": EmbeddedRedisCluster, "
                + "with its faults (slot migrations, failovers) and test hooks, exists only for a cluster the extension "
                + "starts; inject ClusterView to read the nodes of either");
    }

    @Override
    ManualClock manualClock() {
        throw new IllegalStateException("the tests run against " + externalSwitch.describe()
                + ", which keeps its own time: a ManualClock exists only for a cluster the extension starts");
    }

    @Override
    void markBeforeTests() {
    }

    @Override
    void clean(RedisCluster config) {
        if (config.flushAfterEach() && externalSwitch.flush()) {
            cluster.flushAll();
        }
    }

    @Override
    void closeCluster() {
    }
}
