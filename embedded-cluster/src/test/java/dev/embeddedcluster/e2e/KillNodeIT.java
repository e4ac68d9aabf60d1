package dev.embeddedcluster.e2e;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Killing and restarting nodes on the system clock, with a short node timeout, as cluster clients see it. */
class KillNodeIT extends FailoverClusterSupport {
    @Test
    void aKilledMastersReplicaIsPromotedAndServesItsAcknowledgedWrites() {
        ClusterNode master = cluster.masterForKey("k");
        ClusterNode replica = cluster.replicasOf(master).get(0);
        try (Jedis onMaster = new Jedis(master.host(), master.port(), 2000)) {
            onMaster.set("k", "v");
            assertThat(onMaster.waitReplicas(1, 2000)).isEqualTo(1);
        }

        long killed = System.nanoTime();
        cluster.kill(master);
        assertThatThrownBy(() -> new Socket(master.host(), master.port()).close()).isInstanceOf(ConnectException.class);

        ClusterNode promoted = cluster.awaitFailover(master, Duration.ofSeconds(5));
        assertThat(Duration.ofNanos(System.nanoTime() - killed)).isLessThan(NODE_TIMEOUT.plusMillis(1500));
        assertThat(promoted).isEqualTo(replica);
        assertThat(promoted.isMaster()).isTrue();

        ClusterNode other = cluster.masters().stream().filter(n -> !n.equals(master) && !n.equals(promoted)).findFirst().orElseThrow();
        try (Jedis onOther = new Jedis(other.host(), other.port(), 2000)) {
            String line = onOther.clusterNodes().lines().filter(l -> l.startsWith(master.id())).findFirst().orElseThrow();
            String[] fields = line.split(" ");
            assertThat(fields[2]).isEqualTo("master,fail");
            assertThat(fields[7]).isEqualTo("disconnected");
            assertThat(fields).hasSize(8);
            assertThat(onOther.clusterInfo()).contains("cluster_state:ok");
        }
        assertThat(jedis.get("k")).isEqualTo("v");
        jedis.set("k", "after");
    }

    @Test
    void aRestartedFormerMasterComesBackAsReplicaOfTheNewMasterWithItsData() {
        ClusterNode master = cluster.masterForKey("k");
        jedis.set("k", "v");
        cluster.kill(master);
        ClusterNode promoted = cluster.awaitFailover(master, Duration.ofSeconds(5));
        jedis.set("k", "written-while-down");

        cluster.restart(master, true);

        assertThat(master.isMaster()).isFalse();
        assertThat(cluster.replicasOf(promoted)).contains(master);
        try (Jedis onRestarted = new Jedis(master.host(), master.port(), 2000)) {
            onRestarted.readonly();
            assertThat(onRestarted.get("k")).isEqualTo("written-while-down");
            String myself = onRestarted.clusterNodes().lines().filter(l -> l.contains("myself")).findFirst().orElseThrow();
            assertThat(myself.split(" ")[2]).isEqualTo("myself,slave");
            assertThat(myself.split(" ")[3]).isEqualTo(promoted.id());
        }
    }

    @Test
    void aMasterRestartedBeforeTheTimeoutKeepsItsDataOnlyWhenAskedTo() {
        try (EmbeddedRedisCluster slow = EmbeddedRedisCluster.builder().masters(1).replicasPerMaster(1).build().start()) {
            ClusterNode master = slow.masters().get(0);
            ClusterNode replica = slow.replicas().get(0);
            try (Jedis onMaster = new Jedis(master.host(), master.port(), 2000)) {
                onMaster.set("k", "v");
            }
            slow.kill(master);
            slow.restart(master, true);
            try (Jedis onMaster = new Jedis(master.host(), master.port(), 2000)) {
                assertThat(onMaster.get("k")).isEqualTo("v");
            }
            slow.kill(master);
            slow.restart(master, false);
            try (Jedis onMaster = new Jedis(master.host(), master.port(), 2000);
                 Jedis onReplica = new Jedis(replica.host(), replica.port(), 2000)) {
                assertThat(onMaster.get("k")).isNull();
                onReplica.readonly();
                assertThat(onReplica.get("k")).isNull();
            }
        }
    }

    @Test
    void aKilledReplicaIsNotCountedByWaitAndResyncsOnRestart() {
        ClusterNode master = cluster.masterForKey("k");
        ClusterNode replica = cluster.replicasOf(master).get(0);
        cluster.kill(replica);
        try (Jedis onMaster = new Jedis(master.host(), master.port(), 2000)) {
            onMaster.set("k", "while-down");
            assertThat(onMaster.waitReplicas(1, 100)).isZero();
            await().atMost(Duration.ofSeconds(2)).until(() -> onMaster.clusterNodes().lines()
                    .anyMatch(l -> l.startsWith(replica.id()) && l.contains("slave,fail ")));
            assertThat(master.isMaster()).isTrue();
            assertThat(onMaster.clusterShards().stream().flatMap(s -> s.getNodes().stream())
                    .filter(n -> n.getId().equals(replica.id())).findFirst().orElseThrow().getHealth()).isEqualTo("fail");
            assertThat(slotNodePorts(onMaster)).contains((long) master.port()).doesNotContain((long) replica.port());

            cluster.restart(replica, false);

            assertThat(onMaster.waitReplicas(1, 2000)).isEqualTo(1);
        }
        try (Jedis onReplica = new Jedis(replica.host(), replica.port(), 2000)) {
            onReplica.readonly();
            assertThat(onReplica.get("k")).isEqualTo("while-down");
        }
    }

    @Test
    void aNodeRunningAScriptIsKilledAtOnceAndItsCallerGetsNoResult() throws Exception {
        ClusterNode master = cluster.masterForKey("k");
        try (Jedis busy = new Jedis(master.host(), master.port(), 5000)) {
            java.util.concurrent.CompletableFuture<Object> script = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> busy.eval("while true do end", 0));
            Thread.sleep(300); // the script has started
            long start = System.nanoTime();
            cluster.kill(master);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            assertThat(script).failsWithin(Duration.ofSeconds(5));
        }
    }

    @Test
    void lettuceWithAdaptiveRefreshReadsThroughTheFailover() {
        RedisClusterClient client = RedisClusterClient.create(RedisURI.create(cluster.seedUris().get(0)));
        client.setOptions(ClusterClientOptions.builder()
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enableAllAdaptiveRefreshTriggers()
                        .adaptiveRefreshTriggersTimeout(Duration.ofMillis(100))
                        .build())
                .build());
        try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
            connection.setTimeout(Duration.ofSeconds(1));
            connection.sync().set("k", "v");
            ClusterNode master = cluster.masterForKey("k");
            cluster.kill(master);
            cluster.awaitFailover(master, Duration.ofSeconds(5));
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                    .until(() -> "v".equals(connection.sync().get("k")));
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /** The ports of every node CLUSTER SLOTS lists. */
    private static java.util.List<Long> slotNodePorts(Jedis jedis) {
        return jedis.clusterSlots().stream().flatMap(range -> ((java.util.List<?>) range).stream().skip(2))
                .map(node -> (Long) ((java.util.List<?>) node).get(1)).toList();
    }
}
