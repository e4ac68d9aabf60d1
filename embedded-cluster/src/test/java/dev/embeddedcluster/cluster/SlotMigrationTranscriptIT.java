package dev.embeddedcluster.cluster;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.ManualClock;
import dev.embeddedcluster.testing.RespClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The migration and failover sections of the reference transcripts (a real Redis 7.0.15
 * cluster), driven with the same commands and compared byte for byte, with this run's ids and
 * ports: SETSLOT IMPORTING/MIGRATING, ASK, TRYAGAIN, MIGRATE, SETSLOT NODE and its epoch bump,
 * then CLUSTER FAILOVER on a replica.
 */
class SlotMigrationTranscriptIT {
    private static final long NOW = 1795548245483L;
    private EmbeddedRedisCluster cluster;
    private ClusterNode m1;
    private ClusterNode m2;
    private ClusterNode m3;

    @BeforeEach
    void start() {
        cluster = EmbeddedRedisCluster.builder().clock(new ManualClock(Instant.ofEpochMilli(NOW))).build().start();
        List<ClusterNode> masters = cluster.masters();
        m1 = masters.get(0);
        m2 = masters.get(1);
        m3 = masters.get(2);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void slotMovesWithAskTryagainAndMigrateThenTheImporterTakesANewEpoch() {
        try (RespClient source = connect(m3); RespClient target = connect(m2); RespClient other = connect(m1)) {
            assertThat(source.call("SET", "foo", "bar")).isEqualTo("+OK\r\n");
            assertThat(source.call("CLUSTER", "KEYSLOT", "foo")).isEqualTo(":12182\r\n");
            assertThat(target.call("CLUSTER", "SETSLOT", "12182", "IMPORTING", m3.id())).isEqualTo("+OK\r\n");
            assertThat(source.call("CLUSTER", "SETSLOT", "12182", "MIGRATING", m2.id())).isEqualTo("+OK\r\n");

            assertThat(source.call("GET", "foo")).isEqualTo("$3\r\nbar\r\n");
            assertThat(source.call("GET", "{foo}missing")).isEqualTo("-ASK 12182 127.0.0.1:" + m2.port() + "\r\n");
            assertThat(source.call("SET", "{foo}new", "1")).isEqualTo("-ASK 12182 127.0.0.1:" + m2.port() + "\r\n");
            assertThat(source.call("MGET", "foo", "{foo}missing"))
                    .isEqualTo("-TRYAGAIN Multiple keys request during rehashing of slot\r\n");
            assertThat(myselfLine(source)).endsWith(" connected 10923-16383 [12182->-" + m2.id() + "]");

            assertThat(target.call("GET", "foo")).isEqualTo("-MOVED 12182 127.0.0.1:" + m3.port() + "\r\n");
            assertThat(target.call("ASKING")).isEqualTo("+OK\r\n");
            assertThat(target.call("GET", "{foo}missing")).isEqualTo("$-1\r\n");
            assertThat(target.call("ASKING")).isEqualTo("+OK\r\n");
            assertThat(target.call("SET", "{foo}new", "1")).isEqualTo("+OK\r\n");
            assertThat(target.call("ASKING")).isEqualTo("+OK\r\n");
            assertThat(target.call("GET", "foo")).isEqualTo("$-1\r\n");
            assertThat(target.call("GET", "{foo}new")).as("ASKING lasts one command")
                    .isEqualTo("-MOVED 12182 127.0.0.1:" + m3.port() + "\r\n");
            assertThat(myselfLine(target)).endsWith(" connected 5461-10922 [12182-<-" + m3.id() + "]");

            assertThat(source.call("MIGRATE", "127.0.0.1", Integer.toString(m2.port()), "", "0", "5000", "KEYS", "foo"))
                    .isEqualTo("+OK\r\n");
            assertThat(source.call("GET", "foo")).isEqualTo("-ASK 12182 127.0.0.1:" + m2.port() + "\r\n");
            assertThat(source.call("CLUSTER", "GETKEYSINSLOT", "12182", "10")).isEqualTo("*0\r\n");
            assertThat(target.call("ASKING")).isEqualTo("+OK\r\n");
            assertThat(target.call("GET", "foo")).isEqualTo("$3\r\nbar\r\n");

            assertThat(target.call("CLUSTER", "SETSLOT", "12182", "NODE", m2.id())).isEqualTo("+OK\r\n");
            assertThat(source.call("CLUSTER", "SETSLOT", "12182", "NODE", m2.id())).isEqualTo("+OK\r\n");
            assertThat(source.call("GET", "foo")).isEqualTo("-MOVED 12182 127.0.0.1:" + m2.port() + "\r\n");
            assertThat(target.call("GET", "foo")).isEqualTo("$3\r\nbar\r\n");

            String nodes = other.call("CLUSTER", "NODES");
            assertThat(nodes).contains(m2.id() + " 127.0.0.1:" + m2.port() + "@" + (m2.port() + 10000)
                    + " master - 0 " + NOW + " 7 connected 5461-10922 12182\n");
            assertThat(nodes).contains(m3.id() + " 127.0.0.1:" + m3.port() + "@" + (m3.port() + 10000)
                    + " master - 0 " + NOW + " 3 connected 10923-12181 12183-16383\n");
            ClusterNode m2Replica = cluster.replicasOf(m2).get(0);
            assertThat(nodes).contains(" slave " + m2.id() + " 0 " + NOW + " 7 connected\n");
            assertThat(other.call("CLUSTER", "INFO")).contains("cluster_current_epoch:7\r\n", "cluster_my_epoch:1\r\n");
            String slots = other.call("CLUSTER", "SLOTS");
            assertThat(slots).startsWith("*5\r\n*4\r\n:0\r\n:5460\r\n")
                    .contains(":10923\r\n:12181\r\n", ":12183\r\n:16383\r\n")
                    .contains("*4\r\n:12182\r\n:12182\r\n*4\r\n$9\r\n127.0.0.1\r\n:" + m2.port() + "\r\n$40\r\n" + m2.id()
                            + "\r\n*0\r\n*4\r\n$9\r\n127.0.0.1\r\n:" + m2Replica.port() + "\r\n");
        }
    }

    @Test
    void manualFailoverSwapsRolesAndTheFormerMasterRedirects() {
        ClusterNode replica = cluster.replicasOf(m1).get(0);
        try (RespClient master = connect(m1); RespClient promoted = connect(replica)) {
            String sample = "sample1";
            assertThat(master.call("SET", sample, "8")).isEqualTo("+OK\r\n");
            assertThat(promoted.call("CLUSTER", "FAILOVER")).isEqualTo("+OK\r\n");
            await().atMost(java.time.Duration.ofSeconds(5)).until(() -> promoted.call("ROLE").startsWith("*3\r\n$6\r\nmaster"));

            String offset = promoted.call("ROLE").split("\r\n")[3].substring(1);
            assertThat(promoted.call("ROLE")).isEqualTo("*3\r\n$6\r\nmaster\r\n:" + offset + "\r\n*1\r\n*3\r\n$9\r\n127.0.0.1\r\n$"
                    + Integer.toString(m1.port()).length() + "\r\n" + m1.port() + "\r\n$" + offset.length() + "\r\n" + offset + "\r\n");
            assertThat(master.call("ROLE")).isEqualTo("*5\r\n$5\r\nslave\r\n$9\r\n127.0.0.1\r\n:" + replica.port()
                    + "\r\n$9\r\nconnected\r\n:" + offset + "\r\n");
            String nodes = promoted.call("CLUSTER", "NODES");
            assertThat(nodes).contains(replica.id() + " 127.0.0.1:" + replica.port() + "@" + (replica.port() + 10000)
                    + " myself,master - 0 " + NOW / 1000 * 1000 + " 7 connected 0-5460\n");
            assertThat(nodes).contains(m1.id() + " 127.0.0.1:" + m1.port() + "@" + (m1.port() + 10000)
                    + " slave " + replica.id() + " 0 " + NOW + " 7 connected\n");
            assertThat(promoted.call("CLUSTER", "INFO")).contains("cluster_state:ok\r\n", "cluster_size:3\r\n",
                    "cluster_current_epoch:7\r\n", "cluster_my_epoch:7\r\n");
            assertThat(master.call("SET", sample, "9")).isEqualTo("-MOVED 47 127.0.0.1:" + replica.port() + "\r\n");
            assertThat(promoted.call("GET", sample)).isEqualTo("$1\r\n8\r\n");
            assertThat(promoted.call("SET", sample, "9")).isEqualTo("+OK\r\n");
            await().atMost(java.time.Duration.ofSeconds(5)).until(() -> {
                master.call("READONLY");
                return master.call("GET", sample).equals("$1\r\n9\r\n");
            });
        }
    }

    private static String myselfLine(RespClient client) {
        String nodes = client.call("CLUSTER", "NODES");
        return nodes.lines().filter(line -> line.contains("myself")).findFirst().orElseThrow();
    }

    private static RespClient connect(ClusterNode node) {
        return new RespClient(node.host(), node.port());
    }
}
