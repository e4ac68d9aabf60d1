package dev.embeddedcluster.junit;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.ManualClock;
import dev.embeddedcluster.SlotRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

/** The cluster options of {@link RedisCluster} beyond its shape. */
class ClusterOptionsTest {
    static final Map<String, Object> SEEN = new ConcurrentHashMap<>();

    @AfterEach
    void forget() {
        SEEN.clear();
    }

    private static EngineExecutionResults run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute();
    }

    @RedisCluster(masters = 2, slotRanges = {"0-99,200-16383", "100-199"}, replicasPerMaster = 0)
    static class CustomSlots {
        @Test
        void mastersOwnTheirRanges(EmbeddedRedisCluster cluster) {
            SEEN.put("slots", cluster.masters().stream().map(ClusterNode::slots).toList());
        }
    }

    @Test
    void slotRangesSetEachMastersSlots() {
        run(CustomSlots.class).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        assertThat(SEEN.get("slots")).isEqualTo(List.of(
                List.of(SlotRange.of(0, 99), SlotRange.of(200, 16383)), List.of(SlotRange.of(100, 199))));
    }

    /** Records the heap guard of its cluster under the class's name. */
    abstract static class RecordsHeapGuard {
        @Test
        void records(EmbeddedRedisCluster cluster) {
            SEEN.put(getClass().getSimpleName(), cluster.heapGuard());
        }
    }

    @RedisCluster(heapGuard = "0.75", replicasPerMaster = 0)
    static class HeapGuardAt75 extends RecordsHeapGuard {
    }

    @RedisCluster(heapGuard = "off", replicasPerMaster = 0)
    static class HeapGuardOff extends RecordsHeapGuard {
    }

    @RedisCluster(replicasPerMaster = 0)
    static class HeapGuardByDefault extends RecordsHeapGuard {
    }

    @RedisCluster(heapGuard = "most", replicasPerMaster = 0)
    static class HeapGuardMisspelt {
        @Test
        void neverRuns() {
        }
    }

    @Test
    void heapGuardSetsTheThresholdOrTurnsItOff() {
        run(HeapGuardAt75.class).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        run(HeapGuardOff.class).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        run(HeapGuardByDefault.class).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        assertThat(SEEN).containsEntry("HeapGuardAt75", 0.75).containsEntry("HeapGuardOff", 0.0)
                .containsEntry("HeapGuardByDefault", 0.9);
        run(HeapGuardMisspelt.class).containerEvents().assertThatEvents().haveExactly(1, event(finishedWithFailure(
                message(m -> m.endsWith("@RedisCluster heapGuard takes a fraction of the heap (\"0.9\") or \"off\", got \"most\"")))));
    }

    @RedisCluster(rdb = "seed-7.0.15.rdb", flushAfterEach = false)
    static class SeededFromAResource {
        @Test
        void keysAreOnTheirMasters(EmbeddedRedisCluster cluster) throws IOException {
            long keys = 0;
            for (ClusterNode master : cluster.masters()) {
                try (RawConnection connection = new RawConnection(master)) {
                    keys += Long.parseLong(connection.call("DBSIZE").replace(":", "").trim());
                }
            }
            SEEN.put("keys", keys);
        }
    }

    @RedisCluster(rdb = "no-such-seed.rdb")
    static class SeededFromNothing {
        @Test
        void neverRuns() {
        }
    }

    @Test
    void rdbSeedsTheClusterFromAClasspathResource() {
        run(SeededFromAResource.class).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        assertThat(SEEN.get("keys")).isEqualTo(208L);
        run(SeededFromNothing.class).containerEvents().assertThatEvents().haveExactly(1, event(finishedWithFailure(
                message(m -> m.endsWith("@RedisCluster(rdb = \"no-such-seed.rdb\"): no such file in the working directory, "
                        + "nor resource on the classpath")))));
    }

    @RedisCluster(masters = 2, slotRanges = {"0-16383", "100-199"})
    static class OverlappingSlots {
        @Test
        void neverRuns() {
        }
    }

    @Test
    void overlappingSlotRangesFailFastNamingTheSlot() {
        run(OverlappingSlots.class).containerEvents().assertThatEvents().haveExactly(1, event(finishedWithFailure(
                message(m -> m.startsWith("cannot start the Redis cluster of " + OverlappingSlots.class.getName()
                        + ": slot 100 is given to master")))));
    }

    @RedisCluster(masters = 3, slotRanges = {"0-8191", "8192-16383"})
    static class SlotRangesForTwoOfThreeMasters {
        @Test
        void neverRuns() {
        }
    }

    @Test
    void slotRangesForAnotherNumberOfMastersFailAsTheBuilderFails() {
        run(SlotRangesForTwoOfThreeMasters.class).containerEvents().assertThatEvents().haveExactly(1,
                event(finishedWithFailure(message("cannot start the Redis cluster of "
                        + SlotRangesForTwoOfThreeMasters.class.getName()
                        + ": slot ranges given for 2 masters, but the cluster has 3"))));
    }

    @RedisCluster(masters = 1, slotRanges = {"0-16383x"})
    static class MalformedSlots {
        @Test
        void neverRuns() {
        }
    }

    @Test
    void aMalformedSlotRangeIsNamed() {
        run(MalformedSlots.class).containerEvents().assertThatEvents().haveExactly(1, event(finishedWithFailure(
                message(m -> m.endsWith("'0-16383x' is not a slot range such as 0-5460 or 42")))));
    }

    @RedisCluster(masters = 1, replicasPerMaster = 0, manualClock = true)
    static class ManualTime {
        @Test
        void keysExpireWhenTheTestMovesTheClock(ManualClock clock, ClusterNode node) throws IOException {
            try (RawConnection redis = new RawConnection(node)) {
                redis.call("SET session x PX 1000");
                clock.advance(Duration.ofMillis(999));
                SEEN.put("before", redis.call("GET session"));
                clock.advance(Duration.ofMillis(1));
                SEEN.put("after", redis.call("GET session"));
            }
        }
    }

    @Test
    void aManualClockIsInjectedAndDrivesExpiry() {
        run(ManualTime.class).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        assertThat(SEEN).containsEntry("before", "x").containsEntry("after", "$-1");
    }

    @RedisCluster(masters = 1, replicasPerMaster = 0)
    static class SystemTime {
        @Test
        void wantsAClock(ManualClock clock) {
        }
    }

    @Test
    void aManualClockWithoutTheOptionIsRefusedWithTheReason() {
        run(SystemTime.class).testEvents().assertThatEvents().haveExactly(1, event(finishedWithFailure(
                message(m -> m.contains("@RedisCluster(manualClock = true) gives it a ManualClock to inject")))));
    }

    @RedisCluster(masters = 1, replicasPerMaster = 1, nodeTimeoutMillis = 5000)
    static class ShortNodeTimeout {
        @Test
        void everyNodeHasIt(EmbeddedRedisCluster cluster) throws IOException {
            List<List<String>> timeouts = new java.util.ArrayList<>();
            for (ClusterNode node : cluster.nodes()) {
                try (RawConnection redis = new RawConnection(node)) {
                    timeouts.add(redis.callArray("CONFIG GET cluster-node-timeout"));
                }
            }
            SEEN.put("timeouts", timeouts);
        }
    }

    @Test
    void theNodeTimeoutIsEveryNodesClusterNodeTimeout() {
        run(ShortNodeTimeout.class).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        List<String> reply = List.of("cluster-node-timeout", "5000");
        assertThat(SEEN.get("timeouts")).isEqualTo(List.of(reply, reply));
    }

    @RedisCluster(nodeTimeoutMillis = 0)
    static class NoNodeTimeout {
        @Test
        void neverRuns() {
        }
    }

    @Test
    void aNodeTimeoutThatIsNotPositiveFailsFast() {
        run(NoNodeTimeout.class).containerEvents().assertThatEvents().haveExactly(1, event(finishedWithFailure(
                message(m -> m.endsWith("node timeout must be positive, got 0 ms")))));
    }
}
