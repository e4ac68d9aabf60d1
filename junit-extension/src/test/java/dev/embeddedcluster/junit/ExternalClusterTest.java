package dev.embeddedcluster.junit;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.ClusterView;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.ExternalRedisCluster;
import dev.embeddedcluster.ManualClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static dev.embeddedcluster.ClusterNode.Role.REPLICA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

/**
 * The external-cluster switch, pointed at a cluster this test starts itself, seen by the
 * extension as any cluster running elsewhere: through one seed address.
 */
class ExternalClusterTest {
    static final Map<String, Object> SEEN = new ConcurrentHashMap<>();
    private static EmbeddedRedisCluster running;

    @BeforeAll
    static void startTheExternalCluster() {
        running = EmbeddedRedisCluster.builder().build().start();
    }

    @AfterAll
    static void stopTheExternalCluster() {
        running.close();
    }

    @AfterEach
    void reset() {
        System.clearProperty(ExternalSwitch.SEEDS);
        System.clearProperty(ExternalSwitch.FLUSH);
        SEEN.clear();
        running.flushAll();
        running.restoreConfig();
    }

    private static EngineExecutionResults runAgainstTheSeed(Class<?> testClass) {
        System.setProperty(ExternalSwitch.SEEDS, running.replicas().get(2).address());
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute();
    }

    /** INCR on the key's master, over a plain connection. */
    static String incr(ClusterView cluster, String key) throws IOException {
        try (RawConnection redis = new RawConnection(cluster.masterForKey(key))) {
            return redis.call("INCR " + key);
        }
    }

    @RedisCluster
    static class SameTestsBothWays {
        @InjectCluster
        static ClusterView staticView;

        @Test
        void countsFromOne(ClusterView cluster) throws IOException {
            assertThat(incr(cluster, "visits")).isEqualTo(":1");
        }

        @Test
        void countsFromOneAgain(ClusterView cluster) throws IOException {
            assertThat(incr(cluster, "visits")).isEqualTo(":1");
        }

        @Test
        void seesEveryNode(ClusterView cluster, List<String> seeds, @ClusterNodeAt(value = 1, role = REPLICA) ClusterNode replica) {
            SEEN.put("view", cluster);
            SEEN.put("staticView", staticView);
            SEEN.put("seeds", seeds);
            SEEN.put("replica", replica);
        }
    }

    @Test
    void theSameTestsRunOnTheNodesDiscoveredFromTheSeedCleanedBetweenTests() {
        runAgainstTheSeed(SameTestsBothWays.class).testEvents().assertStatistics(s -> s.succeeded(3).failed(0));

        assertThat(SEEN.get("view")).isInstanceOf(ExternalRedisCluster.class).isSameAs(SEEN.get("staticView"));
        ClusterView view = (ClusterView) SEEN.get("view");
        assertThat(view.nodes()).containsExactlyElementsOf(running.nodes());
        assertThat(view.masters()).extracting(ClusterNode::slots)
                .containsExactlyElementsOf(running.masters().stream().map(ClusterNode::slots).toList());
        assertThat(SEEN.get("seeds")).isEqualTo(running.seeds());
        ClusterNode replica = (ClusterNode) SEEN.get("replica");
        assertThat(replica).isEqualTo(running.replicas().get(1));
        assertThat(replica.role()).isEqualTo(REPLICA);
        assertThat(replica.masterId()).contains(running.masters().get(1).id());
        assertThat(running.nodes()).allSatisfy(node -> assertThat(dbsize(node)).isEqualTo(":0"));
    }

    @RedisCluster(lifecycle = RedisCluster.Lifecycle.PER_METHOD)
    static class PerMethodBothWays {
        @Test
        void countsFromOne(ClusterView cluster) throws IOException {
            assertThat(incr(cluster, "visits")).isEqualTo(":1");
        }

        @Test
        void countsFromOneAgain(ClusterView cluster) throws IOException {
            assertThat(incr(cluster, "visits")).isEqualTo(":1");
        }
    }

    @Test
    void aPerMethodClassIsCleanedBetweenTestsToo() {
        runAgainstTheSeed(PerMethodBothWays.class).testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
    }

    @RedisCluster(manualClock = true)
    static class EmbeddedOnly {
        @Test
        void failsOver(EmbeddedRedisCluster cluster) {
            SEEN.put("ran", true);
        }

        @Test
        void movesTime(ManualClock clock) {
            SEEN.put("ran", true);
        }
    }

    @Test
    void whatOnlyTheEmbeddedClusterCanDoFailsNamingTheSwitch() {
        String external = "the tests run against the external cluster at " + running.replicas().get(2).address()
                + " (embeddedcluster.external)";
        EngineExecutionResults results = runAgainstTheSeed(EmbeddedOnly.class);
        results.testEvents().assertThatEvents()
                .haveExactly(1, event(finishedWithFailure(message(external + ": EmbeddedRedisCluster, with its faults "
                        + "(slot migrations, failovers) and test hooks, exists only for a cluster the extension starts; "
                        + "inject ClusterView to read the nodes of either"))))
                .haveExactly(1, event(finishedWithFailure(message(external
                        + ", which keeps its own time: a ManualClock exists only for a cluster the extension starts"))));
        assertThat(SEEN).isEmpty();
    }

    @RedisCluster(flushAfterEach = false)
    static class KeepsItsData {
        @Test
        void counts(ClusterView cluster) throws IOException {
            incr(cluster, "visits");
        }
    }

    @Test
    void flushAfterEachFalseKeepsTheData() throws IOException {
        runAgainstTheSeed(KeepsItsData.class).testEvents().assertStatistics(s -> s.succeeded(1));
        assertThat(incr(running, "visits")).isEqualTo(":2");
    }

    @RedisCluster
    static class Counts {
        @Test
        void counts(ClusterView cluster) throws IOException {
            incr(cluster, "visits");
        }
    }

    @Test
    void theFlushSwitchKeepsTheDataOfEveryClass() throws IOException {
        System.setProperty(ExternalSwitch.FLUSH, "false");
        runAgainstTheSeed(Counts.class).testEvents().assertStatistics(s -> s.succeeded(1));
        assertThat(incr(running, "visits")).isEqualTo(":2");
    }

    @RedisCluster
    static class ChangesConfigAndLeavesAConnection {
        static RawConnection leftOpen;

        @Test
        void leaves(ClusterView cluster) throws IOException {
            ClusterNode master = cluster.masters().get(0);
            leftOpen = new RawConnection(master);
            leftOpen.call("CLIENT SETNAME left-open");
            leftOpen.call("CONFIG SET maxmemory-policy allkeys-lru");
        }
    }

    @Test
    void configurationAndConnectionsOfTheExternalClusterAreNeverTouched() throws IOException {
        runAgainstTheSeed(ChangesConfigAndLeavesAConnection.class).testEvents().assertStatistics(s -> s.succeeded(1));
        try (RawConnection leftOpen = ChangesConfigAndLeavesAConnection.leftOpen) {
            assertThat(leftOpen.call("PING")).isEqualTo("+PONG");
            assertThat(leftOpen.callArray("CONFIG GET maxmemory-policy")).containsExactly("maxmemory-policy", "allkeys-lru");
        }
    }

    @Test
    void aSeedThatDoesNotAnswerFailsTheClassNamingTheSwitch() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        System.setProperty(ExternalSwitch.SEEDS, "127.0.0.1:" + closedPort);
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(Counts.class)).execute()
                .containerEvents().assertThatEvents().haveExactly(1, event(finishedWithFailure(message(m -> m.startsWith(
                        "cannot use the external cluster at 127.0.0.1:" + closedPort + " (embeddedcluster.external) for "
                                + Counts.class.getName() + ": no node answered CLUSTER NODES")))));
    }

    private static String dbsize(ClusterNode node) {
        try (RawConnection redis = new RawConnection(node)) {
            return redis.call("DBSIZE");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
