package dev.embeddedcluster.e2e;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisMovedDataException;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The address nodes give clients, as Redis's cluster-announce-ip: from the builder, and by CONFIG SET. */
class AnnounceAddressIT {

    @Test
    void nodesAnnounceTheAddressTheyAreGiven() {
        try (EmbeddedRedisCluster cluster = EmbeddedRedisCluster.builder().masters(2).replicasPerMaster(0)
                .announceAddress("10.1.2.3").build().start();
             Jedis jedis = new Jedis("127.0.0.1", cluster.nodes().get(0).port())) {
            ClusterNode other = cluster.nodes().get(1);
            assertThat(cluster.nodes()).extracting(ClusterNode::host).containsOnly("10.1.2.3");
            assertThat(jedis.clusterNodes()).contains(" 10.1.2.3:" + cluster.nodes().get(0).port() + "@");
            assertThat(jedis.configGet("cluster-announce-ip")).containsEntry("cluster-announce-ip", "10.1.2.3");
            assertThat(jedis.configGet("bind")).containsEntry("bind", "127.0.0.1");
            String keyOfOther = keyInSlot(jedis, other.slots().get(0).start());
            assertThatThrownBy(() -> jedis.get(keyOfOther)).isInstanceOfSatisfying(JedisMovedDataException.class,
                    moved -> assertThat(moved.getTargetNode()).isEqualTo(new HostAndPort("10.1.2.3", other.port())));
        }
    }

    private static String keyInSlot(Jedis jedis, int slot) {
        for (int i = 0; ; i++) {
            if (jedis.clusterKeySlot("k" + i) == slot) {
                return "k" + i;
            }
        }
    }

    @Test
    void configSetAnnouncesAnotherAddressToEveryNodeUntilReset() {
        try (EmbeddedRedisCluster cluster = EmbeddedRedisCluster.builder().masters(1).replicasPerMaster(1).build().start();
             Jedis master = new Jedis("127.0.0.1", cluster.masters().get(0).port());
             Jedis replica = new Jedis("127.0.0.1", cluster.replicas().get(0).port())) {
            String masterAddress = ":" + cluster.masters().get(0).port() + "@";
            assertThat(master.configGet("cluster-announce-ip")).containsEntry("cluster-announce-ip", "");
            assertThat(master.configSet("cluster-announce-ip", "10.9.9.9")).isEqualTo("OK");
            assertThat(replica.clusterNodes()).contains(" 10.9.9.9" + masterAddress);
            assertThat(master.configSet("cluster-announce-ip", "")).isEqualTo("OK");
            assertThat(replica.clusterNodes()).contains(" 127.0.0.1" + masterAddress);

            master.configSet("cluster-announce-ip", "10.9.9.9");
            cluster.restoreConfig();
            assertThat(replica.clusterNodes()).contains(" 127.0.0.1" + masterAddress).doesNotContain("10.9.9.9");
            assertThat(List.copyOf(master.configGet("cluster-announce-ip").values())).containsExactly("");
        }
    }
}
