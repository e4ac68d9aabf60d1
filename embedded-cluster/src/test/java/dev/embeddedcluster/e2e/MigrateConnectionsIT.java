package dev.embeddedcluster.e2e;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.SlotMigration;
import dev.embeddedcluster.testing.RespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * MIGRATE between our nodes goes through the target's real port on a connection the source keeps
 * (INFO's migrate_cached_sockets), closed after 10 seconds unused, as Redis does; and while the
 * target is slow to answer, the migrating client waits but the node serves its other clients.
 */
class MigrateConnectionsIT {
    private static EmbeddedRedisCluster cluster;

    @BeforeAll
    static void start() {
        cluster = EmbeddedRedisCluster.builder().masters(2).replicasPerMaster(0).build().start();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static String cachedSockets(RespClient client) {
        return Arrays.stream(client.call("INFO", "stats").split("\r\n"))
                .filter(l -> l.startsWith("migrate_cached_sockets:")).findFirst().orElseThrow();
    }

    @Test
    void keepsTheConnectionToTheTargetUntilItIsIdle() {
        String key = "migrated";
        int slot = EmbeddedRedisCluster.slotOf(key);
        ClusterNode source = cluster.masterForSlot(slot);
        ClusterNode target = cluster.masters().stream().filter(m -> !m.equals(source)).findFirst().orElseThrow();
        try (RespClient setup = new RespClient(source.host(), source.port())) {
            assertThat(setup.call("SET", key, "value", "PX", "600000")).isEqualTo("+OK\r\n");
        }
        SlotMigration migration = cluster.beginSlotMigration(slot, target);
        try (RespClient client = new RespClient(source.host(), source.port());
             RespClient onTarget = new RespClient(target.host(), target.port())) {
            assertThat(cachedSockets(client)).isEqualTo("migrate_cached_sockets:0");
            assertThat(client.call("MIGRATE", target.host(), Integer.toString(target.port()), key, "0", "5000"))
                    .isEqualTo("+OK\r\n");
            // Gone from the migrating source: it sends the key's clients to the target.
            assertThat(client.call("GET", key)).startsWith("-ASK " + slot + " ");
            onTarget.call("ASKING");
            assertThat(onTarget.call("GET", key)).isEqualTo("$5\r\nvalue\r\n");
            assertThat(cachedSockets(client)).isEqualTo("migrate_cached_sockets:1");
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                    .until(() -> cachedSockets(client).equals("migrate_cached_sockets:0"));
        } finally {
            migration.finish();
        }
    }

    @Test
    void theNodeServesOthersWhileTheTargetIsSlow() throws Exception {
        ClusterNode node = cluster.masters().get(0);
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             RespClient migrating = new RespClient(node.host(), node.port());
             RespClient other = new RespClient(node.host(), node.port())) {
            String key = keyServedBy(node);
            migrating.call("SET", key, "v");
            long started = System.nanoTime();
            migrating.send("MIGRATE", "127.0.0.1", Integer.toString(silent.getLocalPort()), key, "0", "1500");
            try (Socket accepted = silent.accept()) {
                assertThat(other.call("PING")).isEqualTo("+PONG\r\n");
                assertThat(other.call("GET", key)).isEqualTo("$1\r\nv\r\n");
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1500));
                assertThat(migrating.readReply()).isEqualTo("-IOERR error or timeout reading to target instance\r\n");
            }
            assertThat(migrating.call("EXISTS", key)).isEqualTo(":1\r\n");
            assertThat(other.call("CLIENT", "LIST")).contains("cmd=client");
        }
    }

    private static String keyServedBy(ClusterNode node) {
        for (int i = 0; ; i++) {
            String key = "slow" + i;
            if (cluster.masterForSlot(EmbeddedRedisCluster.slotOf(key)).equals(node)) {
                return key;
            }
        }
    }
}
