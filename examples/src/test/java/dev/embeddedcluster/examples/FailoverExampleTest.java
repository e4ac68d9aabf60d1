package dev.embeddedcluster.examples;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.junit.RedisCluster;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Code that must survive a master's death: the master is killed, its replica takes over after the
 * node timeout, and a client with adaptive topology refresh finds the acknowledged write there.
 * The extension restarts the node and puts the layout back after each test.
 */
@RedisCluster(nodeTimeoutMillis = 200)
class FailoverExampleTest {
    private static final String KEY = "order:42";

    private RedisClusterClient client;
    private StatefulRedisClusterConnection<String, String> connection;

    @BeforeEach
    void connect(List<URI> seeds) {
        client = RedisClusterClient.create(RedisURI.create(seeds.get(0)));
        client.setOptions(ClusterClientOptions.builder()
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enableAllAdaptiveRefreshTriggers()
                        .adaptiveRefreshTriggersTimeout(Duration.ofMillis(100)) // default: at most one refresh in 30 s
                        .build())
                .build());
        connection = client.connect();
        connection.setTimeout(Duration.ofSeconds(1));
    }

    @AfterEach
    void disconnect() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    @Test
    void aWriteAcknowledgedByTheReplicaSurvivesTheMastersDeath(EmbeddedRedisCluster cluster) {
        ClusterNode master = cluster.masterForKey(KEY);
        connection.sync().set(KEY, "paid");
        assertThat(connection.getConnection(master.host(), master.port()).sync().waitForReplication(1, 1000)).isEqualTo(1);

        cluster.kill(master);
        ClusterNode promoted = cluster.awaitFailover(master, Duration.ofSeconds(5));

        assertThat(cluster.masterForKey(KEY)).isEqualTo(promoted);
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> "paid".equals(connection.sync().get(KEY)));
    }

    @Test
    void theFormerMasterComesBackAsAReplica(EmbeddedRedisCluster cluster) {
        ClusterNode master = cluster.masterForKey(KEY);
        cluster.kill(master);
        ClusterNode promoted = cluster.awaitFailover(master, Duration.ofSeconds(5));

        cluster.restart(master, true);

        assertThat(cluster.replicasOf(promoted)).containsExactly(master);
    }
}
