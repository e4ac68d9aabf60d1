package dev.embeddedcluster.e2e;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.testing.RedisCli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** The real redis-cli binary against the emulator: inline input, cluster mode, and --cluster check. */
@Tag("live") // needs the redis-cli binary: runs with -Dcompare.live=true
class RedisCliIT {
    private static EmbeddedRedisCluster cluster;
    private static ClusterNode first;

    @BeforeAll
    static void start() {
        cluster = EmbeddedRedisCluster.builder().build().start();
        first = cluster.masters().get(0);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static String cli(String stdin, String... args) throws IOException, InterruptedException {
        return RedisCli.run(first.host(), first.port(), stdin, 20, args);
    }

    @Test
    void pipedInlineCommands() throws Exception {
        String out = cli("SET sample1 hello\r\nGET sample1\r\nSET sample2 x\r\nPING\r\n");
        // redis-cli follows an error with a blank line when its output is not a terminal
        assertThat(out.lines()).containsExactly("OK", "hello", "MOVED 12364 127.0.0.1:" + cluster.masterForKey("sample2").port(), "", "PONG");
    }

    @Test
    void clusterModeFollowsRedirects() throws Exception {
        for (int i = 0; i < 30; i++) {
            assertThat(cli(null, "-c", "SET", "cli:" + i, "v" + i).trim()).isEqualTo("OK");
        }
        for (int i = 0; i < 30; i++) {
            assertThat(cli(null, "-c", "GET", "cli:" + i).trim()).isEqualTo("v" + i);
        }
    }

    @Test
    void clusterCheckReportsAgreementAndFullCoverage() throws Exception {
        String out = cli(null, "--cluster", "check", first.host() + ":" + first.port());
        assertThat(out).contains("All nodes agree about slots configuration.").contains("All 16384 slots covered.");
        assertThat(out).doesNotContain("[ERR]").doesNotContain("[WARNING]");
    }
}
