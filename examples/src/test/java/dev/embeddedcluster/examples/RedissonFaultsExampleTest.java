package dev.embeddedcluster.examples;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.ManualClock;
import dev.embeddedcluster.examples.support.RootCauses;
import dev.embeddedcluster.junit.RedisCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.BatchOptions;
import org.redisson.api.BatchResult;
import org.redisson.api.RBatch;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNodes;
import org.redisson.client.RedisClusterDownException;
import org.redisson.client.RedisException;
import org.redisson.client.RedisResponseTimeoutException;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.redisson.config.ReadMode;
import redis.clients.jedis.Jedis;

import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Redisson through the death, the stop and the partition of a master: errors while the cluster has
 * not failed it over, then success on the promoted replica once Redisson's topology scan has seen
 * it; cut off by a partition, the master goes on acknowledging writes that the heal discards. The
 * cluster's clock stands still until the test moves it past the node timeout, so the window between
 * the fault and the failover stays open as long as the test needs it, however loaded the machine.
 */
@RedisCluster(manualClock = true, nodeTimeoutMillis = RedissonFaultsExampleTest.NODE_TIMEOUT_MILLIS)
class RedissonFaultsExampleTest {
    static final long NODE_TIMEOUT_MILLIS = 5000;
    private static final Duration PAST_THE_NODE_TIMEOUT = Duration.ofMillis(NODE_TIMEOUT_MILLIS + 1);
    private static final String KEY = "order:42";
    private static final String CLUSTERDOWN = "CLUSTERDOWN The cluster is down";

    private RedissonClient redisson;
    private RBucket<String> order;

    @BeforeEach
    void connect(List<URI> seeds) {
        Config config = new Config();
        config.setCodec(StringCodec.INSTANCE);
        config.useClusterServers()
                .addNodeAddress(seeds.stream().map(URI::toString).toArray(String[]::new))
                .setReadMode(ReadMode.MASTER)   // the default reads from replicas, which would hide the master's fault
                .setScanInterval(200)           // how often it reads CLUSTER NODES (default 5 s)
                .setTimeout(500)
                .setConnectTimeout(500)
                .setRetryAttempts(1)
                .setRetryInterval(1000);        // also how long it waits for a connection before its retry
        redisson = Redisson.create(config);
        order = redisson.getBucket(KEY);
    }

    @AfterEach
    void disconnect() {
        redisson.shutdown();
    }

    @Test
    void aWriteAcknowledgedByTheReplicaSurvivesTheKillOfItsMaster(EmbeddedRedisCluster cluster, ManualClock clock) {
        ClusterNode master = cluster.masterForKey(KEY);
        ClusterNode replica = cluster.replicasOf(master).get(0);
        RBatch write = redisson.createBatch(BatchOptions.defaults().sync(1, Duration.ofSeconds(1)));   // followed by WAIT 1 1000
        write.<String>getBucket(KEY).setAsync("paid");
        BatchResult<?> acknowledged = write.execute();
        assertThat(acknowledged.getSyncedSlaves()).as("WAIT 1: the replica has the write").isEqualTo(1);

        // The process dies: its connections are reset, new ones refused. Until the node timeout the
        // other nodes still route its slots to it: Redisson's retry is refused too.
        cluster.kill(master);
        Throwable refused = catchThrowable(() -> order.set("shipped"));
        assertThat(refused).isInstanceOf(RedisException.class);
        assertThat(RootCauses.of(refused)).isNotEmpty().allMatch(ConnectException.class::isInstance);

        // After the node timeout the nodes flag it fail? then fail (CLUSTERDOWN until a replica is
        // elected, about a second on a real cluster), and its replica takes the slots with a new epoch.
        clock.advance(PAST_THE_NODE_TIMEOUT);
        assertThat(cluster.awaitFailover(master, Duration.ofSeconds(10))).isEqualTo(replica);

        // Redisson's next scan of CLUSTER NODES shows the slots' new master.
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> "paid".equals(order.get()));
        order.set("shipped");
        try (Jedis promoted = new Jedis(replica.host(), replica.port())) {
            assertThat(promoted.get(KEY)).isEqualTo("shipped");
        }
    }

    @Test
    void aPausedMasterTimesTheClientOutUntilItsReplicaTakesOver(EmbeddedRedisCluster cluster, ManualClock clock) {
        ClusterNode master = cluster.masterForKey(KEY);
        order.set("paid");

        // SIGSTOP: the connections stay open, the node reads what it is sent and answers nothing.
        cluster.pause(master);
        // Its timeout fires on the command and on its retry.
        assertThatThrownBy(order::get).isInstanceOf(RedisResponseTimeoutException.class);

        // Past the node timeout it is failed over as a dead one would be.
        clock.advance(PAST_THE_NODE_TIMEOUT);
        ClusterNode promoted = cluster.awaitFailover(master, Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> "paid".equals(order.get()));
        order.set("shipped");

        // SIGCONT: it learns from the others that its slots have a newer owner and follows it as a replica.
        cluster.resume(master);
        try (Jedis former = new Jedis(master.host(), master.port())) {
            assertThat(former.role()).startsWith("slave", promoted.host(), (long) promoted.port());
        }
    }

    @Test
    void aWriteTheCutOffMasterAcknowledgedAloneIsGoneOnceThePartitionHeals(EmbeddedRedisCluster cluster, ManualClock clock) {
        ClusterNode master = cluster.masterForKey(KEY);
        ClusterNode replica = cluster.replicasOf(master).get(0);
        assertThat(setAndWait("placed", Duration.ofSeconds(1))).as("WAIT 1: the replica has the write").isEqualTo(1);

        // The network cuts the master off from the other nodes; clients still reach it. Until the node
        // timeout nobody notices: it acknowledges writes its replica never gets.
        cluster.isolate(master);
        assertThat(setAndWait("paid", Duration.ofMillis(100))).as("WAIT 1: no replica has it").isZero();

        // Past the node timeout the majority flags it fail and promotes its replica, which never got
        // "paid"; the cut-off master, reaching no majority of the masters, refuses every key.
        clock.advance(PAST_THE_NODE_TIMEOUT);
        ClusterNode promoted = cluster.awaitFailover(master, Duration.ofSeconds(10));
        assertThat(promoted).isEqualTo(replica);
        try (Jedis cutOff = new Jedis(master.host(), master.port())) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThatThrownBy(() -> cutOff.get(KEY)).hasMessage(CLUSTERDOWN));
        }

        // Redisson retries a CLUSTERDOWN after its retry interval (RedisClusterDownException once its
        // attempts run out) and its scan of CLUSTER NODES moves the slot to the promoted replica, as
        // soon as it reads a node of the majority. It then scans the cut-off master no more: it scans
        // the masters it knows, and in the majority's view that one is a failed master without slots.
        await().atMost(Duration.ofSeconds(10)).ignoreException(RedisClusterDownException.class)
                .until(() -> "placed".equals(order.get()));
        assertThat(redisson.getRedisNodes(RedisNodes.CLUSTER).getMasters()).extracting(node -> node.getAddr().getPort())
                .hasSize(3).contains(promoted.port()).doesNotContain(master.port());

        // Gossip resumes: the promoted replica's newer epoch wins the slot, the former master becomes its
        // replica and resynchronizes from it, dropping "paid".
        cluster.heal();
        assertThat(order.get()).as("the write acknowledged during the partition is gone").isEqualTo("placed");
        assertThat(setAndWait("shipped", Duration.ofSeconds(1))).as("WAIT 1: the former master replicates it").isEqualTo(1);
        try (Jedis former = new Jedis(master.host(), master.port())) {
            assertThat(former.role()).startsWith("slave", promoted.host(), (long) promoted.port());
            former.readonly();
            assertThat(former.get(KEY)).isEqualTo("shipped");
        }
    }

    /** Sets the order in a batch followed by WAIT 1: how many replicas acknowledged it. */
    private int setAndWait(String value, Duration timeout) {
        RBatch write = redisson.createBatch(BatchOptions.defaults().sync(1, timeout));
        write.<String>getBucket(KEY).setAsync(value);
        return write.execute().getSyncedSlaves();
    }
}
