package dev.embeddedcluster.examples;

import dev.embeddedcluster.junit.RedisCluster;
import io.lettuce.core.ReadFrom;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.protocol.ProtocolVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A read-mostly catalogue on Lettuce over RESP3, reading from replicas, against the in-JVM cluster. */
@RedisCluster
class LettuceClusterExampleTest {
    private static RedisClusterClient client;
    private static StatefulRedisClusterConnection<String, String> connection;

    @BeforeAll
    static void connect(List<URI> seeds) {
        client = RedisClusterClient.create(RedisURI.create(seeds.get(0)));
        client.setOptions(ClusterClientOptions.builder().protocolVersion(ProtocolVersion.RESP3).build());
        connection = client.connect();
    }

    @AfterAll
    static void disconnect() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    @Test
    void writesGoToMastersAndReadsCanComeFromReplicas() throws Exception {
        connection.sync().set("product:1", "teapot");
        connection.async().set("product:2", "kettle").get();
        try (StatefulRedisClusterConnection<String, String> replicas = client.connect()) {
            replicas.setReadFrom(ReadFrom.REPLICA_PREFERRED);
            // WAIT on the key's master makes the write visible on its replica before it is read there
            String master = client.getPartitions().getPartitionBySlot(SlotHash.getSlot("product:1")).getNodeId();
            assertThat(connection.getConnection(master).sync().waitForReplication(1, 1000)).isEqualTo(1);
            assertThat(replicas.sync().get("product:1")).isEqualTo("teapot");
        }
        assertThat(connection.sync().get("product:2")).isEqualTo("kettle");
    }
}
