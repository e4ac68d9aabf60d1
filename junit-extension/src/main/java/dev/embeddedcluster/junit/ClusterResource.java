package dev.embeddedcluster.junit;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.ClusterView;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.ManualClock;
import dev.embeddedcluster.TlsMaterial;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The cluster tests run against, as kept in JUnit's extension store: one this extension started
 * ({@link EmbeddedClusterResource}), or one running elsewhere ({@link ExternalClusterResource}).
 * Cleans it between tests, and closes what was built on it before it goes.
 */
abstract sealed class ClusterResource implements StoredResource permits EmbeddedClusterResource, ExternalClusterResource {
    private final List<AutoCloseable> dependents = new CopyOnWriteArrayList<>();
    private int runningTests;

    /** The nodes, roles and slots, injected as {@link ClusterView}. */
    abstract ClusterView view();

    /** The cluster with its faults and test hooks, or a failure saying why there is none. */
    abstract EmbeddedRedisCluster cluster();

    /** The clock tests move, or a failure saying why there is none. */
    abstract ManualClock manualClock();

    /** Called when no test of this cluster runs: remember what the next tests will have to undo. */
    abstract void markBeforeTests();

    /** Called when the last running test of this cluster ended. */
    abstract void clean(RedisCluster config);

    abstract void closeCluster();

    List<String> seeds() {
        return view().seeds();
    }

    List<URI> seedUris() {
        return view().seedUris();
    }

    /** The trust material of a TLS cluster; null for a cluster without TLS. */
    TlsMaterial tlsOrNull() {
        return view().nodes().get(0).tls() ? cluster().tls() : null;
    }

    /** The node {@code at} names (counting from 0 among the nodes of its role); the first master without it. */
    ClusterNode node(ClusterNodeAt at) {
        ClusterNode.Role role = at == null ? ClusterNode.Role.MASTER : at.role();
        int index = at == null ? 0 : at.value();
        List<ClusterNode> candidates = role == ClusterNode.Role.MASTER ? view().masters() : view().replicas();
        if (index < 0 || index >= candidates.size()) {
            String roleName = role.name().toLowerCase(Locale.ROOT);
            throw new IllegalArgumentException("@ClusterNodeAt(value = " + index + ", role = " + role + ") names no node: "
                    + "it counts from 0, and the cluster has " + candidates.size() + " " + roleName + " nodes");
        }
        return candidates.get(index);
    }

    /**
     * A test using this cluster begins. When it is the only one running, remembers the
     * connections open now: whatever opens from here on belongs to the tests that follow.
     */
    synchronized void testStarting() {
        if (runningTests++ == 0) {
            markBeforeTests();
        }
    }

    /**
     * A test using this cluster ended. Cleaning up while other tests still run (methods or
     * classes in parallel) would pull their data and connections from under them, so the
     * cluster is cleaned when its last running test ends; one test after another, that is after
     * each of them.
     */
    synchronized void testFinished(RedisCluster config) {
        if (--runningTests == 0) {
            clean(config);
        }
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
        closeCluster();
        if (failure != null) {
            throw failure;
        }
    }
}
