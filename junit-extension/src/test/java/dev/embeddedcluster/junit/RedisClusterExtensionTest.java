package dev.embeddedcluster.junit;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.embeddedcluster.ClusterNode.Role.MASTER;
import static dev.embeddedcluster.ClusterNode.Role.REPLICA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

/** The extension as JUnit runs it: test classes below are executed through the TestKit. */
class RedisClusterExtensionTest {
    static final Map<String, List<Object>> SEEN = new ConcurrentHashMap<>();

    @AfterEach
    void forget() {
        SEEN.clear();
    }

    static void record(String what, Object value) {
        SEEN.computeIfAbsent(what, k -> new CopyOnWriteArrayList<>()).add(value);
    }

    private static EngineExecutionResults run(Class<?>... classes) {
        EngineTestKit.Builder builder = EngineTestKit.engine("junit-jupiter");
        for (Class<?> c : classes) {
            builder.selectors(selectClass(c));
        }
        return builder.execute();
    }

    static boolean accepting(String seed) {
        String[] hostPort = seed.split(":");
        try (Socket ignored = new Socket(hostPort[0], Integer.parseInt(hostPort[1]))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static String send(String seed, String inlineCommand) throws IOException {
        String[] hostPort = seed.split(":");
        try (RawConnection connection = new RawConnection(hostPort[0], Integer.parseInt(hostPort[1]))) {
            return connection.call(inlineCommand);
        }
    }

    @ExtendWith(RedisClusterExtension.class)
    static class DefaultsOnly {
        @Test
        void getsASixNodeCluster(EmbeddedRedisCluster cluster, List<String> seeds, List<URI> uris) {
            record("nodes", cluster.nodes().size());
            record("seeds", seeds);
            record("uris", uris);
        }
    }

    @Test
    void extendWithAloneStartsTheDefaultClusterAndClosesItAfterTheClass() {
        run(DefaultsOnly.class).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        assertThat(SEEN.get("nodes")).containsExactly(6);
        @SuppressWarnings("unchecked")
        List<String> seeds = (List<String>) SEEN.get("seeds").get(0);
        assertThat(seeds).hasSize(6).allMatch(s -> s.startsWith("127.0.0.1:"));
        @SuppressWarnings("unchecked")
        List<URI> uris = (List<URI>) SEEN.get("uris").get(0);
        assertThat(uris.get(0)).hasToString("redis://" + seeds.get(0));
        assertThat(seeds).noneMatch(RedisClusterExtensionTest::accepting);
    }

    @RedisCluster(masters = 1, replicasPerMaster = 0)
    static class OneNodeTwoTests {
        @Test
        void first(EmbeddedRedisCluster cluster) {
            record("cluster", cluster);
        }

        @Test
        void second(EmbeddedRedisCluster cluster) {
            record("cluster", cluster);
        }
    }

    @Test
    void perClassSharesOneClusterAcrossMethods() {
        run(OneNodeTwoTests.class).testEvents().assertStatistics(s -> s.succeeded(2));
        assertThat(SEEN.get("cluster")).hasSize(2);
        assertThat(SEEN.get("cluster").get(0)).isSameAs(SEEN.get("cluster").get(1));
        assertThat(((EmbeddedRedisCluster) SEEN.get("cluster").get(0)).nodes()).hasSize(1);
    }

    @RedisCluster(masters = 1, replicasPerMaster = 0, lifecycle = RedisCluster.Lifecycle.PER_METHOD)
    static class FreshClusterPerMethod {
        @Test
        void first(List<String> seeds) {
            record("seeds", seeds);
        }

        @Test
        void second(List<String> seeds) {
            record("seeds", seeds);
        }
    }

    @Test
    void perMethodStartsAFreshClusterForEachTest() {
        run(FreshClusterPerMethod.class).testEvents().assertStatistics(s -> s.succeeded(2));
        assertThat(SEEN.get("seeds").get(0)).isNotEqualTo(SEEN.get("seeds").get(1));
    }

    @RedisCluster(masters = 1, replicasPerMaster = 0, lifecycle = RedisCluster.Lifecycle.PER_METHOD)
    static class PerMethodBeforeAllParameter {
        @BeforeAll
        static void before(List<String> seeds) {
            record("before", seeds);
        }

        @Test
        void never() {
            record("ran", true);
        }
    }

    @RedisCluster(masters = 1, replicasPerMaster = 0, lifecycle = RedisCluster.Lifecycle.PER_METHOD)
    static class PerMethodStaticField {
        @InjectCluster
        static List<String> seeds;

        @BeforeAll
        static void before() {
            record("before", String.valueOf(seeds));
        }

        @Test
        void never() {
            record("ran", String.valueOf(seeds));
        }
    }

    @Test
    void perMethodRefusesAStaticFieldAsItRefusesABeforeAllParameter() {
        String reason = "a PER_METHOD cluster exists only inside a test method; "
                + "it cannot be injected into constructors, static fields or @BeforeAll methods";
        run(PerMethodBeforeAllParameter.class).containerEvents().assertThatEvents().haveExactly(1,
                event(finishedWithFailure(message(m -> m.contains(reason)))));
        run(PerMethodStaticField.class).containerEvents().assertThatEvents().haveExactly(1,
                event(finishedWithFailure(message("@InjectCluster static field seeds: " + reason))));
        assertThat(SEEN).isEmpty();
    }

    @RedisCluster(masters = 2, replicasPerMaster = 0, lifecycle = RedisCluster.Lifecycle.PER_RUN)
    static class SharedA {
        @Test
        void uses(EmbeddedRedisCluster cluster) {
            record("cluster", cluster);
        }
    }

    @RedisCluster(masters = 2, replicasPerMaster = 0, lifecycle = RedisCluster.Lifecycle.PER_RUN)
    static class SharedB {
        @Test
        void uses(EmbeddedRedisCluster cluster) {
            record("cluster", cluster);
        }
    }

    @Test
    void perRunSharesOneClusterAcrossClassesAndClosesItAtTheEnd() {
        run(SharedA.class, SharedB.class).testEvents().assertStatistics(s -> s.succeeded(2));
        assertThat(SEEN.get("cluster")).hasSize(2);
        assertThat(SEEN.get("cluster").get(0)).isSameAs(SEEN.get("cluster").get(1));
        assertThat(((EmbeddedRedisCluster) SEEN.get("cluster").get(0)).seeds()).noneMatch(RedisClusterExtensionTest::accepting);
    }

    @RedisCluster
    static class Fields {
        @InjectCluster
        static EmbeddedRedisCluster staticCluster;
        @InjectCluster
        static List<String> staticSeeds;
        @InjectCluster
        ClusterNode firstNode;
        @InjectCluster
        @ClusterNodeAt(value = 1, role = REPLICA)
        ClusterNode secondReplica;

        private final ClusterNode constructorMaster;

        Fields(@ClusterNodeAt(value = 2, role = MASTER) ClusterNode master) {
            this.constructorMaster = master;
        }

        @Test
        void everythingIsInjected(@ClusterNodeAt(1) ClusterNode secondMaster) {
            record("staticCluster", staticCluster);
            record("staticSeeds", staticSeeds);
            record("firstNode", firstNode);
            record("secondReplica", secondReplica);
            record("constructorMaster", constructorMaster);
            record("secondMaster", secondMaster);
        }
    }

    @Test
    void injectsFieldsConstructorAndParametersWithNodeSelection() {
        run(Fields.class).testEvents().assertStatistics(s -> s.succeeded(1));
        EmbeddedRedisCluster cluster = (EmbeddedRedisCluster) SEEN.get("staticCluster").get(0);
        assertThat(SEEN.get("staticSeeds").get(0)).isEqualTo(cluster.seeds());
        assertThat(SEEN.get("firstNode").get(0)).isEqualTo(cluster.nodes().get(0));
        assertThat(SEEN.get("secondReplica").get(0)).isEqualTo(cluster.replicas().get(1));
        assertThat(SEEN.get("constructorMaster").get(0)).isEqualTo(cluster.masters().get(2));
        assertThat(SEEN.get("secondMaster").get(0)).isEqualTo(cluster.masters().get(1));
        assertThat(((ClusterNode) SEEN.get("secondReplica").get(0)).masterId()).contains(cluster.masters().get(1).id());
    }

    @RedisCluster(masters = 2, replicasPerMaster = 1)
    static class NodeBeyondTheLast {
        @Test
        void wantsAThirdReplica(@ClusterNodeAt(value = 2, role = REPLICA) ClusterNode node) {
            record("ran", true);
        }
    }

    @Test
    void aNodeBeyondTheLastIsRefusedSayingThatCountingStartsAtZero() {
        run(NodeBeyondTheLast.class).testEvents().assertThatEvents().haveExactly(1, event(finishedWithFailure(message(
                "@ClusterNodeAt(value = 2, role = REPLICA) names no node: it counts from 0, and the cluster has 2 replica nodes"))));
        assertThat(SEEN).doesNotContainKey("ran");
    }

    @RedisCluster(masters = 0)
    static class NoMasters {
        @Test
        void never(EmbeddedRedisCluster cluster) {
            record("ran", true);
        }
    }

    @Test
    void badShapeFailsWithAMessageNamingTheProblem() {
        run(NoMasters.class).allEvents().assertThatEvents()
                .haveAtLeastOne(event(finishedWithFailure(message(m -> m.contains("at least one master")))));
        assertThat(SEEN).doesNotContainKey("ran");
    }

    @RedisCluster(masters = 1, replicasPerMaster = 0)
    static class Failing {
        @Test
        void fails(List<String> seeds) {
            record("seeds", seeds);
            throw new AssertionError("a failing user test");
        }
    }

    @Test
    void clusterIsClosedEvenWhenTestsFail() {
        run(Failing.class).testEvents().assertThatEvents().haveExactly(1, event(test(), finishedWithFailure()));
        @SuppressWarnings("unchecked")
        List<String> seeds = (List<String>) SEEN.get("seeds").get(0);
        assertThat(seeds).noneMatch(RedisClusterExtensionTest::accepting);
    }

    @RedisCluster(masters = 1, replicasPerMaster = 0)
    static class ParallelOwnA {
        @Test
        void uses(EmbeddedRedisCluster cluster) throws Exception {
            record("own", cluster);
            Thread.sleep(50);
        }
    }

    @RedisCluster(masters = 1, replicasPerMaster = 0)
    static class ParallelOwnB {
        @Test
        void uses(EmbeddedRedisCluster cluster) throws Exception {
            record("own", cluster);
            Thread.sleep(50);
        }
    }

    @RedisCluster(masters = 1, replicasPerMaster = 1, lifecycle = RedisCluster.Lifecycle.PER_RUN)
    static class ParallelSharedA {
        @Test
        void uses(EmbeddedRedisCluster cluster) throws Exception {
            record("shared", cluster);
            Thread.sleep(50);
        }
    }

    @RedisCluster(masters = 1, replicasPerMaster = 1, lifecycle = RedisCluster.Lifecycle.PER_RUN)
    static class ParallelSharedB {
        @Test
        void uses(EmbeddedRedisCluster cluster) throws Exception {
            record("shared", cluster);
            Thread.sleep(50);
        }
    }

    @Test
    void classesRunningInParallelGetTheirOwnOrTheOneSharedCluster() {
        EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                .selectors(selectClass(ParallelOwnA.class), selectClass(ParallelOwnB.class),
                        selectClass(ParallelSharedA.class), selectClass(ParallelSharedB.class))
                .execute()
                .testEvents().assertStatistics(s -> s.succeeded(4).failed(0));
        assertThat(SEEN.get("own")).hasSize(2);
        assertThat(SEEN.get("own").get(0)).isNotSameAs(SEEN.get("own").get(1));
        assertThat(SEEN.get("shared")).hasSize(2);
        assertThat(SEEN.get("shared").get(0)).isSameAs(SEEN.get("shared").get(1));
        for (Object cluster : List.of(SEEN.get("own").get(0), SEEN.get("own").get(1), SEEN.get("shared").get(0))) {
            assertThat(((EmbeddedRedisCluster) cluster).seeds()).noneMatch(RedisClusterExtensionTest::accepting);
        }
    }
}
