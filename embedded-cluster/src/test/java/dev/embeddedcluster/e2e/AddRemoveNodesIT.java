package dev.embeddedcluster.e2e;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;

import java.io.IOException;
import java.net.Socket;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Nodes added and removed while the cluster runs, as redis-cli's add-node and del-node do, and
 * restoreTopology putting the starting layout back: removed nodes return with their ids and
 * ports, added ones leave.
 */
class AddRemoveNodesIT {
    private EmbeddedRedisCluster cluster;
    private List<ClusterNode> initial;

    @BeforeEach
    void start() {
        cluster = EmbeddedRedisCluster.builder().build().start();
        initial = cluster.nodes();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void anAddedMasterTakesSlotsAndAnAddedReplicaGetsItsData() {
        ClusterNode master = cluster.addMaster();
        assertThat(master.isMaster()).isTrue();
        assertThat(master.slots()).isEmpty();
        assertThat(cluster.nodes()).hasSize(7).contains(master);
        for (ClusterNode node : initial) {
            try (Jedis jedis = new Jedis(node.host(), node.port(), 2000)) {
                assertThat(jedis.clusterNodes()).contains(master.id() + " " + master.address() + "@" + master.busPort() + " master - ");
            }
        }

        int slot = EmbeddedRedisCluster.slotOf("moved");
        try (JedisCluster jedis = new JedisCluster(HostAndPort.from(cluster.seeds().get(0)))) {
            jedis.set("moved", "along");
            cluster.migrateSlot(slot, master);
            assertThat(cluster.masterForSlot(slot)).isEqualTo(master);
            assertThat(jedis.get("moved")).isEqualTo("along");
        }

        ClusterNode replica = cluster.addReplica(master);
        assertThat(replica.masterId()).contains(master.id());
        try (Jedis onReplica = new Jedis(replica.host(), replica.port(), 2000)) {
            onReplica.readonly();
            assertThat(onReplica.get("moved")).isEqualTo("along");
            assertThat(onReplica.role().get(0)).isEqualTo("slave");
        }
        assertThatThrownBy(() -> cluster.removeNode(master)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("still serves slots");
    }

    @Test
    void aRemovedNodeIsForgottenAndItsPortCloses() {
        ClusterNode replica = cluster.replicas().get(0);
        cluster.removeNode(replica);

        assertThat(cluster.nodes()).hasSize(5).doesNotContain(replica);
        assertThatThrownBy(() -> new Socket(replica.host(), replica.port()).close()).isInstanceOf(IOException.class);
        try (Jedis jedis = new Jedis(cluster.masters().get(0).host(), cluster.masters().get(0).port(), 2000)) {
            assertThat(jedis.clusterNodes()).doesNotContain(replica.id());
            assertThat(jedis.clusterInfo()).contains("cluster_known_nodes:5", "cluster_state:ok");
        }
    }

    @Test
    void removingAMasterWithoutSlotsMovesItsReplicasToTheMasterWithTheFewest() {
        try (EmbeddedRedisCluster small = EmbeddedRedisCluster.builder().slotRanges("0-9", "10-8191", "8192-16383")
                .build().start()) {
            ClusterNode master = small.masters().get(0);
            ClusterNode itsReplica = small.replicasOf(master).get(0);
            ClusterNode target = small.masters().get(1);
            IntStream.rangeClosed(0, 9).forEach(slot -> small.migrateSlot(slot, target));
            small.removeNode(master);

            assertThat(itsReplica.isMaster()).isFalse();
            assertThat(small.masters()).hasSize(2);
            ClusterNode adopter = small.node(itsReplica.masterId().orElseThrow());
            assertThat(small.replicasOf(adopter)).contains(itsReplica);
        }
    }

    @Test
    void restoreTopologyBringsRemovedNodesBackAndRemovesAddedOnes() {
        ClusterNode replica = cluster.replicas().get(1);
        ClusterNode itsMaster = cluster.node(replica.masterId().orElseThrow());
        cluster.removeNode(replica);
        ClusterNode added = cluster.addMaster();
        cluster.migrateSlot(0, added);
        try (Jedis onMaster = new Jedis(itsMaster.host(), itsMaster.port(), 2000)) {
            onMaster.set("{" + itsMaster.slots().get(0).start() + "}", "x"); // any key; its slot may be elsewhere
        } catch (RuntimeException movedElsewhere) {
            // only the layout matters here
        }

        cluster.restoreTopology();

        assertThat(cluster.nodes()).containsExactlyInAnyOrderElementsOf(initial);
        assertThat(cluster.masterForSlot(0)).isEqualTo(initial.get(0));
        assertThat(replica.masterId()).contains(itsMaster.id());
        try (Jedis onReplica = new Jedis(replica.host(), replica.port(), 2000)) {
            assertThat(onReplica.role().get(0)).isEqualTo("slave");
            assertThat(onReplica.clusterInfo()).contains("cluster_known_nodes:6", "cluster_state:ok");
        }
        assertThatThrownBy(() -> new Socket(added.host(), added.port()).close()).isInstanceOf(IOException.class);
    }
}
