package dev.embeddedcluster.e2e;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.testing.RespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CLUSTER ADDSLOTS, DELSLOTS and FLUSHSLOTS on a cluster of three masters with a replica each:
 * what one master gives up or claims, every node sees at once (as after gossip), and
 * {@link EmbeddedRedisCluster#restoreTopology()} undoes it.
 */
class ClusterSlotAdminClusterIT {
    private static final String FOO_SLOT = "12182";
    private static EmbeddedRedisCluster cluster;
    private static String slotsAtStart;

    @BeforeAll
    static void start() {
        cluster = EmbeddedRedisCluster.builder().build().start();
        slotsAtStart = call(cluster.masters().get(0), "CLUSTER", "SLOTS");
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @AfterEach
    void restore() {
        cluster.restoreTopology();
        cluster.flushAll();
        for (ClusterNode node : cluster.nodes()) {
            assertThat(call(node, "CLUSTER", "SLOTS")).as("CLUSTER SLOTS on %s", node).isEqualTo(slotsAtStart);
            assertThat(call(node, "CLUSTER", "INFO")).contains("cluster_state:ok\r\ncluster_slots_assigned:16384\r\n");
        }
    }

    @Test
    void aSlotOneMasterDeletesIsUnservedForEveryNodeUntilItAddsItBack() {
        ClusterNode owner = cluster.masterForKey("foo");
        ClusterNode other = otherMaster(owner);
        java.util.Map<String, String> epochs = new java.util.HashMap<>();
        cluster.nodes().forEach(node -> epochs.put(node.id(), epochs(call(node, "CLUSTER", "INFO"))));
        assertThat(call(owner, "SET", "foo", "bar")).isEqualTo("+OK\r\n");

        assertThat(call(owner, "CLUSTER", "DELSLOTS", FOO_SLOT)).isEqualTo("+OK\r\n");

        for (ClusterNode node : cluster.nodes()) {
            String info = call(node, "CLUSTER", "INFO");
            assertThat(info).contains("cluster_state:fail\r\ncluster_slots_assigned:16383\r\ncluster_slots_ok:16383\r\n");
            assertThat(epochs(info)).as("epochs after DELSLOTS").isEqualTo(epochs.get(node.id()));
            assertThat(call(node, "CLUSTER", "SLOTS")).contains(":12181\r\n", ":12183\r\n");
            assertThat(nodeLine(node, owner)).contains(" connected 10923-12181 12183-16383\n");
        }
        assertThat(call(other, "GET", "foo")).isEqualTo("-CLUSTERDOWN Hash slot not served\r\n");
        assertThat(call(owner, "GET", "foo")).isEqualTo("-CLUSTERDOWN Hash slot not served\r\n");
        assertThat(call(owner, "CLUSTER", "COUNTKEYSINSLOT", FOO_SLOT)).isEqualTo(":1\r\n");
        assertThat(call(other, "CLUSTER", "ADDSLOTS", FOO_SLOT, FOO_SLOT))
                .isEqualTo("-ERR Slot 12182 specified multiple times\r\n");

        assertThat(call(owner, "CLUSTER", "ADDSLOTS", FOO_SLOT)).isEqualTo("+OK\r\n");

        for (ClusterNode node : cluster.nodes()) {
            String info = call(node, "CLUSTER", "INFO");
            assertThat(info).contains("cluster_state:ok\r\ncluster_slots_assigned:16384\r\n");
            assertThat(epochs(info)).as("epochs after ADDSLOTS").isEqualTo(epochs.get(node.id()));
            assertThat(nodeLine(node, owner)).contains(" connected 10923-16383\n");
        }
        assertThat(call(owner, "GET", "foo")).isEqualTo("$3\r\nbar\r\n");
        assertThat(call(other, "GET", "foo")).startsWith("-MOVED 12182 ");
    }

    @Test
    void aMasterCannotTakeAnotherMastersSlotAway() {
        ClusterNode owner = cluster.masterForKey("foo");
        ClusterNode other = otherMaster(owner);
        assertThat(call(other, "CLUSTER", "DELSLOTS", FOO_SLOT)).isEqualTo("+OK\r\n");
        assertThat(call(other, "CLUSTER", "ADDSLOTS", FOO_SLOT)).isEqualTo("-ERR Slot 12182 is already busy\r\n");
        assertThat(nodeLine(other, owner)).contains(" connected 10923-16383\n");
        assertThat(call(other, "CLUSTER", "INFO")).contains("cluster_state:ok\r\n");
    }

    @Test
    void restoreTopologyGivesBackSlotsDeletedFlushedOrClaimedByAnotherMaster() {
        ClusterNode first = cluster.masters().get(0);
        ClusterNode second = cluster.masters().get(1);
        ClusterNode third = cluster.masters().get(2);
        assertThat(call(first, "CLUSTER", "FLUSHSLOTS")).isEqualTo("+OK\r\n");
        assertThat(call(second, "CLUSTER", "DELSLOTSRANGE", "5461", "5470", "10000", "10000")).isEqualTo("+OK\r\n");
        assertThat(call(third, "CLUSTER", "ADDSLOTSRANGE", "0", "99", "5461", "5461")).isEqualTo("+OK\r\n");
        assertThat(call(third, "CLUSTER", "INFO")).contains("cluster_slots_assigned:11013\r\n");
        assertThat(nodeLine(third, third)).contains(" connected 0-99 5461 10923-16383\n");
        assertThat(nodeLine(third, first)).endsWith(" connected\n");
        // The restored layout is checked after each test.
    }

    @Test
    void addingASlotBeingImportedEndsTheImport() {
        ClusterNode owner = cluster.masterForKey("foo");
        ClusterNode importer = otherMaster(owner);
        assertThat(call(owner, "SET", "foo", "bar")).isEqualTo("+OK\r\n");
        assertThat(call(owner, "CLUSTER", "DELSLOTS", FOO_SLOT)).isEqualTo("+OK\r\n");
        assertThat(call(importer, "CLUSTER", "SETSLOT", FOO_SLOT, "IMPORTING", owner.id())).isEqualTo("+OK\r\n");
        assertThat(nodeLine(importer, importer)).contains("[12182-<-" + owner.id() + "]");

        assertThat(call(importer, "CLUSTER", "ADDSLOTS", FOO_SLOT)).isEqualTo("+OK\r\n");

        assertThat(nodeLine(importer, importer)).doesNotContain("[12182-<-").contains(" 12182");
        assertThat(call(owner, "GET", "foo")).startsWith("-MOVED 12182 ");
        // restoreTopology() moves the slot back to its first master, which still holds its key.
    }

    @Test
    void epochsAndFailureReportsInAClusterOfSeveralNodes() {
        ClusterNode first = cluster.masters().get(0);
        ClusterNode third = cluster.masters().get(2);
        assertThat(call(first, "CLUSTER", "SET-CONFIG-EPOCH", "7")).isEqualTo(
                "-ERR The user can assign a config epoch only when the node does not know any other node.\r\n");
        assertThat(call(first, "CLUSTER", "COUNT-FAILURE-REPORTS", third.id())).isEqualTo(":0\r\n");
        assertThat(call(first, "CLUSTER", "SAVECONFIG")).isEqualTo("+OK\r\n");
        String info = call(first, "CLUSTER", "INFO");
        long current = Long.parseLong(info.replaceAll("(?s).*cluster_current_epoch:(\\d+)\r\n.*", "$1"));
        assertThat(call(first, "CLUSTER", "BUMPEPOCH")).isEqualTo("+BUMPED " + (current + 1) + "\r\n");
        assertThat(call(first, "CLUSTER", "BUMPEPOCH")).isEqualTo("+STILL " + (current + 1) + "\r\n");
        assertThat(call(third, "CLUSTER", "INFO")).contains("cluster_current_epoch:" + (current + 1) + "\r\n");
        assertThat(nodeLine(third, first)).contains(" " + (current + 1) + " connected");
    }

    private static ClusterNode otherMaster(ClusterNode master) {
        List<ClusterNode> masters = cluster.masters();
        return masters.stream().filter(m -> !m.id().equals(master.id())).findFirst().orElseThrow();
    }

    private static String epochs(String info) {
        return info.replaceAll("(?s).*(cluster_current_epoch:\\d+\r\ncluster_my_epoch:\\d+\r\n).*", "$1");
    }

    /** The CLUSTER NODES line that {@code asked} gives about {@code about}, with its newline. */
    private static String nodeLine(ClusterNode asked, ClusterNode about) {
        String nodes = call(asked, "CLUSTER", "NODES");
        int start = nodes.indexOf(about.id() + " ");
        return nodes.substring(start, nodes.indexOf('\n', start) + 1);
    }

    private static String call(ClusterNode node, String... command) {
        try (RespClient client = new RespClient(node.host(), node.port())) {
            return client.call(command);
        }
    }
}
