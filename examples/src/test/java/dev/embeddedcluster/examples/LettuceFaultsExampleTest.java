package dev.embeddedcluster.examples;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.ManualClock;
import dev.embeddedcluster.junit.RedisCluster;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Lettuce with adaptive topology refresh through the death, the stop and the partition of a master:
 * errors while the cluster has not failed it over yet, then success on the promoted replica; cut off
 * by a partition, the master goes on acknowledging writes that the heal discards. The cluster's
 * clock stands still until the test moves it past the node timeout, so the window between the
 * fault and the failover stays open as long as the test needs it, however loaded the machine.
 */
@RedisCluster(manualClock = true, nodeTimeoutMillis = LettuceFaultsExampleTest.NODE_TIMEOUT_MILLIS)
class LettuceFaultsExampleTest {
    static final long NODE_TIMEOUT_MILLIS = 5000;
    private static final Duration PAST_THE_NODE_TIMEOUT = Duration.ofMillis(NODE_TIMEOUT_MILLIS + 1);
    private static final String KEY = "order:42";
    private static final String CLUSTERDOWN = "CLUSTERDOWN The cluster is down";

    private RedisClusterClient client;
    private StatefulRedisClusterConnection<String, String> connection;
    private RedisAdvancedClusterCommands<String, String> redis;

    @BeforeEach
    void connect(List<URI> seeds) {
        RedisURI seed = RedisURI.create(seeds.get(0));
        seed.setTimeout(Duration.ofMillis(500));
        client = RedisClusterClient.create(seed);
        client.setOptions(ClusterClientOptions.builder()
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        // a killed node's failed reconnects and MOVED replies trigger a refresh
                        .enableAllAdaptiveRefreshTriggers()
                        .adaptiveRefreshTriggersTimeout(Duration.ofMillis(100)) // default: at most one refresh in 30 s
                        // a paused node drops no connection and sends no MOVED: only a periodic refresh sees its failover
                        .enablePeriodicRefresh(Duration.ofMillis(500))
                        .build())
                .build());
        connection = client.connect();
        redis = connection.sync();
    }

    @AfterEach
    void disconnect() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    @Test
    void aWriteAcknowledgedByTheReplicaSurvivesTheKillOfItsMaster(EmbeddedRedisCluster cluster, ManualClock clock) {
        ClusterNode master = cluster.masterForKey(KEY);
        ClusterNode replica = cluster.replicasOf(master).get(0);
        redis.set(KEY, "paid");
        assertThat(onNode(master).waitForReplication(1, 1000)).as("WAIT 1: the replica has the write").isEqualTo(1);

        // The process dies: its connections are reset, new ones refused. Until the node timeout the
        // other nodes still route its slots to it. Lettuce keeps the command while it reconnects, in vain.
        cluster.kill(master);
        await().atMost(Duration.ofSeconds(5)).until(() -> !connection.getConnection(master.host(), master.port()).isOpen());
        assertThatThrownBy(() -> redis.get(KEY)).isInstanceOf(RedisCommandTimeoutException.class);

        // After the node timeout the nodes flag it fail? then fail (CLUSTERDOWN until a replica is
        // elected, about a second on a real cluster), and its replica takes the slots with a new epoch.
        clock.advance(PAST_THE_NODE_TIMEOUT);
        ClusterNode promoted = cluster.awaitFailover(master, Duration.ofSeconds(10));
        assertThat(promoted).isEqualTo(replica);

        // Lettuce's failed reconnects trigger a refresh: the slot now routes to the promoted replica.
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> "paid".equals(redis.get(KEY)));
        assertThat(redis.set(KEY, "shipped")).isEqualTo("OK");
        assertThat(onNode(promoted).get(KEY)).isEqualTo("shipped");
    }

    @Test
    void aPausedMasterTimesTheClientOutUntilItsReplicaTakesOver(EmbeddedRedisCluster cluster, ManualClock clock) {
        ClusterNode master = cluster.masterForKey(KEY);
        redis.set(KEY, "paid");
        assertThat(onNode(master).waitForReplication(1, 1000)).isEqualTo(1);

        // SIGSTOP: the connections stay open, the node reads what it is sent and answers nothing.
        cluster.pause(master);
        assertThatThrownBy(() -> redis.get(KEY)).isInstanceOf(RedisCommandTimeoutException.class);

        // Past the node timeout it is failed over as a dead one would be.
        clock.advance(PAST_THE_NODE_TIMEOUT);
        ClusterNode promoted = cluster.awaitFailover(master, Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> "paid".equals(redis.get(KEY)));
        assertThat(redis.set(KEY, "shipped")).isEqualTo("OK");

        // SIGCONT: it learns from the others that its slots have a newer owner and follows it as a replica.
        cluster.resume(master);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            client.refreshPartitions();
            RedisClusterNode former = client.getPartitions().getPartitionByNodeId(master.id());
            assertThat(former.is(RedisClusterNode.NodeFlag.REPLICA)).isTrue();
            assertThat(former.getSlaveOf()).isEqualTo(promoted.id());
        });
    }

    @Test
    void theKilledMasterRestartedComesBackAsAReplicaOfThePromotedOne(EmbeddedRedisCluster cluster, ManualClock clock) {
        ClusterNode master = cluster.masterForKey(KEY);
        redis.set(KEY, "paid");
        cluster.kill(master);
        clock.advance(PAST_THE_NODE_TIMEOUT);
        ClusterNode promoted = cluster.awaitFailover(master, Duration.ofSeconds(10));

        // Restarted with its data (its persistence files), it finds its slots taken with a newer epoch,
        // replicates their new owner and resynchronizes from it.
        cluster.restart(master, true);

        assertThat(cluster.replicasOf(promoted)).containsExactly(master);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            client.refreshPartitions();
            assertThat(client.getPartitions().getPartitionByNodeId(master.id()).getSlaveOf()).isEqualTo(promoted.id());
        });
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> "paid".equals(redis.get(KEY)));
    }

    @Test
    void aWriteTheCutOffMasterAcknowledgedAloneIsGoneOnceThePartitionHeals(EmbeddedRedisCluster cluster, ManualClock clock) {
        ClusterNode master = cluster.masterForKey(KEY);
        ClusterNode replica = cluster.replicasOf(master).get(0);
        redis.set(KEY, "placed");
        assertThat(onNode(master).waitForReplication(1, 1000)).as("WAIT 1: the replica has the write").isEqualTo(1);

        // The network cuts the master off from the other nodes; clients still reach it. Until the node
        // timeout nobody notices: it acknowledges writes its replica never gets.
        cluster.isolate(master);
        assertThat(redis.set(KEY, "paid")).isEqualTo("OK");
        assertThat(onNode(master).waitForReplication(1, 100)).as("WAIT 1: no replica has it").isZero();

        // Past the node timeout the majority flags it fail and promotes its replica, which never got
        // "paid"; the cut-off master, reaching no majority of the masters, refuses every key.
        clock.advance(PAST_THE_NODE_TIMEOUT);
        ClusterNode promoted = cluster.awaitFailover(master, Duration.ofSeconds(10));
        assertThat(promoted).isEqualTo(replica);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThatThrownBy(() -> onNode(master).get(KEY))
                .isInstanceOf(RedisCommandExecutionException.class).hasMessage(CLUSTERDOWN));

        // CLUSTERDOWN triggers no adaptive refresh; the periodic one does. Each refresh adopts the view of
        // one node, drawn at random among the views that know every node (Lettuce's KnownMajority): the
        // five on the majority side route the slot to the promoted replica, the cut-off master's own to
        // itself. Until the heal Lettuce goes back and forth (refreshPartitions() here for many draws fast).
        Set<String> seen = ConcurrentHashMap.newKeySet();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            client.refreshPartitions();
            seen.add(valueOrError(() -> redis.get(KEY)));
            return seen.size() >= 2;
        });
        assertThat(seen).containsExactlyInAnyOrder("placed", CLUSTERDOWN);

        // Gossip resumes: the promoted replica's newer epoch wins the slot, the former master becomes its
        // replica and resynchronizes from it, dropping "paid". Holding the cut-off master's view or
        // not, Lettuce gets the value: the former master answers MOVED to the promoted one.
        cluster.heal();
        assertThat(redis.get(KEY)).as("the write acknowledged during the partition is gone").isEqualTo("placed");
        assertThat(redis.set(KEY, "shipped")).isEqualTo("OK");
        assertThat(onNode(promoted).get(KEY)).isEqualTo("shipped");
        assertThat(onNode(promoted).waitForReplication(1, 1000)).as("WAIT 1: the former master replicates it").isEqualTo(1);
        client.refreshPartitions();
        assertThat(client.getPartitions().getMasterBySlot(SlotHash.getSlot(KEY)).getNodeId()).isEqualTo(promoted.id());
        assertThat(client.getPartitions().getPartitionByNodeId(master.id()).getSlaveOf()).isEqualTo(promoted.id());
    }

    /** The value, or the message of the error the node answered. */
    private static String valueOrError(Callable<String> command) throws Exception {
        try {
            return command.call();
        } catch (RedisCommandExecutionException e) {
            return e.getMessage();
        }
    }

    private RedisClusterCommands<String, String> onNode(ClusterNode node) {
        return connection.getConnection(node.host(), node.port()).sync();
    }
}
