package dev.embeddedcluster.replication;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.ReplicationMode;
import dev.embeddedcluster.testing.RespClient;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** In synchronous mode a master's reply to a write comes only once every replica applied it. */
class SynchronousReplicationIT {

    @Test
    void everyReplicaHasTheWriteWhenItsReplyArrives() {
        try (EmbeddedRedisCluster cluster = EmbeddedRedisCluster.builder().replicasPerMaster(2)
                .replicationMode(ReplicationMode.SYNCHRONOUS).build().start()) {
            ClusterNode master = cluster.masterForKey("counter");
            List<ClusterNode> replicas = cluster.replicasOf(master);
            try (Jedis m = new Jedis(master.host(), master.port(), 2000);
                 Jedis r1 = new Jedis(replicas.get(0).host(), replicas.get(0).port(), 2000);
                 Jedis r2 = new Jedis(replicas.get(1).host(), replicas.get(1).port(), 2000)) {
                r1.readonly();
                r2.readonly();
                for (int i = 1; i <= 300; i++) {
                    assertThat(m.incr("counter")).isEqualTo(i);
                    assertThat(r1.get("counter")).isEqualTo(Integer.toString(i));
                    assertThat(r2.get("counter")).isEqualTo(Integer.toString(i));
                }
                List<Object> role = m.role();
                long offset = (Long) role.get(1);
                @SuppressWarnings("unchecked")
                List<List<Object>> acked = (List<List<Object>>) role.get(2);
                assertThat(acked).extracting(r -> r.get(2)).containsOnly(Long.toString(offset));
            }
        }
    }

    @Test
    void commandsPipelinedAfterAWriteAnswerInOrder() {
        try (EmbeddedRedisCluster cluster = EmbeddedRedisCluster.builder()
                .replicationMode(ReplicationMode.SYNCHRONOUS).build().start()) {
            ClusterNode master = cluster.masterForKey("k");
            try (RespClient client = new RespClient(master.host(), master.port())) {
                client.sendRaw("SET k v1\r\nGET k\r\nSET k v2\r\nPING\r\nGET k\r\n".getBytes());
                assertThat(List.of(client.readReply(), client.readReply(), client.readReply(), client.readReply(),
                        client.readReply())).containsExactly("+OK\r\n", "$2\r\nv1\r\n", "+OK\r\n", "+PONG\r\n", "$2\r\nv2\r\n");
            }
        }
    }

    @Test
    void mastersWithoutReplicasReplyAtOnce() {
        try (EmbeddedRedisCluster cluster = EmbeddedRedisCluster.builder().replicasPerMaster(0)
                .replicationMode(ReplicationMode.SYNCHRONOUS).build().start()) {
            ClusterNode master = cluster.masterForKey("k");
            try (Jedis m = new Jedis(master.host(), master.port(), 2000)) {
                assertThat(m.set("k", "v")).isEqualTo("OK");
                assertThat(m.get("k")).isEqualTo("v");
            }
        }
    }
}
