package dev.embeddedcluster.junit;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A test that leaves an endless script running (one that wrote, so SCRIPT KILL refuses it) does
 * not leave its node busy for the next test: the script is stopped and its caller told.
 */
@RedisCluster
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LeftoverScriptTest {
    private static final String KEY = "leftover-script";
    /** Opened before the tests, so that it stays open between them. */
    private static RawConnection scriptCaller;

    @BeforeAll
    static void connect(EmbeddedRedisCluster cluster) throws IOException {
        scriptCaller = new RawConnection(cluster.masterForKey(KEY));
    }

    @AfterAll
    static void disconnect() throws IOException {
        scriptCaller.close();
    }

    @Test
    @Order(1)
    void leavesAnEndlessScriptThatWrote(EmbeddedRedisCluster cluster) throws IOException {
        ClusterNode node = cluster.masterForKey(KEY);
        try (RawConnection other = new RawConnection(node)) {
            assertThat(other.call("CONFIG SET busy-reply-threshold 50")).isEqualTo("+OK");
            scriptCaller.send("EVAL \"redis.call('set', KEYS[1], 'v') while true do end\" 1 " + KEY);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            String ping;
            while (!(ping = other.call("PING")).startsWith("-BUSY") && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(ping).startsWith("-BUSY");
            assertThat(other.call("SCRIPT KILL")).startsWith("-UNKILLABLE");
        }
    }

    @Test
    @Order(2)
    void findsTheNodeServingAndTheScriptStopped(EmbeddedRedisCluster cluster) throws IOException {
        assertThat(scriptCaller.readReply()).startsWith("-ERR Script killed by user with SCRIPT KILL");
        try (RawConnection other = new RawConnection(cluster.masterForKey(KEY))) {
            assertThat(other.call("PING")).isEqualTo("+PONG");
            assertThat(other.call("GET " + KEY)).isEqualTo("$-1");
            assertThat(other.callArray("CONFIG GET busy-reply-threshold")).containsExactly("busy-reply-threshold", "5000");
        }
        assertThat(cluster.stopRunningScripts()).isZero();
    }
}
