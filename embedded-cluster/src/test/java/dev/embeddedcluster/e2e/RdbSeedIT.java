package dev.embeddedcluster.e2e;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.testing.RespClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A six-node cluster seeded from an RDB file that redis-server 7.0.15 wrote (SAVE, fixture
 * rdb/seed-7.0.15.rdb: 200 strings user:0..199, a list, two sets, a sorted set, a hash, a stream
 * with a group, a key expiring in 2100, one without expiry, and one already expired when saved):
 * every key is on its slot's master and on that master's replica, the expired one skipped.
 */
class RdbSeedIT {
    static final Path FIXTURE = Path.of("src/test/resources/rdb/seed-7.0.15.rdb");

    @Test
    void everyKeyIsOnItsSlotsMasterAndItsReplicas() {
        try (EmbeddedRedisCluster cluster = EmbeddedRedisCluster.builder().rdb(FIXTURE).build().start()) {
            long total = 0;
            for (ClusterNode master : cluster.masters()) {
                try (RespClient client = new RespClient(master.host(), master.port())) {
                    long size = Long.parseLong(client.call("DBSIZE").substring(1).trim());
                    assertThat(size).isPositive();
                    total += size;
                    assertThat(client.call("INFO", "persistence")).contains("rdb_last_load_keys_loaded:" + size + "\r\n")
                            .contains("rdb_last_load_keys_expired:1\r\n");
                    for (ClusterNode replica : cluster.replicasOf(master)) {
                        try (RespClient onReplica = new RespClient(replica.host(), replica.port())) {
                            assertThat(onReplica.call("DBSIZE")).isEqualTo(":" + size + "\r\n");
                        }
                    }
                }
            }
            assertThat(total).isEqualTo(208);
            for (int i = 0; i < 200; i += 37) {
                assertThat(onMasterOf(cluster, "user:" + i, "GET", "user:" + i)).isEqualTo("$" + ("name-" + i).length()
                        + "\r\nname-" + i + "\r\n");
            }
            assertThat(onMasterOf(cluster, "list", "LRANGE", "list", "0", "-1")).isEqualTo(
                    "*6\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n");
            assertThat(onMasterOf(cluster, "intset", "OBJECT", "ENCODING", "intset")).isEqualTo("$6\r\nintset\r\n");
            assertThat(onMasterOf(cluster, "set", "SCARD", "set")).isEqualTo(":3\r\n");
            assertThat(onMasterOf(cluster, "zset", "ZSCORE", "zset", "b")).isEqualTo("$3\r\n2.5\r\n");
            assertThat(onMasterOf(cluster, "hash", "HGET", "hash", "f2")).isEqualTo("$2\r\nv2\r\n");
            assertThat(onMasterOf(cluster, "stream", "XLEN", "stream")).isEqualTo(":2\r\n");
            assertThat(onMasterOf(cluster, "stream", "XINFO", "GROUPS", "stream")).contains("grp");
            assertThat(onMasterOf(cluster, "until2100", "PEXPIRETIME", "until2100")).isEqualTo(":4102444800000\r\n");
            assertThat(onMasterOf(cluster, "forever", "TTL", "forever")).isEqualTo(":-1\r\n");
            assertThat(onMasterOf(cluster, "gone", "EXISTS", "gone")).isEqualTo(":0\r\n");
            ClusterNode replica = cluster.replicasOf(cluster.masterForKey("hash")).get(0);
            try (RespClient onReplica = new RespClient(replica.host(), replica.port())) {
                onReplica.call("READONLY");
                assertThat(onReplica.call("HGET", "hash", "f1")).isEqualTo("$2\r\nv1\r\n");
            }
            // the replicas keep following their masters
            onMasterOf(cluster, "hash", "HSET", "hash", "f3", "v3");
            try (RespClient onReplica = new RespClient(replica.host(), replica.port())) {
                onReplica.call("READONLY");
                await().atMost(Duration.ofSeconds(5)).until(() -> onReplica.call("HLEN", "hash").equals(":3\r\n"));
            }
        }
    }

    @Test
    void aFileWithKeysInAnotherDatabaseIsRefused(@TempDir Path dir) throws Exception {
        // REDIS0010, SELECTDB 1, a string k = v, EOF, a zero checksum (not checked)
        byte[] file = concat("REDIS0010".getBytes(StandardCharsets.US_ASCII),
                new byte[] {(byte) 0xfe, 1, 0, 1, 'k', 1, 'v', (byte) 0xff, 0, 0, 0, 0, 0, 0, 0, 0});
        Path rdb = Files.write(dir.resolve("db1.rdb"), file);
        assertThatThrownBy(() -> EmbeddedRedisCluster.builder().rdb(rdb).build().start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the RDB file " + rdb + " has keys in database 1: a cluster node has database 0 only, "
                        + "and Redis in cluster mode refuses to load such a file");
        Path damaged = Files.write(dir.resolve("damaged.rdb"), "REDIS0010\u00fe".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> EmbeddedRedisCluster.builder().rdb(damaged).build().start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("cannot read the RDB file " + damaged);
        assertThatThrownBy(() -> EmbeddedRedisCluster.builder().rdb(FIXTURE).bare(true).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String onMasterOf(EmbeddedRedisCluster cluster, String key, String... command) {
        ClusterNode master = cluster.masterForKey(key);
        try (RespClient client = new RespClient(master.host(), master.port())) {
            return client.call(command);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
