package dev.embeddedcluster.e2e;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisConnectionException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A slowed node answers every command late, in order, while it keeps serving. */
class SlowNodeIT {
    private static EmbeddedRedisCluster cluster;
    private static ClusterNode node;

    @BeforeAll
    static void start() {
        cluster = EmbeddedRedisCluster.builder().masters(1).replicasPerMaster(0).build().start();
        node = cluster.nodes().get(0);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @AfterEach
    void undo() {
        cluster.releaseFaults();
    }

    @Test
    void eachReplyTakesTheDelayUntilUndone() {
        try (Jedis jedis = new Jedis(node.host(), node.port(), 5000)) {
            jedis.ping();
            cluster.slowNode(node, Duration.ofMillis(200));
            assertThat(timed(jedis::ping)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
            assertThat(timed(() -> jedis.set("k", "v"))).isGreaterThanOrEqualTo(Duration.ofMillis(200));

            cluster.unslowNode(node);
            assertThat(timed(jedis::ping)).isLessThan(Duration.ofMillis(200));
            assertThat(jedis.get("k")).isEqualTo("v");
        }
    }

    @Test
    void repliesStayInOrder() {
        try (Jedis jedis = new Jedis(node.host(), node.port(), 5000)) {
            cluster.slowNode(node, Duration.ofMillis(20));
            Pipeline pipeline = jedis.pipelined();
            List<Response<Long>> replies = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                replies.add(pipeline.incr("counter"));
                if (i == 50) {
                    pipeline.sync();
                    cluster.unslowNode(node);
                }
            }
            pipeline.sync();
            for (int i = 0; i < 100; i++) {
                assertThat(replies.get(i).get()).isEqualTo(i + 1);
            }
            jedis.del("counter");
        }
    }

    @Test
    void aClientTimeoutFires() {
        try (Jedis jedis = new Jedis(node.host(), node.port(), 100)) {
            jedis.ping();
            cluster.slowNode(node, Duration.ofMillis(500));
            assertThatThrownBy(jedis::ping).isInstanceOf(JedisConnectionException.class);
        }
        cluster.releaseFaults();
        try (Jedis jedis = new Jedis(node.host(), node.port(), 1000)) {
            assertThat(jedis.ping()).isEqualTo("PONG");
        }
    }

    private static Duration timed(Runnable call) {
        long start = System.nanoTime();
        call.run();
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
