package dev.embeddedcluster.e2e;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.testing.RespClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bare nodes brought together by hand with CLUSTER MEET, SET-CONFIG-EPOCH, ADDSLOTS, REPLICATE,
 * FORGET and RESET, with the replies redis-server 7.0.15 processes gave to the same steps (the
 * errors that need no node id are also compared with the oracle, in {@code compare.ClusterMembershipIT}).
 */
class ClusterMembershipClusterIT {
    private EmbeddedRedisCluster cluster;
    private List<ClusterNode> nodes;
    private RespClient a;
    private RespClient b;
    private RespClient c;

    @BeforeEach
    void start() {
        cluster = EmbeddedRedisCluster.builder().masters(3).replicasPerMaster(0).bare(true).build().start();
        nodes = cluster.nodes();
        a = connect(nodes.get(0));
        b = connect(nodes.get(1));
        c = connect(nodes.get(2));
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
        c.close();
        cluster.close();
    }

    private static RespClient connect(ClusterNode node) {
        return new RespClient(node.host(), node.port());
    }

    @Test
    void meetingNodesLearnTheirAddressesAndSettleAnEpochCollision() {
        assertThat(a.call("CLUSTER", "NODES")).contains(" :" + nodes.get(0).port() + "@" + nodes.get(0).busPort()
                + " myself,master - 0 ");
        assertThat(meet(a, nodes.get(1))).isEqualTo("+OK\r\n");
        assertThat(meet(a, nodes.get(1))).as("already known").isEqualTo("+OK\r\n");

        Map<String, String> lines = nodeLines(b);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(id(0))).contains(" " + nodes.get(0).address() + "@" + nodes.get(0).busPort() + " master - 0 ");
        // Both had config epoch 0: the node with the smaller id takes epoch 1, as Redis resolves the collision.
        String smaller = id(0).compareTo(id(1)) < 0 ? id(0) : id(1);
        String larger = smaller.equals(id(0)) ? id(1) : id(0);
        assertThat(epochIn(lines.get(smaller))).isEqualTo("1");
        assertThat(epochIn(lines.get(larger))).isEqualTo("0");
        assertThat(b.call("CLUSTER", "INFO")).contains("cluster_known_nodes:2", "cluster_current_epoch:1", "cluster_state:fail");
    }

    @Test
    void setConfigEpochOnlyOnANodeAloneAndOnlyOnce() {
        assertThat(a.call("CLUSTER", "SET-CONFIG-EPOCH", "5")).isEqualTo("+OK\r\n");
        assertThat(a.call("CLUSTER", "INFO")).contains("cluster_current_epoch:5", "cluster_my_epoch:5");
        assertThat(a.call("CLUSTER", "SET-CONFIG-EPOCH", "6")).isEqualTo("-ERR Node config epoch is already non-zero\r\n");
        assertThat(a.call("CLUSTER", "SET-CONFIG-EPOCH", "-1")).isEqualTo("-ERR Invalid config epoch specified: -1\r\n");
        meet(b, nodes.get(0));
        assertThat(b.call("CLUSTER", "SET-CONFIG-EPOCH", "7"))
                .isEqualTo("-ERR The user can assign a config epoch only when the node does not know any other node.\r\n");
    }

    @Test
    void replicateChecksItsTargetAndResynchronizesFromIt() {
        assertThat(c.call("CLUSTER", "REPLICATE", id(0))).isEqualTo("-ERR Unknown node " + id(0) + "\r\n");
        assertThat(c.call("CLUSTER", "REPLICATE", id(2))).isEqualTo("-ERR Can't replicate myself\r\n");
        meet(a, nodes.get(1));
        meet(a, nodes.get(2));
        assertThat(a.call("CLUSTER", "ADDSLOTSRANGE", "0", "16383")).isEqualTo("+OK\r\n");
        assertThat(a.call("SET", "k", "v")).isEqualTo("+OK\r\n");
        assertThat(a.call("CLUSTER", "REPLICATE", id(1)))
                .isEqualTo("-ERR To set a master the node must be empty and without assigned slots.\r\n");

        assertThat(c.call("CLUSTER", "REPLICATE", id(0))).isEqualTo("+OK\r\n");
        assertThat(b.call("CLUSTER", "REPLICATE", id(2))).isEqualTo("-ERR I can only replicate a master, not a replica.\r\n");
        assertThat(nodeLines(a).get(id(2))).contains(" slave " + id(0) + " ");
        c.call("READONLY");
        // The full synchronization runs after the reply, as Redis's does.
        await().atMost(Duration.ofSeconds(5)).until(() -> c.call("GET", "k").equals("$1\r\nv\r\n"));
        assertThat(c.call("ROLE")).startsWith("*5\r\n$5\r\nslave\r\n");
    }

    @Test
    void forgetRemovesANodeFromEachViewThatForgetsIt() {
        meet(a, nodes.get(1));
        meet(a, nodes.get(2));
        c.call("CLUSTER", "REPLICATE", id(0));
        assertThat(a.call("CLUSTER", "FORGET", id(0))).isEqualTo("-ERR I tried hard but I can't forget myself...\r\n");
        assertThat(c.call("CLUSTER", "FORGET", id(0))).isEqualTo("-ERR Can't forget my master!\r\n");
        assertThat(a.call("CLUSTER", "FORGET", "abc")).isEqualTo("-ERR Unknown node abc\r\n");

        assertThat(a.call("CLUSTER", "FORGET", id(1))).isEqualTo("+OK\r\n");
        assertThat(a.call("CLUSTER", "FORGET", id(1))).isEqualTo("-ERR Unknown node " + id(1) + "\r\n");
        // redis-cli del-node sends FORGET to every node: each one's own FORGET succeeds once.
        assertThat(c.call("CLUSTER", "FORGET", id(1))).isEqualTo("+OK\r\n");
        assertThat(nodeLines(a)).containsOnlyKeys(id(0), id(2));
        assertThat(nodeLines(b)).as("the forgotten node still knows the others").hasSize(3);
    }

    @Test
    void resetForgetsEveryNodeAndEverySlot() {
        meet(a, nodes.get(1));
        meet(a, nodes.get(2));
        a.call("CLUSTER", "ADDSLOTSRANGE", "0", "16383");
        a.call("SET", "k", "v");
        c.call("CLUSTER", "REPLICATE", id(0));
        assertThat(a.call("CLUSTER", "RESET")).isEqualTo("-ERR CLUSTER RESET can't be called with master nodes containing keys\r\n");
        assertThat(c.call("CLUSTER", "RESET", "sideways")).isEqualTo("-ERR syntax error\r\n");

        assertThat(c.call("CLUSTER", "RESET", "SOFT")).isEqualTo("+OK\r\n");
        assertThat(nodeLines(c)).containsOnlyKeys(id(2));
        assertThat(nodeLines(c).get(id(2))).contains(" " + nodes.get(2).address() + "@").contains(" myself,master - ");
        assertThat(c.call("DBSIZE")).isEqualTo(":0\r\n");
        assertThat(c.call("CLUSTER", "INFO")).contains("cluster_state:fail", "cluster_known_nodes:1");
        assertThat(nodeLines(a)).as("the others still know it").containsKey(id(2));

        assertThat(b.call("CLUSTER", "RESET", "HARD")).isEqualTo("+OK\r\n");
        assertThat(b.call("CLUSTER", "INFO")).contains("cluster_current_epoch:0", "cluster_my_epoch:0");
    }

    private String id(int index) {
        return nodes.get(index).id();
    }

    private static String meet(RespClient from, ClusterNode to) {
        return from.call("CLUSTER", "MEET", to.host(), Integer.toString(to.port()));
    }

    /** CLUSTER NODES on a node, line by node id. */
    private static Map<String, String> nodeLines(RespClient on) {
        String reply = on.call("CLUSTER", "NODES");
        return reply.lines().filter(line -> line.matches("[0-9a-f]{40} .*"))
                .collect(Collectors.toMap(line -> line.substring(0, 40), line -> line));
    }

    private static String epochIn(String line) {
        return line.split(" ")[6];
    }
}
