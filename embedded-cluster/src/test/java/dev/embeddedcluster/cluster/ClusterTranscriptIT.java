package dev.embeddedcluster.cluster;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.ManualClock;
import dev.embeddedcluster.testing.RespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The keyless cluster commands of the reference transcripts (a real Redis 7.0.15 cluster), byte
 * for byte: the expected replies are the transcript's, with this run's node ids and ports.
 */
class ClusterTranscriptIT {
    private static final long NOW = 1795548245483L;
    private static EmbeddedRedisCluster cluster;
    private static List<ClusterNode> masters;
    private static List<ClusterNode> replicas;

    @BeforeAll
    static void start() {
        cluster = EmbeddedRedisCluster.builder().clock(new ManualClock(Instant.ofEpochMilli(NOW))).build().start();
        masters = cluster.masters();
        replicas = masters.stream().map(m -> cluster.replicasOf(m).get(0)).toList();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static RespClient connect(ClusterNode node) {
        return new RespClient(node.host(), node.port());
    }

    private static String bulk(String s) {
        return "$" + s.length() + "\r\n" + s + "\r\n";
    }

    private static String integer(long n) {
        return ":" + n + "\r\n";
    }

    private static String nodeLine(ClusterNode node, boolean myself, String slots) {
        String master = node.isMaster() ? "-" : node.masterId().orElseThrow();
        long epoch = masters.indexOf(node.isMaster() ? node : cluster.node(master)) + 1;
        return node.id() + " 127.0.0.1:" + node.port() + "@" + (node.port() + 10000) + " "
                + (myself ? "myself," : "") + (node.isMaster() ? "master" : "slave") + " " + master
                + " 0 " + (myself ? NOW / 1000 * 1000 : NOW) + " " + epoch + " connected" + slots;
    }

    @Test
    void clusterNodesFromAMaster() {
        StringBuilder lines = new StringBuilder();
        String[] slots = {" 0-5460", " 5461-10922", " 10923-16383"};
        for (int i = 0; i < 3; i++) {
            lines.append(nodeLine(masters.get(i), i == 0, slots[i])).append('\n');
        }
        for (ClusterNode replica : replicas) {
            lines.append(nodeLine(replica, false, "")).append('\n');
        }
        try (RespClient client = connect(masters.get(0))) {
            assertThat(client.call("CLUSTER", "NODES")).isEqualTo(bulk(lines.toString()));
        }
    }

    @Test
    void clusterSlotsListsEachRangeWithMasterAndReplica() {
        int[][] ranges = {{0, 5460}, {5461, 10922}, {10923, 16383}};
        for (String meta : List.of("*0\r\n", "%0\r\n")) {
            StringBuilder expected = new StringBuilder("*3\r\n");
            for (int i = 0; i < 3; i++) {
                expected.append("*4\r\n").append(integer(ranges[i][0])).append(integer(ranges[i][1]));
                for (ClusterNode node : List.of(masters.get(i), replicas.get(i))) {
                    expected.append("*4\r\n").append(bulk("127.0.0.1")).append(integer(node.port()))
                            .append(bulk(node.id())).append(meta);
                }
            }
            try (RespClient client = connect(masters.get(0))) {
                if (meta.startsWith("%")) {
                    client.call("HELLO", "3");
                }
                assertThat(client.call("CLUSTER", "SLOTS")).isEqualTo(expected.toString());
            }
        }
    }

    @Test
    void clusterShardsInResp2AndResp3() {
        int[][] ranges = {{0, 5460}, {5461, 10922}, {10923, 16383}};
        for (boolean resp3 : new boolean[] {false, true}) {
            try (RespClient client = connect(masters.get(0))) {
                if (resp3) {
                    client.call("HELLO", "3");
                }
                String reply = client.call("CLUSTER", "SHARDS");
                StringBuilder expected = new StringBuilder("*3\r\n");
                for (int i = 0; i < 3; i++) {
                    expected.append(resp3 ? "%2\r\n" : "*4\r\n").append(bulk("slots"))
                            .append("*2\r\n").append(integer(ranges[i][0])).append(integer(ranges[i][1]))
                            .append(bulk("nodes")).append("*2\r\n");
                    for (ClusterNode node : List.of(masters.get(i), replicas.get(i))) {
                        expected.append(resp3 ? "%7\r\n" : "*14\r\n")
                                .append(bulk("id")).append(bulk(node.id()))
                                .append(bulk("port")).append(integer(node.port()))
                                .append(bulk("ip")).append(bulk("127.0.0.1"))
                                .append(bulk("endpoint")).append(bulk("127.0.0.1"))
                                .append(bulk("role")).append(bulk(node.isMaster() ? "master" : "replica"))
                                .append(bulk("replication-offset")).append(":OFFSET\r\n")
                                .append(bulk("health")).append(bulk("online"));
                    }
                }
                assertThat(reply.replaceAll(":\\d+\r\n\\$6\r\nhealth", ":OFFSET\r\n\\$6\r\nhealth")).isEqualTo(expected.toString());
            }
        }
    }

    @Test
    void clusterInfoMyIdAndKeyslot() {
        try (RespClient client = connect(masters.get(0))) {
            String info = client.call("CLUSTER", "INFO");
            assertThat(info).startsWith("$").contains("\r\ncluster_state:ok\r\ncluster_slots_assigned:16384\r\n"
                    + "cluster_slots_ok:16384\r\ncluster_slots_pfail:0\r\ncluster_slots_fail:0\r\n"
                    + "cluster_known_nodes:6\r\ncluster_size:3\r\ncluster_current_epoch:6\r\ncluster_my_epoch:1\r\n");
            assertThat(client.call("CLUSTER", "MYID")).isEqualTo(bulk(masters.get(0).id()));
            assertThat(client.call("CLUSTER", "KEYSLOT", "sample2")).isEqualTo(":12364\r\n");
            assertThat(client.call("CLUSTER", "KEYSLOT", "{user1000}.following")).isEqualTo(":3443\r\n");
            assertThat(client.call("CLUSTER", "KEYSLOT", "foo{}{bar}")).isEqualTo(":8363\r\n");
            assertThat(client.call("CLUSTER", "COUNTKEYSINSLOT", "9189")).isEqualTo(":0\r\n");
            assertThat(client.call("CLUSTER", "GETKEYSINSLOT", "9189", "10")).isEqualTo("*0\r\n");
        }
    }

    @Test
    void clusterInfoAndNodesAreVerbatimInResp3() {
        try (RespClient client = connect(masters.get(1))) {
            client.call("HELLO", "3");
            assertThat(client.call("CLUSTER", "INFO")).startsWith("=").contains("\r\ntxt:cluster_state:ok\r\n");
            assertThat(client.call("CLUSTER", "NODES")).startsWith("=").contains("\r\ntxt:");
        }
    }

    @Test
    void clusterReplicasListsTheReplicaLine() {
        try (RespClient client = connect(masters.get(0))) {
            assertThat(client.call("CLUSTER", "REPLICAS", masters.get(0).id()))
                    .isEqualTo("*1\r\n" + bulk(nodeLine(replicas.get(0), false, "")));
            assertThat(client.call("CLUSTER", "SLAVES", masters.get(0).id()))
                    .isEqualTo("*1\r\n" + bulk(nodeLine(replicas.get(0), false, "")));
            assertThat(client.call("CLUSTER", "REPLICAS", "nosuchnode")).isEqualTo("-ERR Unknown node nosuchnode\r\n");
            assertThat(client.call("CLUSTER", "REPLICAS", replicas.get(0).id()))
                    .isEqualTo("-ERR The specified node is not a master\r\n");
        }
    }

    @Test
    void helloThreeAnswersAsTheTranscript() {
        try (RespClient client = connect(masters.get(0))) {
            String reply = client.call("HELLO", "3");
            assertThat(reply).matches("%7\r\n\\$6\r\nserver\r\n\\$5\r\nredis\r\n\\$7\r\nversion\r\n\\$6\r\n7\\.0\\.15\r\n"
                    + "\\$5\r\nproto\r\n:3\r\n\\$2\r\nid\r\n:\\d+\r\n\\$4\r\nmode\r\n\\$7\r\ncluster\r\n"
                    + "\\$4\r\nrole\r\n\\$6\r\nmaster\r\n\\$7\r\nmodules\r\n\\*0\r\n");
        }
    }

    @Test
    void errorsOfTheTranscript() {
        try (RespClient client = connect(masters.get(0))) {
            assertThat(client.call("SELECT", "1")).isEqualTo("-ERR SELECT is not allowed in cluster mode\r\n");
            assertThat(client.call("SELECT", "0")).isEqualTo("+OK\r\n");
            assertThat(client.call("FOO")).isEqualTo("-ERR unknown command 'FOO', with args beginning with: \r\n");
            assertThat(client.call("GET")).isEqualTo("-ERR wrong number of arguments for 'get' command\r\n");
            assertThat(client.call("MSET", "a", "1", "b", "2")).isEqualTo("-CROSSSLOT Keys in request don't hash to the same slot\r\n");
            assertThat(client.call("MSET", "{t}a", "1", "{t}b", "2")).isEqualTo("-MOVED 15891 127.0.0.1:" + masters.get(2).port() + "\r\n");
            assertThat(client.call("SET", "sample2", "1")).isEqualTo("-MOVED 12364 127.0.0.1:" + masters.get(2).port() + "\r\n");
            assertThat(client.call("PING")).isEqualTo("+PONG\r\n");
            assertThat(client.call("ECHO", "hi")).isEqualTo("$2\r\nhi\r\n");
            assertThat(client.call("CLUSTER", "FOO")).isEqualTo("-ERR unknown subcommand 'FOO'. Try CLUSTER HELP.\r\n");
            assertThat(client.call("CLUSTER", "NODES", "x")).isEqualTo("-ERR wrong number of arguments for 'cluster|nodes' command\r\n");
            assertThat(client.call("CLUSTER")).isEqualTo("-ERR wrong number of arguments for 'cluster' command\r\n");
        }
    }

    @Test
    void replicaRedirectsUntilReadonlyAndWritesAlways() {
        try (RespClient client = connect(replicas.get(0))) {
            String moved = "-MOVED 47 127.0.0.1:" + masters.get(0).port() + "\r\n";
            assertThat(client.call("GET", "sample1")).isEqualTo(moved);
            assertThat(client.call("SET", "sample1", "2")).isEqualTo(moved);
            assertThat(client.call("READONLY")).isEqualTo("+OK\r\n");
            assertThat(client.call("GET", "sample2")).isEqualTo("-MOVED 12364 127.0.0.1:" + masters.get(2).port() + "\r\n");
            assertThat(client.call("SET", "sample1", "3")).isEqualTo(moved);
            assertThat(client.call("READWRITE")).isEqualTo("+OK\r\n");
            assertThat(client.call("GET", "sample1")).isEqualTo(moved);
        }
    }
}
