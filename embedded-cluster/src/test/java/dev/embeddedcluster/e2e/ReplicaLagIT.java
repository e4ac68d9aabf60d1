package dev.embeddedcluster.e2e;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** A held or lagged replica, as WAIT, INFO replication, ROLE and reads on the replica show it over real sockets. */
class ReplicaLagIT {
    private static final Pattern SLAVE_OFFSET = Pattern.compile("slave0:[^\\r\\n]*offset=(\\d+),lag=(\\d+)");

    private static EmbeddedRedisCluster cluster;
    private static ClusterNode master;
    private static ClusterNode replica;
    private Jedis onMaster;
    private Jedis onReplica;

    @BeforeAll
    static void start() {
        cluster = EmbeddedRedisCluster.builder().masters(1).replicasPerMaster(1).build().start();
        master = cluster.masters().get(0);
        replica = cluster.replicasOf(master).get(0);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @BeforeEach
    void connect() {
        onMaster = new Jedis(master.host(), master.port(), 5000);
        onReplica = new Jedis(replica.host(), replica.port(), 5000);
        onReplica.readonly();
    }

    @AfterEach
    void releaseAndDisconnect() {
        cluster.releaseFaults();
        cluster.restoreTopology();
        onMaster.close();
        onReplica.close();
    }

    @Test
    void aHeldReplicaMissesWritesUntilReleased() {
        onMaster.set("k", "old");
        assertThat(onMaster.waitReplicas(1, 2000)).isEqualTo(1);

        cluster.holdReplica(replica);
        onMaster.set("k", "new");

        assertThat(onMaster.waitReplicas(1, 100)).isZero();
        assertThat(onReplica.get("k")).isEqualTo("old");
        long masterOffset = masterOffset();
        assertThat(replicaOffsetSeenByMaster()).isLessThan(masterOffset);
        assertThat(replicaOwnOffset()).isLessThan(masterOffset);

        cluster.releaseReplica(replica);

        assertThat(onReplica.get("k")).isEqualTo("new");
        assertThat(onMaster.waitReplicas(1, 2000)).isEqualTo(1);
        assertThat(replicaOffsetSeenByMaster()).isEqualTo(masterOffset());
    }

    @Test
    void aWaitBlockedOnAHeldReplicaReturnsOnceReleased() throws Exception {
        cluster.holdReplica(replica);
        onMaster.set("k", "v");
        var waited = java.util.concurrent.CompletableFuture.supplyAsync(() -> onMaster.waitReplicas(1, 5000));
        Thread.sleep(50);
        assertThat(waited).isNotDone();
        cluster.releaseReplica(replica);
        assertThat(waited.get(2, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1);
    }

    @Test
    void aLaggedReplicaSeesAWriteOnlyAfterTheDelay() {
        cluster.lagReplica(replica, Duration.ofMillis(300));
        onMaster.set("lagged", "1");

        assertThat(cluster.replicaCaughtUp(replica)).isFalse();
        await().between(Duration.ofMillis(150), Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(10))
                .until(() -> "1".equals(onReplica.get("lagged")));
        await().atMost(Duration.ofSeconds(2)).until(() -> cluster.replicaCaughtUp(replica));
        assertThat(onMaster.waitReplicas(1, 2000)).isEqualTo(1);
    }

    @Test
    void aLaggedReplicaAppliesWritesInOrder() {
        cluster.lagReplica(replica, Duration.ofMillis(100));
        for (int i = 0; i < 50; i++) {
            onMaster.rpush("order", Integer.toString(i));
        }
        cluster.releaseReplica(replica);
        assertThat(onReplica.lrange("order", 0, -1)).hasSize(50).isSortedAccordingTo(
                (a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)));
        onMaster.del("order");
    }

    @Test
    void roleShowsTheHeldReplicaBehind() {
        cluster.holdReplica(replica);
        onMaster.set("k", "role");
        List<Object> role = onMaster.role();
        long masterOffset = (Long) role.get(1);
        @SuppressWarnings("unchecked")
        List<Object> replicaEntry = (List<Object>) ((List<Object>) role.get(2)).get(0);
        assertThat(Long.parseLong(String.valueOf(replicaEntry.get(2)))).isLessThan(masterOffset);
    }

    @Test
    void clusterShardsShowsTheHeldReplicaBehind() {
        cluster.holdReplica(replica);
        onMaster.set("k", "shards");
        assertThat(onMaster.clusterShards().get(0).getNodes())
                .anySatisfy(n -> assertThat(n.getReplicationOffset()).isLessThan(masterOffset()));
    }

    @Test
    void aFailoverWaitsForALaggedReplicaAndLosesNoWrite() {
        cluster.lagReplica(replica, Duration.ofMillis(300));
        onMaster.set("failover", "kept");
        cluster.failover(replica);
        assertThat(replica.isMaster()).isTrue();
        try (Jedis promoted = new Jedis(replica.host(), replica.port(), 5000)) {
            assertThat(promoted.get("failover")).isEqualTo("kept");
        }
    }

    @Test
    void aFailoverOfAHeldReplicaIsGivenUp() {
        cluster.holdReplica(replica);
        onMaster.set("failover", "held");
        assertThatThrownBy(() -> cluster.failover(replica)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("given up");
        assertThat(master.isMaster()).isTrue();
        cluster.releaseReplica(replica);
        assertThat(onReplica.get("failover")).isEqualTo("held");
    }

    @Test
    void onlyReplicasCanBeLaggedOrHeld() {
        assertThatThrownBy(() -> cluster.holdReplica(master)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cluster.lagReplica(replica, Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    private long masterOffset() {
        return field(onMaster.info("replication"), "master_repl_offset");
    }

    private long replicaOwnOffset() {
        return field(onReplica.info("replication"), "slave_repl_offset");
    }

    private long replicaOffsetSeenByMaster() {
        Matcher m = SLAVE_OFFSET.matcher(onMaster.info("replication"));
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static long field(String info, String name) {
        Matcher m = Pattern.compile(name + ":(\\d+)").matcher(info);
        assertThat(m.find()).as(name + " in " + info).isTrue();
        return Long.parseLong(m.group(1));
    }
}
