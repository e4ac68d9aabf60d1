package dev.embeddedcluster.examples;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.junit.RedisCluster;
import io.lettuce.core.ReadFrom;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Code that reads from replicas meets stale data, and code that needs a write to be safe waits
 * for it with WAIT: a held or lagged replica shows both, and a slow node fires client timeouts.
 * The extension releases every fault after each test.
 */
@RedisCluster
class ReplicaLagExampleTest {
    private static final String KEY = "price:teapot";

    private RedisClusterClient client;
    private StatefulRedisClusterConnection<String, String> writes;
    private StatefulRedisClusterConnection<String, String> replicaReads;

    @BeforeEach
    void connect(List<URI> seeds) {
        client = RedisClusterClient.create(RedisURI.create(seeds.get(0)));
        writes = client.connect();
        replicaReads = client.connect();
        replicaReads.setReadFrom(ReadFrom.REPLICA);
    }

    @AfterEach
    void disconnect() {
        replicaReads.close();
        writes.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    @Test
    void aHeldReplicaServesStaleDataAndWaitTellsTheWriteIsNotReplicated(EmbeddedRedisCluster cluster) {
        ClusterNode master = cluster.masterForKey(KEY);
        ClusterNode replica = cluster.replicasOf(master).get(0);
        var onMaster = writes.getConnection(master.host(), master.port()).sync();
        writes.sync().set(KEY, "10");
        assertThat(onMaster.waitForReplication(1, 1000)).isEqualTo(1);

        cluster.holdReplica(replica);
        writes.sync().set(KEY, "12");

        assertThat(replicaReads.sync().get(KEY)).isEqualTo("10");
        assertThat(onMaster.waitForReplication(1, 100)).isZero();

        cluster.releaseReplica(replica);
        assertThat(replicaReads.sync().get(KEY)).isEqualTo("12");
        assertThat(onMaster.waitForReplication(1, 1000)).isEqualTo(1);
    }

    @Test
    void aLaggedReplicaCatchesUpAfterItsDelay(EmbeddedRedisCluster cluster) {
        ClusterNode replica = cluster.replicasOf(cluster.masterForKey(KEY)).get(0);
        cluster.lagReplica(replica, Duration.ofMillis(300));
        writes.sync().set(KEY, "15");

        await().between(Duration.ofMillis(150), Duration.ofSeconds(2))
                .until(() -> "15".equals(replicaReads.sync().get(KEY)));
        await().atMost(Duration.ofSeconds(2)).until(() -> cluster.replicaCaughtUp(replica));
    }

    @Test
    void aSlowNodeMakesTheClientTimeOut(EmbeddedRedisCluster cluster) {
        writes.setTimeout(Duration.ofMillis(200));
        writes.sync().set(KEY, "10");
        cluster.slowNode(cluster.masterForKey(KEY), Duration.ofSeconds(1));

        assertThatThrownBy(() -> writes.sync().get(KEY)).isInstanceOf(RedisCommandTimeoutException.class);

        cluster.unslowNode(cluster.masterForKey(KEY));
        await().atMost(Duration.ofSeconds(3)).ignoreExceptions().until(() -> "10".equals(writes.sync().get(KEY)));
    }
}
