package dev.embeddedcluster.e2e;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.testing.RedisCli;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

import java.time.Duration;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator's tools against the emulator: {@code redis-cli --cluster reshard} moves slots and
 * their keys with CLUSTER SETSLOT and MIGRATE, and {@code CLUSTER FAILOVER} sent by redis-cli
 * promotes a replica; {@code --cluster check} agrees with the result each time.
 */
@Tag("live") // needs the redis-cli binary: runs with -Dcompare.live=true
class RedisCliReshardIT {
    private EmbeddedRedisCluster cluster;

    @BeforeEach
    void start() {
        cluster = EmbeddedRedisCluster.builder().build().start();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void reshardMovesSlotsWithTheirKeysThenAFailoverKeepsThemServed() throws Exception {
        ClusterNode from = cluster.masters().get(0);
        ClusterNode to = cluster.masters().get(1);
        try (JedisCluster jedis = new JedisCluster(HostAndPort.from(cluster.seeds().get(0)))) {
            IntStream.range(0, 300).forEach(i -> jedis.set("key:" + i, "v" + i));

            String out = RedisCli.run(from.host(), from.port(), null, 60, "--cluster", "reshard", from.address(),
                    "--cluster-from", from.id(), "--cluster-to", to.id(), "--cluster-slots", "100", "--cluster-yes");
            assertThat(out).contains("Moving slot 99 from " + from.address() + " to " + to.address());
            assertThat(out).doesNotContain("[ERR]");
            IntStream.range(0, 100).forEach(slot -> assertThat(cluster.masterForSlot(slot)).isEqualTo(to));
            assertAgreementAndCoverage(from);
            IntStream.range(0, 300).forEach(i -> assertThat(jedis.get("key:" + i)).isEqualTo("v" + i));

            ClusterNode replica = cluster.replicasOf(to).get(0);
            assertThat(RedisCli.run(replica.host(), replica.port(), null, 20, "CLUSTER", "FAILOVER").trim()).isEqualTo("OK");
            await().atMost(Duration.ofSeconds(5)).until(() -> cluster.masterForSlot(0).equals(replica));
            assertAgreementAndCoverage(replica);
            IntStream.range(0, 300).forEach(i -> assertThat(jedis.get("key:" + i)).isEqualTo("v" + i));
        }
    }

    private static void assertAgreementAndCoverage(ClusterNode node) throws Exception {
        String check = RedisCli.run(node.host(), node.port(), null, 20, "--cluster", "check", node.address());
        assertThat(check).contains("All nodes agree about slots configuration.", "All 16384 slots covered.",
                "[OK] 300 keys in 3 masters.");
        assertThat(check).doesNotContain("[ERR]").doesNotContain("[WARNING]");
    }
}
