package dev.embeddedcluster.e2e;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link EmbeddedRedisCluster#stopRunningScripts()} stops a script at once, however young: before
 * busy-reply-threshold (5 s by default) the node's own thread still waits for the script, so the
 * stop must reach the script without it.
 */
class StopRunningScriptsIT {
    private static EmbeddedRedisCluster cluster;

    @BeforeAll
    static void start() {
        cluster = EmbeddedRedisCluster.builder().masters(1).replicasPerMaster(0).build().start();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void aScriptYoungerThanTheBusyThresholdIsStoppedAtOnce() throws Exception {
        ClusterNode node = cluster.nodes().get(0);
        CompletableFuture<String> caller = CompletableFuture.supplyAsync(() -> {
            try (Jedis jedis = new Jedis(node.host(), node.port(), 30_000)) {
                jedis.eval("redis.call('set', KEYS[1], 'v') while true do end", List.of("k"), List.of());
                return "returned";
            } catch (JedisDataException e) {
                return e.getMessage();
            }
        });
        long startNanos = System.nanoTime();
        // Until the node has read the EVAL there is nothing to stop; then the stop must not wait for BUSY.
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(5)).until(() -> cluster.stopRunningScripts() == 1);
        assertThat(caller.get(2, TimeUnit.SECONDS)).startsWith("ERR Script killed by user with SCRIPT KILL");
        assertThat(Duration.ofNanos(System.nanoTime() - startNanos)).isLessThan(Duration.ofSeconds(2));
        try (Jedis jedis = new Jedis(node.host(), node.port())) {
            assertThat(jedis.ping()).isEqualTo("PONG");
            assertThat(jedis.configGet("busy-reply-threshold")).containsEntry("busy-reply-threshold", "5000");
        }
    }
}
