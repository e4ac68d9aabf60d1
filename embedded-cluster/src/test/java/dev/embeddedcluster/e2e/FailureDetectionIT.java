package dev.embeddedcluster.e2e;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.ManualClock;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisClusterException;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Failure detection on a manual clock: nothing is failed before the node timeout passes, everything after. */
class FailureDetectionIT {

    @Test
    void aKilledMasterIsFailedOverOnlyOnceTheClockPassesTheNodeTimeout() {
        ManualClock clock = new ManualClock();
        try (EmbeddedRedisCluster cluster = EmbeddedRedisCluster.builder().clock(clock).replicasPerMaster(2).build().start()) {
            ClusterNode master = cluster.masters().get(0);
            ClusterNode observer = cluster.masters().get(1);
            cluster.kill(master);
            ClusterNode replica = cluster.replicasOf(master).get(0);
            try (Jedis onReplica = new Jedis(replica.host(), replica.port(), 2000)) {
                clock.advance(Duration.ofSeconds(3));
                assertThat(onReplica.info("replication")).contains("master_link_status:down\r\n",
                        "master_last_io_seconds_ago:-1\r\n", "master_link_down_since_seconds:3\r\n");
                assertThat(onReplica.role().get(3)).isEqualTo("connect");
            }

            clock.advance(Duration.ofSeconds(11));
            try (Jedis onObserver = new Jedis(observer.host(), observer.port(), 2000)) {
                await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1))
                        .until(() -> flagsOf(onObserver, master).equals("master"));
                assertThat(onObserver.clusterInfo()).contains("cluster_state:ok");

                clock.advance(Duration.ofSeconds(2));
                ClusterNode promoted = cluster.awaitFailover(master, Duration.ofSeconds(5));

                assertThat(cluster.replicasOf(master)).isEmpty();
                assertThat(promoted.isMaster()).isTrue();
                assertThat(cluster.replicasOf(promoted)).hasSize(1);
                assertThat(flagsOf(onObserver, master)).isEqualTo("master,fail");
                assertThat(onObserver.clusterInfo()).contains("cluster_state:ok", "cluster_current_epoch:10");
            }
        }
    }

    @Test
    void theReplicaWithTheLargestOffsetIsElected() {
        ManualClock clock = new ManualClock();
        try (EmbeddedRedisCluster cluster = EmbeddedRedisCluster.builder().clock(clock).masters(3).replicasPerMaster(2)
                .build().start()) {
            ClusterNode master = cluster.masterForKey("k");
            ClusterNode behind = cluster.replicasOf(master).get(0);
            ClusterNode ahead = cluster.replicasOf(master).get(1);
            cluster.holdReplica(behind);
            try (Jedis onMaster = new Jedis(master.host(), master.port(), 2000)) {
                onMaster.set("k", "v");
                assertThat(onMaster.waitReplicas(1, 2000)).isEqualTo(1);
            }
            cluster.kill(master);
            clock.advance(Duration.ofSeconds(16));

            assertThat(cluster.awaitFailover(master, Duration.ofSeconds(5))).isEqualTo(ahead);
            assertThat(cluster.replicasOf(ahead)).containsExactly(behind);
        }
    }

    @Test
    void aKilledMasterWithoutReplicasTakesTheClusterDownUntilItReturnsAndTwiceTheNodeTimeoutHasPassed() {
        ManualClock clock = new ManualClock();
        try (EmbeddedRedisCluster cluster = EmbeddedRedisCluster.builder().clock(clock).replicasPerMaster(0)
                .nodeTimeout(Duration.ofSeconds(5)).build().start()) {
            ClusterNode master = cluster.masterForKey("k");
            ClusterNode observer = cluster.masters().stream().filter(n -> !n.equals(master)).findFirst().orElseThrow();
            try (Jedis onMaster = new Jedis(master.host(), master.port(), 2000)) {
                onMaster.set("k", "v");
            }
            cluster.kill(master);
            clock.advance(Duration.ofSeconds(6));

            try (Jedis onObserver = new Jedis(observer.host(), observer.port(), 2000)) {
                await().atMost(Duration.ofSeconds(2)).until(() -> flagsOf(onObserver, master).equals("master,fail"));
                assertThat(onObserver.clusterInfo()).contains("cluster_state:fail", "cluster_slots_fail:5462");
                assertThatThrownBy(() -> onObserver.get("k")).isInstanceOf(JedisClusterException.class)
                        .hasMessage("CLUSTERDOWN The cluster is down");

                cluster.restart(master, true);

                // Back at slots no replica took, it stays flagged until twice the node timeout has passed, as in Redis.
                assertThat(flagsOf(onObserver, master)).isEqualTo("master,fail");
                assertThat(onObserver.clusterNodes().lines().filter(l -> l.startsWith(master.id())).findFirst().orElseThrow())
                        .contains(" connected ");
                assertThat(onObserver.clusterInfo()).contains("cluster_state:fail");
                clock.advance(Duration.ofSeconds(11));
                await().atMost(Duration.ofSeconds(2)).until(() -> flagsOf(onObserver, master).equals("master"));
                assertThat(onObserver.clusterInfo()).contains("cluster_state:ok");
            }
            try (Jedis onMaster = new Jedis(master.host(), master.port(), 2000)) {
                assertThat(onMaster.get("k")).isEqualTo("v");
            }
        }
    }

    @Test
    void eachOtherReachableMasterReportsAFailingNodeOnceItIsSuspected() {
        ManualClock clock = new ManualClock();
        try (EmbeddedRedisCluster cluster = EmbeddedRedisCluster.builder().clock(clock).replicasPerMaster(1)
                .nodeTimeout(Duration.ofSeconds(5)).build().start()) {
            ClusterNode master = cluster.masters().get(0);
            ClusterNode observer = cluster.masters().get(1);
            ClusterNode replicaObserver = cluster.replicasOf(observer).get(0);
            cluster.kill(master);
            try (Jedis onObserver = new Jedis(observer.host(), observer.port(), 2000);
                 Jedis onReplica = new Jedis(replicaObserver.host(), replicaObserver.port(), 2000)) {
                assertThat(onObserver.clusterCountFailureReports(master.id())).isZero();

                clock.advance(Duration.ofSeconds(6));
                cluster.awaitFailover(master, Duration.ofSeconds(5));
                // To the observer from the third master and the promoted replica; to a replica from all three.
                assertThat(onObserver.clusterCountFailureReports(master.id())).isEqualTo(2);
                assertThat(onReplica.clusterCountFailureReports(master.id())).isEqualTo(3);
                assertThat(onObserver.clusterCountFailureReports(observer.id())).isZero();
            }
        }
    }

    private static String flagsOf(Jedis jedis, ClusterNode node) {
        return jedis.clusterNodes().lines().filter(l -> l.startsWith(node.id())).findFirst().orElseThrow().split(" ")[2];
    }
}
