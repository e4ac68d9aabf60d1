package dev.embeddedcluster.cluster;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.SlotMigration;
import dev.embeddedcluster.testing.RespClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What clients see when a slot moves or a master fails over: blocked clients told MOVED or
 * UNBLOCKED (never left hanging), shard subscribers told with sunsubscribe, keys and their TTLs
 * following MIGRATE to the new master and its replicas, and MIGRATE's own replies and errors.
 */
class TopologyChangeIT {
    private static final int FOO_SLOT = 12182;
    private static final String UNBLOCKED =
            "-UNBLOCKED force unblock from blocking operation, instance state changed (master -> replica?)\r\n";

    private EmbeddedRedisCluster cluster;
    private ClusterNode m1;
    private ClusterNode m2;
    private ClusterNode m3;

    @BeforeEach
    void start() {
        cluster = EmbeddedRedisCluster.builder().build().start();
        m1 = cluster.masters().get(0);
        m2 = cluster.masters().get(1);
        m3 = cluster.masters().get(2);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void aClientBlockedOnASlotThatMovesIsRedirectedAndKeepsItsConnection() {
        try (RespClient blocked = connect(m3); RespClient replicaReader = connect(cluster.replicasOf(m3).get(0))) {
            blocked.send("BLPOP", "{foo}queue", "0");
            replicaReader.call("READONLY");
            replicaReader.send("XREAD", "BLOCK", "0", "STREAMS", "{foo}stream", "$");
            awaitBlockedClients(m3, 1);
            cluster.migrateSlot(FOO_SLOT, m2);
            String moved = "-MOVED " + FOO_SLOT + " 127.0.0.1:" + m2.port() + "\r\n";
            assertThat(blocked.readReply()).isEqualTo(moved);
            assertThat(replicaReader.readReply()).isEqualTo(moved);
            assertThat(blocked.call("PING")).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void clientsBlockedOnAMasterThatFailsOverGetUnblockedAndAreDisconnected() {
        try (RespClient pop = connect(m1); RespClient wait = connect(m1); RespClient other = connect(m2)) {
            pop.send("BLPOP", "{sample1}list", "0");
            assertThat(wait.call("SET", "{sample1}x", "1")).isEqualTo("+OK\r\n");
            wait.send("WAIT", "5", "0");
            other.send("BLPOP", "{c}other", "0");
            awaitBlockedClients(m1, 2);
            cluster.failover(cluster.replicasOf(m1).get(0));
            assertThat(pop.readReply()).isEqualTo(UNBLOCKED);
            assertThat(pop.closedByServer()).isTrue();
            assertThat(wait.readReply()).isEqualTo(UNBLOCKED);
            assertThat(wait.closedByServer()).isTrue();
            try (RespClient pusher = connect(m2)) {
                assertThat(pusher.call("RPUSH", "{c}other", "v")).isEqualTo(":1\r\n");
            }
            assertThat(other.readReply()).as("a client of another shard stays blocked until served")
                    .isEqualTo("*2\r\n$8\r\n{c}other\r\n$1\r\nv\r\n");
        }
    }

    @Test
    void shardSubscribersAreUnsubscribedWhenTheirSlotLeavesTheShard() {
        ClusterNode replica = cluster.replicasOf(m3).get(0);
        try (RespClient onMaster = connect(m3); RespClient onReplica = connect(replica)) {
            assertThat(onMaster.call("SSUBSCRIBE", "{foo}news")).isEqualTo("*3\r\n$10\r\nssubscribe\r\n$9\r\n{foo}news\r\n:1\r\n");
            assertThat(onMaster.call("SSUBSCRIBE", "stays")).isEqualTo("*3\r\n$10\r\nssubscribe\r\n$5\r\nstays\r\n:2\r\n");
            assertThat(onReplica.call("HELLO", "3")).startsWith("%");
            assertThat(onReplica.call("SSUBSCRIBE", "{foo}news")).isEqualTo(">3\r\n$10\r\nssubscribe\r\n$9\r\n{foo}news\r\n:1\r\n");
            cluster.migrateSlot(FOO_SLOT, m2);
            assertThat(onMaster.readReply()).isEqualTo("*3\r\n$12\r\nsunsubscribe\r\n$9\r\n{foo}news\r\n:1\r\n");
            assertThat(onReplica.readReply()).isEqualTo(">3\r\n$12\r\nsunsubscribe\r\n$9\r\n{foo}news\r\n:0\r\n");
            assertThat(onReplica.call("PING")).isEqualTo("+PONG\r\n");
            try (RespClient publisher = connect(m3)) {
                assertThat(publisher.call("SPUBLISH", "stays", "hello")).isEqualTo(":1\r\n");
            }
            assertThat(onMaster.readReply()).isEqualTo("*3\r\n$8\r\nsmessage\r\n$5\r\nstays\r\n$5\r\nhello\r\n");
        }
    }

    @Test
    void aFailoverUnsubscribesTheShardsSubscribersOnBothNodes() {
        ClusterNode replica = cluster.replicasOf(m1).get(0);
        try (RespClient onMaster = connect(m1); RespClient onReplica = connect(replica)) {
            assertThat(onMaster.call("SSUBSCRIBE", "{sample1}chat")).endsWith(":1\r\n");
            assertThat(onReplica.call("SSUBSCRIBE", "{sample1}chat")).endsWith(":1\r\n");
            cluster.failover(replica);
            String sunsubscribe = "*3\r\n$12\r\nsunsubscribe\r\n$13\r\n{sample1}chat\r\n:0\r\n";
            assertThat(onMaster.readReply()).isEqualTo(sunsubscribe);
            assertThat(onReplica.readReply()).isEqualTo(sunsubscribe);
        }
    }

    @Test
    void migrateMovesKeysWithTheirTtlsToTheTargetAndItsReplicas() {
        try (RespClient source = connect(m3); RespClient target = connect(m2)) {
            source.call("SET", "foo", "bar", "PX", "100000");
            source.call("RPUSH", "{foo}list", "a", "b");
            source.call("SET", "{foo}kept", "x");
            SlotMigration migration = cluster.beginSlotMigration(FOO_SLOT, m2);
            assertThat(migration.migrateKeys("foo", "{foo}list", "{foo}absent")).isEqualTo(2);
            assertThat(source.call("EXISTS", "{foo}kept")).isEqualTo(":1\r\n");
            assertThat(source.call("EXISTS", "foo", "{foo}kept")).isEqualTo("-TRYAGAIN Multiple keys request during rehashing of slot\r\n");
            assertThat(source.call("GET", "foo")).isEqualTo("-ASK " + FOO_SLOT + " 127.0.0.1:" + m2.port() + "\r\n");
            migration.finish();
            assertThat(target.call("GET", "foo")).isEqualTo("$3\r\nbar\r\n");
            assertThat(target.call("LRANGE", "{foo}list", "0", "-1")).isEqualTo("*2\r\n$1\r\na\r\n$1\r\nb\r\n");
            assertThat(target.call("GET", "{foo}kept")).isEqualTo("$1\r\nx\r\n");
            long ttl = Long.parseLong(target.call("PTTL", "foo").trim().substring(1));
            assertThat(ttl).isBetween(1L, 100000L);
            assertThat(source.call("CLUSTER", "COUNTKEYSINSLOT", Integer.toString(FOO_SLOT))).isEqualTo(":0\r\n");
        }
        try (RespClient targetReplica = connect(cluster.replicasOf(m2).get(0));
             RespClient sourceReplica = connect(cluster.replicasOf(m3).get(0))) {
            targetReplica.call("READONLY");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> targetReplica.call("GET", "foo").equals("$3\r\nbar\r\n"));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> sourceReplica.call("DBSIZE").equals(":0\r\n"));
        }
    }

    @Test
    void migrateRepliesAndErrorsAsRedisDoes() throws Exception {
        String target = Integer.toString(m2.port());
        try (RespClient source = connect(m3); RespClient importer = connect(m2)) {
            source.call("SET", "foo", "bar");
            source.call("SET", "{foo}2", "two");
            source.call("SET", "{foo}select", "s");
            source.call("SET", "{foo}3", "three");
            assertThat(source.call("MIGRATE", "127.0.0.1", target, "foo", "0", "1000"))
                    .isEqualTo("-ERR Target instance replied with error: MOVED " + FOO_SLOT + " 127.0.0.1:" + m3.port() + "\r\n");
            importer.call("CLUSTER", "SETSLOT", Integer.toString(FOO_SLOT), "IMPORTING", m3.id());
            source.call("CLUSTER", "SETSLOT", Integer.toString(FOO_SLOT), "MIGRATING", m2.id());
            assertThat(source.call("MIGRATE", "127.0.0.1", target, "", "0", "1000", "KEYS", "{foo}a", "{foo}b"))
                    .isEqualTo("+NOKEY\r\n");
            assertThat(source.call("MIGRATE", "127.0.0.1", target, "foo", "0", "1000", "KEYS", "foo"))
                    .isEqualTo("-ERR When using MIGRATE KEYS option, the key argument must be set to the empty string\r\n");
            assertThat(source.call("MIGRATE", "127.0.0.1", target, "foo", "0", "1000", "bogus")).isEqualTo("-ERR syntax error\r\n");
            assertThat(source.call("MIGRATE", "127.0.0.1", target, "foo", "0", "1000", "AUTH")).isEqualTo("-ERR syntax error\r\n");
            assertThat(source.call("MIGRATE", "127.0.0.1", target, "foo", "0", "abc"))
                    .isEqualTo("-ERR value is not an integer or out of range\r\n");
            assertThat(source.call("MIGRATE", "127.0.0.1", target, "{foo}select", "1", "1000"))
                    .isEqualTo("-ERR Target instance replied with error: ERR SELECT is not allowed in cluster mode\r\n");
            assertThat(source.call("MIGRATE", "127.0.0.1", Integer.toString(closedPort()), "foo", "0", "1000"))
                    .isEqualTo("-IOERR error or timeout writing to target instance\r\n");
            assertThat(source.call("MIGRATE", "127.0.0.1", target, "foo", "0", "1000", "COPY")).isEqualTo("+OK\r\n");
            assertThat(source.call("GET", "foo")).isEqualTo("$3\r\nbar\r\n");
            source.call("SET", "foo", "newer");
            assertThat(source.call("MIGRATE", "127.0.0.1", target, "", "0", "1000", "KEYS", "{foo}2", "foo"))
                    .isEqualTo("-ERR Target instance replied with error: BUSYKEY Target key name already exists.\r\n");
            assertThat(source.call("EXISTS", "foo")).as("the key the target refused stays").isEqualTo(":1\r\n");
            assertThat(source.call("EXISTS", "{foo}2")).as("the key the target took is gone")
                    .isEqualTo("-ASK " + FOO_SLOT + " 127.0.0.1:" + m2.port() + "\r\n");
            assertThat(source.call("MIGRATE", "127.0.0.1", target, "foo", "0", "1000", "REPLACE")).isEqualTo("+OK\r\n");
            assertThat(importer.call("ASKING")).isEqualTo("+OK\r\n");
            assertThat(importer.call("GET", "foo")).isEqualTo("$5\r\nnewer\r\n");
            assertThat(source.call("MIGRATE", "127.0.0.1", target, "{foo}3", "0", "1000", "AUTH", "secret"))
                    .as("an AUTH error fails every key, which the source keeps")
                    .isEqualTo("-ERR Target instance replied with error: ERR AUTH <password> called without any password"
                            + " configured for the default user. Are you sure your configuration is correct?\r\n");
            assertThat(source.call("GET", "{foo}3")).isEqualTo("$5\r\nthree\r\n");
        }
    }

    @Test
    void aMasterLeftWithoutSlotsBecomesWithItsReplicaAReplicaOfTheNewOwnerAndGetsItsData() {
        try (EmbeddedRedisCluster small = EmbeddedRedisCluster.builder().slotRanges(java.util.List.of(
                java.util.List.of(dev.embeddedcluster.SlotRange.of(0, 1)), java.util.List.of(dev.embeddedcluster.SlotRange.of(2, 10000)),
                java.util.List.of(dev.embeddedcluster.SlotRange.of(10001, 16383)))).build().start()) {
            ClusterNode emptied = small.masters().get(0);
            ClusterNode owner = small.masters().get(1);
            ClusterNode emptiedReplica = small.replicasOf(emptied).get(0);
            try (RespClient toOwner = connect(owner)) {
                assertThat(toOwner.call("SET", "c", "owner's")).isEqualTo("+OK\r\n");
            }
            small.migrateSlot(0, owner);
            assertThat(small.node(emptied.id()).isMaster()).isTrue();
            small.migrateSlot(1, owner);
            assertThat(small.node(emptied.id()).masterId()).contains(owner.id());
            assertThat(small.node(emptiedReplica.id()).masterId()).contains(owner.id());
            assertThat(small.replicasOf(owner)).hasSize(3);
            for (ClusterNode replica : java.util.List.of(emptied, emptiedReplica)) {
                try (RespClient client = connect(replica)) {
                    assertThat(client.call("ROLE")).startsWith("*5\r\n$5\r\nslave\r\n$9\r\n127.0.0.1\r\n:" + owner.port() + "\r\n");
                    client.call("READONLY");
                    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                            .until(() -> client.call("GET", "c").equals("$7\r\nowner's\r\n"));
                }
            }
            try (RespClient toOwner = connect(owner)) {
                assertThat(toOwner.call("SET", "c", "later")).isEqualTo("+OK\r\n");
                assertThat(toOwner.call("WAIT", "3", "5000")).isEqualTo(":3\r\n");
            }
            small.restoreTopology();
            assertThat(small.masters()).extracting(ClusterNode::id).contains(emptied.id());
            assertThat(small.node(emptied.id()).slots()).containsExactly(dev.embeddedcluster.SlotRange.of(0, 1));
            assertThat(small.replicasOf(small.node(emptied.id()))).extracting(ClusterNode::id).containsExactly(emptiedReplica.id());
            assertThat(small.masterForKey("c")).isEqualTo(owner);
            try (RespClient toEmptied = connect(emptied)) {
                assertThat(toEmptied.call("DBSIZE")).isEqualTo(":0\r\n");
                assertThat(toEmptied.call("SET", "emj", "1")).as("slot 1 is its own again").isEqualTo("+OK\r\n");
            }
        }
    }

    @Test
    void theApiRefusesWhatRedisWouldRefuse() {
        ClusterNode replica = cluster.replicasOf(m2).get(0);
        assertThatThrownBy(() -> cluster.beginSlotMigration(FOO_SLOT, replica)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cluster.beginSlotMigration(FOO_SLOT, m3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cluster.failover(m1)).isInstanceOf(IllegalArgumentException.class);
        try (RespClient client = connect(m1)) {
            assertThat(client.call("SET", "sample1", "v")).isEqualTo("+OK\r\n");
            String slot = Integer.toString(EmbeddedRedisCluster.slotOf("sample1"));
            assertThat(client.call("CLUSTER", "SETSLOT", slot, "NODE", m2.id()))
                    .isEqualTo("-ERR Can't assign hashslot " + slot + " to a different node while I still hold keys for this hash slot.\r\n");
            assertThat(client.call("CLUSTER", "SETSLOT", "0", "MIGRATING", replica.id())).isEqualTo("-ERR Target node is not a master\r\n");
            assertThat(client.call("CLUSTER", "SETSLOT", Integer.toString(FOO_SLOT), "MIGRATING", m2.id()))
                    .isEqualTo("-ERR I'm not the owner of hash slot " + FOO_SLOT + "\r\n");
        }
        try (RespClient client = connect(replica)) {
            assertThat(client.call("CLUSTER", "SETSLOT", "0", "STABLE")).isEqualTo("-ERR Please use SETSLOT only with masters.\r\n");
            assertThat(client.call("CLUSTER", "FAILOVER", "maybe")).isEqualTo("-ERR syntax error\r\n");
        }
    }

    private void awaitBlockedClients(ClusterNode node, int count) {
        try (RespClient probe = connect(node)) {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> probe.call("INFO", "clients").contains("blocked_clients:" + count + "\r\n"));
        }
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static RespClient connect(ClusterNode node) {
        return new RespClient(node.host(), node.port());
    }
}
