package dev.embeddedcluster.e2e;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.ManualClock;
import dev.embeddedcluster.testing.RespClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisClusterException;

import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Partitions on a manual clock, step by step as on a real cluster: a master cut off from the
 * others keeps accepting writes until the node timeout, then answers CLUSTERDOWN; the majority
 * promotes its replica; on heal it rejoins as that replica's replica and what it acknowledged
 * alone is gone.
 */
class PartitionIT {
    private static final String KEY = "order:7";

    private final ManualClock clock = new ManualClock();
    private EmbeddedRedisCluster cluster;
    private ClusterNode master;
    private ClusterNode replica;
    private Jedis onMaster;
    private Jedis onReplica;

    @BeforeEach
    void start() {
        cluster = EmbeddedRedisCluster.builder().clock(clock).build().start();
        master = cluster.masterForKey(KEY);
        replica = cluster.replicasOf(master).get(0);
        onMaster = new Jedis(master.host(), master.port(), 2000);
        onReplica = new Jedis(replica.host(), replica.port(), 2000);
    }

    @AfterEach
    void stop() {
        onMaster.close();
        onReplica.close();
        cluster.close();
    }

    @Test
    void aMinorityMastersWritesAreLostWhenThePartitionHeals() {
        ClusterNode observer = cluster.masters().stream().filter(n -> !n.equals(master)).findFirst().orElseThrow();
        try (Jedis onObserver = new Jedis(observer.host(), observer.port(), 2000)) {
            onMaster.set(KEY, "placed");
            assertThat(onMaster.waitReplicas(1, 2000)).isEqualTo(1);

            cluster.isolate(master);
            assertThat(cluster.isIsolated(master)).isTrue();
            // Before the node timeout nobody has noticed: the cut-off master still takes writes, its replica no longer gets them.
            assertThat(onMaster.set(KEY, "paid")).isEqualTo("OK");
            assertThat(onMaster.waitReplicas(1, 100)).isZero();
            assertThat(onMaster.clusterInfo()).contains("cluster_state:ok");
            assertThat(flagsOf(onObserver, master)).isEqualTo("master");

            clock.advance(Duration.ofSeconds(16));
            ClusterNode promoted = cluster.awaitFailover(master, Duration.ofSeconds(5));
            assertThat(promoted).isEqualTo(replica);
            assertThat(flagsOf(onObserver, master)).isEqualTo("master,fail");
            assertThat(onObserver.clusterInfo()).contains("cluster_state:ok");
            // The cut-off side flags the nodes it lost fail? and, without a majority of the masters, goes down.
            await().atMost(Duration.ofSeconds(5)).until(() -> onMaster.clusterInfo().contains("cluster_state:fail"));
            assertThat(flagsOf(onMaster, observer)).isEqualTo("master,fail?");
            assertThat(flagsOf(onMaster, master)).isEqualTo("myself,master");
            assertThatThrownBy(() -> onMaster.set(KEY, "refunded")).isInstanceOf(JedisClusterException.class)
                    .hasMessage("CLUSTERDOWN The cluster is down");
            assertThatThrownBy(() -> onMaster.get(KEY)).hasMessage("CLUSTERDOWN The cluster is down");
            assertThat(onReplica.get(KEY)).isEqualTo("placed");

            cluster.heal();
            assertThat(cluster.isIsolated(master)).isFalse();
            assertThat(master.isMaster()).isFalse();
            assertThat(master.masterId()).contains(replica.id());
            assertThat(flagsOf(onMaster, master)).isEqualTo("myself,slave");
            assertThat(onMaster.clusterInfo()).contains("cluster_state:ok");
            assertThat(flagsOf(onObserver, master)).isEqualTo("slave");
            onMaster.readonly();
            assertThat(onMaster.get(KEY)).isEqualTo("placed");
            assertThat(onReplica.get(KEY)).isEqualTo("placed");
        }
    }

    @Test
    void aPartitionHealedBeforeTheNodeTimeoutLosesNothing() {
        cluster.isolate(master);
        assertThat(onMaster.set(KEY, "paid")).isEqualTo("OK");
        clock.advance(Duration.ofSeconds(10));

        cluster.heal();
        assertThat(master.isMaster()).isTrue();
        onReplica.readonly();
        assertThat(onReplica.get(KEY)).isEqualTo("paid");
        assertThat(onMaster.waitReplicas(1, 2000)).isEqualTo(1);
    }

    @Test
    void anIsolatedReplicaIsFlaggedFailedAndCatchesUpOnHeal() {
        onReplica.readonly();
        cluster.isolate(replica);
        onMaster.set(KEY, "paid");
        assertThat(onMaster.waitReplicas(1, 100)).isZero();
        assertThat(onReplica.info("replication")).contains("master_link_status:down");

        clock.advance(Duration.ofSeconds(16));
        await().atMost(Duration.ofSeconds(5)).until(() -> flagsOf(onMaster, replica).equals("slave,fail"));
        assertThat(onMaster.clusterInfo()).contains("cluster_state:ok");
        await().atMost(Duration.ofSeconds(5)).until(() -> onReplica.clusterInfo().contains("cluster_state:fail"));
        assertThatThrownBy(() -> onReplica.get(KEY)).hasMessage("CLUSTERDOWN The cluster is down");

        cluster.heal();
        assertThat(flagsOf(onMaster, replica)).isEqualTo("slave");
        assertThat(onReplica.info("replication")).contains("master_link_status:up");
        assertThat(onReplica.get(KEY)).isEqualTo("paid");
        assertThat(onMaster.waitReplicas(1, 2000)).isEqualTo(1);
    }

    @Test
    void releaseFaultsHealsAndRestoreTopologyPutsTheMasterBack() {
        cluster.isolate(master);
        clock.advance(Duration.ofSeconds(16));
        cluster.awaitFailover(master, Duration.ofSeconds(5));

        assertThat(cluster.releaseFaults()).isTrue();
        cluster.restoreTopology();
        assertThat(master.isMaster()).isTrue();
        assertThat(cluster.masterForKey(KEY)).isEqualTo(master);
        assertThat(onMaster.clusterInfo()).contains("cluster_state:ok");
        assertThat(onMaster.set(KEY, "again")).isEqualTo("OK");
    }

    @Test
    void aClientBlockedOnTheCutOffMasterGetsClusterDownOnceItsSideIsDown() {
        try (RespClient blocked = new RespClient(master.host(), master.port())) {
            blocked.send("BLPOP", "{" + KEY + "}queue", "0");
            await().atMost(Duration.ofSeconds(5)).until(() -> onMaster.clientList().contains("cmd=blpop"));
            cluster.isolate(master);
            clock.advance(Duration.ofSeconds(16));
            cluster.awaitFailover(master, Duration.ofSeconds(5));

            // As Redis redirects a blocked client once its node sees the cluster down; it stays connected.
            assertThat(blocked.readReply()).isEqualTo("-CLUSTERDOWN The cluster is down\r\n");
            assertThat(blocked.call("PING")).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void aClientBlockedOnAPausedMasterIsUnblockedWhenItResumesAsAReplica() {
        try (RespClient blocked = new RespClient(master.host(), master.port())) {
            blocked.send("BLPOP", "{" + KEY + "}queue", "0");
            await().atMost(Duration.ofSeconds(5)).until(() -> onMaster.clientList().contains("cmd=blpop"));
            cluster.pause(master);
            clock.advance(Duration.ofSeconds(16));
            cluster.awaitFailover(master, Duration.ofSeconds(5));

            cluster.resume(master);
            assertThat(blocked.readReply()).isEqualTo(
                    "-UNBLOCKED force unblock from blocking operation, instance state changed (master -> replica?)\r\n");
            assertThat(blocked.closedByServer()).isTrue();
        }
    }

    @Test
    void aPartitionNeedsNodesOnBothSidesAndOneAtATime() {
        assertThatThrownBy(cluster::isolate).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cluster.isolate(cluster.nodes().toArray(ClusterNode[]::new)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not all");
        cluster.isolate(cluster.masters().get(0));
        assertThatThrownBy(() -> cluster.isolate(cluster.masters().get(1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("heal it first");
    }

    /** The flags CLUSTER NODES on {@code viewer} shows for {@code node}. */
    private static String flagsOf(Jedis viewer, ClusterNode node) {
        return Arrays.stream(viewer.clusterNodes().split("\n"))
                .filter(line -> line.startsWith(node.id()))
                .map(line -> line.split(" ")[2])
                .findFirst().orElseThrow();
    }
}
