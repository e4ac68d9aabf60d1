package dev.embeddedcluster.e2e;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisDataException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * CLIENT PAUSE, UNPAUSE and UNBLOCK seen by Jedis's cluster client: a pause holds the writes of
 * the paused node only, and a write comes back once it ends; reads go on meanwhile.
 */
class ClientPauseClusterIT {
    private static EmbeddedRedisCluster cluster;
    private static JedisCluster jedis;

    @BeforeAll
    static void start() {
        cluster = EmbeddedRedisCluster.builder().build().start();
        jedis = new JedisCluster(cluster.seeds().stream().map(HostAndPort::from).collect(Collectors.toSet()),
                2000, 2000, 5, null, null, new org.apache.commons.pool2.impl.GenericObjectPoolConfig<>());
    }

    @AfterAll
    static void stop() {
        jedis.close();
        cluster.close();
    }

    @AfterEach
    void unpauseAll() {
        for (ClusterNode node : cluster.masters()) {
            try (Jedis direct = connect(node)) {
                direct.sendCommand(Protocol.Command.CLIENT, "UNPAUSE");
            }
        }
        cluster.flushAll();
    }

    @Test
    void aWriteDuringAWritePauseReturnsAfterItWhileReadsAndOtherNodesAnswerAtOnce() {
        ClusterNode paused = cluster.masterForKey("paused");
        String elsewhere = keyNotOn(paused);
        jedis.set("paused", "before");
        long start = System.nanoTime();
        try (Jedis direct = connect(paused)) {
            direct.sendCommand(Protocol.Command.CLIENT, "PAUSE", "300", "WRITE");
        }
        assertThat(jedis.get("paused")).isEqualTo("before");
        jedis.set(elsewhere, "v");
        assertThat(millisSince(start)).isLessThan(250);

        jedis.set("paused", "after");
        assertThat(millisSince(start)).isGreaterThanOrEqualTo(290);
        assertThat(jedis.get("paused")).isEqualTo("after");
    }

    @Test
    void unpauseReleasesTheHeldWriteAtOnce() throws Exception {
        ClusterNode paused = cluster.masterForKey("held");
        try (Jedis direct = connect(paused)) {
            direct.sendCommand(Protocol.Command.CLIENT, "PAUSE", "10000", "WRITE");
            CompletableFuture<Long> write = CompletableFuture.supplyAsync(() -> jedis.incr("held"));
            Thread.sleep(150);
            assertThat(write).isNotDone();
            direct.sendCommand(Protocol.Command.CLIENT, "UNPAUSE");
            assertThat(write.get(2, TimeUnit.SECONDS)).isEqualTo(1);
        }
    }

    @Test
    void unblockEndsABlockingPopWithNullOrAnError() throws Exception {
        ClusterNode node = cluster.masterForKey("queue");
        try (Jedis blocked = connect(node); Jedis other = connect(node)) {
            long id = blocked.clientId();
            CompletableFuture<java.util.List<String>> pop = CompletableFuture.supplyAsync(() -> blocked.blpop(5, "queue"));
            awaitBlocked(other, id);
            assertThat(other.sendCommand(Protocol.Command.CLIENT, "UNBLOCK", Long.toString(id))).isEqualTo(1L);
            assertThat(pop.get(2, TimeUnit.SECONDS)).isNull();

            CompletableFuture<java.util.List<String>> again = CompletableFuture.supplyAsync(() -> blocked.blpop(5, "queue"));
            awaitBlocked(other, id);
            assertThat(other.sendCommand(Protocol.Command.CLIENT, "UNBLOCK", Long.toString(id), "ERROR")).isEqualTo(1L);
            assertThatThrownBy(() -> again.get(2, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(JedisDataException.class)
                    .hasMessageContaining("UNBLOCKED client unblocked via CLIENT UNBLOCK");
            assertThat(blocked.ping()).isEqualTo("PONG");
        }
    }

    /** Waits until CLIENT LIST shows the client blocked (flag b). */
    private static void awaitBlocked(Jedis other, long id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (!other.clientList().matches("(?s).*id=" + id + " [^\\n]*flags=b.*")) {
            assertThat(System.nanoTime()).as("client %d blocked within 2 s", id).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private static String keyNotOn(ClusterNode node) {
        for (int i = 0; ; i++) {
            if (!cluster.masterForKey("other" + i).equals(node)) {
                return "other" + i;
            }
        }
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static Jedis connect(ClusterNode node) {
        return new Jedis(node.host(), node.port(), 5000);
    }
}
