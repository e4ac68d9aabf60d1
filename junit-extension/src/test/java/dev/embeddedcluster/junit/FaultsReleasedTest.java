package dev.embeddedcluster.junit;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.testkit.engine.EngineTestKit;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** A replica held or lagged and a node slowed by one test are back to normal for the next. */
class FaultsReleasedTest {
    static final Map<String, Object> SEEN = new ConcurrentHashMap<>();

    @AfterEach
    void forget() {
        SEEN.clear();
    }

    @RedisCluster(masters = 2, replicasPerMaster = 1)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class LeavesFaultsBehind {
        private static final String KEY = "faulted";

        @Test
        @Order(1)
        void holdsLagsAndSlows(EmbeddedRedisCluster cluster) throws IOException {
            ClusterNode master = cluster.masterForKey(KEY);
            cluster.holdReplica(cluster.replicasOf(master).get(0));
            ClusterNode otherMaster = cluster.masters().stream().filter(m -> !m.equals(master)).findFirst().orElseThrow();
            cluster.lagReplica(cluster.replicasOf(otherMaster).get(0), Duration.ofSeconds(30));
            cluster.slowNode(master, Duration.ofSeconds(1));
            try (RawConnection connection = new RawConnection(master)) {
                assertThat(connection.call("SET " + KEY + " held")).isEqualTo("+OK");
            }
        }

        @Test
        @Order(2)
        void findsEveryNodeFastAndEveryReplicaInStep(EmbeddedRedisCluster cluster) throws IOException {
            ClusterNode master = cluster.masterForKey(KEY);
            try (RawConnection connection = new RawConnection(master)) {
                long start = System.nanoTime();
                SEEN.put("ping", connection.call("PING"));
                SEEN.put("ping took", Duration.ofNanos(System.nanoTime() - start));
                connection.call("SET " + KEY + " after");
                SEEN.put("wait", connection.call("WAIT 1 1000"));
            }
            try (RawConnection replica = new RawConnection(cluster.replicasOf(master).get(0))) {
                replica.call("READONLY");
                SEEN.put("replica read", replica.call("GET " + KEY));
            }
            for (ClusterNode otherMaster : cluster.masters()) {
                try (RawConnection connection = new RawConnection(otherMaster)) {
                    connection.call("SET {" + otherMaster.id() + "}x 1");
                    SEEN.put("wait on " + otherMaster.id(), connection.call("WAIT 1 1000"));
                }
            }
        }
    }

    @Test
    void aTestsFaultsAreUndoneBeforeTheNext() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(LeavesFaultsBehind.class)).execute()
                .testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        assertThat(SEEN.get("ping")).isEqualTo("+PONG");
        assertThat((Duration) SEEN.get("ping took")).isLessThan(Duration.ofMillis(500));
        assertThat(SEEN.get("wait")).isEqualTo(":1");
        assertThat(SEEN.get("replica read")).isEqualTo("after");
        assertThat(SEEN).hasSize(6);
        SEEN.forEach((what, seen) -> {
            if (what.startsWith("wait on ")) {
                assertThat(seen).as(what).isEqualTo(":1");
            }
        });
    }
}
