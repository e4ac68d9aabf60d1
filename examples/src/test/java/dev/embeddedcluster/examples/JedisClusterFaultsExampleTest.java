package dev.embeddedcluster.examples;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.ManualClock;
import dev.embeddedcluster.examples.support.RootCauses;
import dev.embeddedcluster.junit.RedisCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.exceptions.JedisClusterException;
import redis.clients.jedis.exceptions.JedisClusterOperationException;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * JedisCluster through the death and the stop of a master: while the cluster has not failed it
 * over, Jedis retries, refreshes its slot map (which still names the master) and gives up; then it
 * succeeds on the promoted replica. A master dying with its replica takes the whole cluster down
 * (CLUSTERDOWN) until it is back. A master cut off by a partition goes on acknowledging writes, then
 * answers CLUSTERDOWN, which Jedis passes on until the heal; the writes it took alone are lost. The cluster's clock stands still until the test moves it past
 * the node timeout, so the window between the fault and the failover stays open as long as the test
 * needs it, however loaded the machine.
 */
@RedisCluster(manualClock = true, nodeTimeoutMillis = JedisClusterFaultsExampleTest.NODE_TIMEOUT_MILLIS)
class JedisClusterFaultsExampleTest {
    static final long NODE_TIMEOUT_MILLIS = 5000;
    private static final Duration PAST_THE_NODE_TIMEOUT = Duration.ofMillis(NODE_TIMEOUT_MILLIS + 1);
    private static final String KEY = "order:42";
    private static final String CLUSTERDOWN = "CLUSTERDOWN The cluster is down";

    private JedisCluster jedis;

    @BeforeEach
    void connect(List<String> seeds) {
        JedisClientConfig timeouts = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(500)
                .socketTimeoutMillis(500)
                .build();
        // Three attempts within two seconds (default: five within five times the socket timeout).
        jedis = new JedisCluster(seeds.stream().map(HostAndPort::from).collect(Collectors.toSet()), timeouts, 3, Duration.ofSeconds(2));
    }

    @AfterEach
    void disconnect() {
        jedis.close();
    }

    @Test
    void aWriteAcknowledgedByTheReplicaSurvivesTheKillOfItsMaster(EmbeddedRedisCluster cluster, ManualClock clock) {
        ClusterNode master = cluster.masterForKey(KEY);
        ClusterNode replica = cluster.replicasOf(master).get(0);
        jedis.set(KEY, "paid");
        assertThat(jedis.waitReplicas(KEY, 1, 1000)).as("WAIT 1: the replica has the write").isEqualTo(1);

        // The process dies: its connections are reset, new ones refused. Until the node timeout the
        // other nodes still route its slots to it, so Jedis's refreshed slot map sends it back there.
        cluster.kill(master);
        Throwable refused = catchThrowable(() -> jedis.get(KEY));
        assertThat(refused).isInstanceOf(JedisClusterOperationException.class);
        assertThat(RootCauses.of(refused)).isNotEmpty().allMatch(ConnectException.class::isInstance);

        // After the node timeout the nodes flag it fail? then fail (CLUSTERDOWN until a replica is
        // elected, about a second on a real cluster), and its replica takes the slots with a new epoch.
        clock.advance(PAST_THE_NODE_TIMEOUT);
        assertThat(cluster.awaitFailover(master, Duration.ofSeconds(10))).isEqualTo(replica);

        // The next refresh of Jedis's slot map names the promoted replica.
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> "paid".equals(jedis.get(KEY)));
        assertThat(jedis.set(KEY, "shipped")).isEqualTo("OK");
        try (Jedis promoted = new Jedis(replica.host(), replica.port())) {
            assertThat(promoted.get(KEY)).isEqualTo("shipped");
        }
    }

    @Test
    void aPausedMasterTimesTheClientOutUntilItsReplicaTakesOver(EmbeddedRedisCluster cluster, ManualClock clock) {
        ClusterNode master = cluster.masterForKey(KEY);
        jedis.set(KEY, "paid");

        // SIGSTOP: the connections stay open, the node reads what it is sent and answers nothing.
        cluster.pause(master);
        Throwable timedOut = catchThrowable(() -> jedis.get(KEY));
        assertThat(timedOut).isInstanceOf(JedisClusterOperationException.class);
        assertThat(RootCauses.of(timedOut)).isNotEmpty().allMatch(SocketTimeoutException.class::isInstance);

        // Past the node timeout it is failed over as a dead one would be.
        clock.advance(PAST_THE_NODE_TIMEOUT);
        ClusterNode promoted = cluster.awaitFailover(master, Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> "paid".equals(jedis.get(KEY)));
        assertThat(jedis.set(KEY, "shipped")).isEqualTo("OK");

        // SIGCONT: it learns from the others that its slots have a newer owner and follows it as a replica.
        cluster.resume(master);
        try (Jedis former = new Jedis(master.host(), master.port())) {
            assertThat(former.role()).startsWith("slave", promoted.host(), (long) promoted.port());
            former.readonly();
            assertThat(former.get(KEY)).as("resynchronized from the promoted replica").isEqualTo("shipped");
        }
    }

    @Test
    void aMasterWithNoReplicaLeftTakesTheWholeClusterDownUntilItIsBack(EmbeddedRedisCluster cluster, ManualClock clock) {
        ClusterNode master = cluster.masterForKey(KEY);
        String keyOfAnotherMaster = IntStream.range(0, 100).mapToObj(i -> "stock:" + i)
                .filter(key -> !cluster.masterForKey(key).equals(master)).findFirst().orElseThrow();
        jedis.set(KEY, "paid");
        jedis.set(keyOfAnotherMaster, "12");

        cluster.kill(cluster.replicasOf(master).get(0));
        cluster.kill(master);
        assertThat(jedis.get(keyOfAnotherMaster)).as("until the node timeout, only its own slots fail").isEqualTo("12");

        // Failed with no replica to take its slots: with cluster-require-full-coverage (the default),
        // every node refuses every key, the other masters' too.
        clock.advance(PAST_THE_NODE_TIMEOUT);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThatThrownBy(() -> jedis.get(keyOfAnotherMaster))
                .isInstanceOf(JedisClusterException.class).hasMessage("CLUSTERDOWN The cluster is down"));

        // Back with its data (its persistence files) at its slots, which no one took: the others clear
        // its FAIL flag once the flag is older than twice the node timeout, and the cluster is whole again.
        clock.advance(Duration.ofMillis(2 * NODE_TIMEOUT_MILLIS + 1));
        cluster.restart(master, true);
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> "paid".equals(jedis.get(KEY)));
        assertThat(jedis.get(keyOfAnotherMaster)).isEqualTo("12");
    }

    @Test
    void aWriteTheCutOffMasterAcknowledgedAloneIsGoneOnceThePartitionHeals(EmbeddedRedisCluster cluster, ManualClock clock) {
        ClusterNode master = cluster.masterForKey(KEY);
        ClusterNode replica = cluster.replicasOf(master).get(0);
        jedis.set(KEY, "placed");
        assertThat(jedis.waitReplicas(KEY, 1, 1000)).as("WAIT 1: the replica has the write").isEqualTo(1);

        // The network cuts the master off from the other nodes; clients still reach it. Until the node
        // timeout nobody notices: it acknowledges writes its replica never gets.
        cluster.isolate(master);
        assertThat(jedis.set(KEY, "paid")).isEqualTo("OK");
        assertThat(jedis.waitReplicas(KEY, 1, 100)).as("WAIT 1: no replica has it").isZero();

        // Past the node timeout the majority flags it fail and promotes its replica, which never got
        // "paid"; the cut-off master, reaching no majority of the masters, refuses every key.
        clock.advance(PAST_THE_NODE_TIMEOUT);
        assertThat(cluster.awaitFailover(master, Duration.ofSeconds(10))).isEqualTo(replica);
        try (Jedis promoted = new Jedis(replica.host(), replica.port())) {
            assertThat(promoted.get(KEY)).as("the promoted replica serves the slot").isEqualTo("placed");
        }

        // CLUSTERDOWN is an answer, not a connection error: Jedis throws it at once, neither retrying
        // nor reading the slot map again, so it stays with the cut-off master until the heal.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThatThrownBy(() -> jedis.get(KEY))
                .isInstanceOf(JedisClusterException.class).hasMessage(CLUSTERDOWN));
        assertThatThrownBy(() -> jedis.set(KEY, "refunded")).isInstanceOf(JedisClusterException.class).hasMessage(CLUSTERDOWN);
        assertThatThrownBy(() -> jedis.get(KEY)).isInstanceOf(JedisClusterException.class).hasMessage(CLUSTERDOWN);

        // Gossip resumes: the promoted replica's newer epoch wins the slot, the former master becomes its
        // replica and resynchronizes from it, dropping "paid". It answers MOVED: Jedis reads the slot
        // map again and follows.
        cluster.heal();
        assertThat(jedis.get(KEY)).as("the write acknowledged during the partition is gone").isEqualTo("placed");
        assertThat(jedis.set(KEY, "shipped")).isEqualTo("OK");
        assertThat(jedis.waitReplicas(KEY, 1, 1000)).as("WAIT 1: the former master replicates it").isEqualTo(1);
        try (Jedis former = new Jedis(master.host(), master.port())) {
            assertThat(former.role()).startsWith("slave", replica.host(), (long) replica.port());
            former.readonly();
            assertThat(former.get(KEY)).isEqualTo("shipped");
        }
    }
}
