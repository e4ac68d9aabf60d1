package dev.embeddedcluster.parity;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Masters down with no replica to take over, or too many to fail them: what the rest of the cluster says. */
abstract class QuorumScenarios extends FaultScenarios {

    @Test
    void aMasterWithoutALiveReplicaTakesTheClusterDownUntilItIsRestarted() {
        HostAndPort master = target.masterForKey(KEY);
        HostAndPort replica = target.replicaOf(master);
        HostAndPort observer = otherMaster(master);
        List<String> masterSlots = target.line(observer, master).slots();
        int masterSlotCount = slotCount(masterSlots);

        target.kill(master);
        target.kill(replica);
        ClusterTimeline timeline = ClusterTimeline.record(target, observer, master, replica, KEY,
                s -> s.failingFlags().equals("master,fail") && s.replicaFlags().equals("slave,fail"), FAILOVER_TIMEOUT);
        System.out.println(name + ":\n" + timeline);

        try (Jedis onObserver = target.connect(observer)) {
            String info = onObserver.clusterInfo();
            assertThat(ClusterTimeline.field(info, "cluster_state")).isEqualTo("fail");
            assertThat(ClusterTimeline.field(info, "cluster_slots_fail")).isEqualTo(Integer.toString(masterSlotCount));
            // Down for every key, those of the live masters too.
            String ownKey = keyServedBy(observer);
            assertThatThrownBy(() -> onObserver.get(ownKey)).isInstanceOf(JedisDataException.class)
                    .hasMessage("CLUSTERDOWN The cluster is down");

            long restarted = System.nanoTime();
            target.restart(master);

            // Back with its slots as a master; the others clear its fail flag and the cluster is up again.
            await().atMost(FAILOVER_TIMEOUT).pollInterval(Duration.ofMillis(10)).until(() ->
                    target.line(observer, master).flags().equals("master")
                            && ClusterTimeline.field(onObserver.clusterInfo(), "cluster_state").equals("ok"));
            System.out.println(name + ": the observer showed the restarted master up after "
                    + (System.nanoTime() - restarted) / 1_000_000 + " ms");
            assertThat(target.line(observer, master).slots()).isEqualTo(masterSlots);
            assertThat(onObserver.get(ownKey)).isNull();
        }
    }

    @Test
    void aMasterBackBeforeAnyReplicaTookOverStaysFailedForTwiceTheNodeTimeout() {
        HostAndPort master = target.masterForKey(KEY);
        HostAndPort replica = target.replicaOf(master);
        HostAndPort observer = otherMaster(master);
        target.kill(master);
        target.kill(replica);
        ClusterTimeline.record(target, observer, master, replica, KEY,
                s -> s.failingFlags().equals("master,fail") && s.replicaFlags().equals("slave,fail"), FAILOVER_TIMEOUT);
        long failed = System.nanoTime();

        target.restart(master);

        // It answers again, but a master that still has its slots is cleared of fail only once it has
        // been failed for twice the node timeout (the time a replica would have had to take over).
        try (Jedis onObserver = target.connect(observer)) {
            assertThat(target.line(observer, master).flags()).isEqualTo("master,fail");
            assertThat(ClusterTimeline.field(onObserver.clusterInfo(), "cluster_state")).isEqualTo("fail");
            await().atMost(FAILOVER_TIMEOUT).pollInterval(Duration.ofMillis(10)).until(() ->
                    target.line(observer, master).flags().equals("master"));
            long upAfter = (System.nanoTime() - failed) / 1_000_000;
            System.out.println(name + ": the observer cleared the fail flag " + upAfter + " ms after it showed it");
            assertThat(upAfter).isGreaterThanOrEqualTo(2 * NODE_TIMEOUT.toMillis() - 500);
        }
    }

    @Test
    void mastersOfAMinorityCannotBeFailedNorFailedOver() {
        List<HostAndPort> masters = target.masters();
        HostAndPort observer = masters.get(0);
        List<HostAndPort> dead = masters.subList(1, 3);
        List<HostAndPort> replicas = dead.stream().map(target::replicaOf).toList();
        dead.forEach(target::kill);

        // The one master left suspects both (fail?) but is no majority: no fail flag, no vote, no failover;
        // among the minority, it takes the cluster down, its own slots too.
        String expected = "dead=[master,fail?, master,fail?] replicas=[slave, slave] cluster_state=fail";
        java.util.function.Supplier<String> shown = () -> {
            try (Jedis onObserver = target.connect(observer)) {
                return "dead=" + dead.stream().map(m -> target.line(observer, m).flags()).toList()
                        + " replicas=" + replicas.stream().map(r -> target.line(observer, r).flags()).toList()
                        + " cluster_state=" + ClusterTimeline.field(onObserver.clusterInfo(), "cluster_state");
            }
        };
        List<String> seen = DistinctSamples.until(shown, expected::equals, FAILOVER_TIMEOUT);
        System.out.println(name + ": the last master showed " + seen);
        await().during(NODE_TIMEOUT.multipliedBy(4)).atMost(NODE_TIMEOUT.multipliedBy(6)).pollInterval(Duration.ofMillis(20))
                .until(shown::get, expected::equals);
        try (Jedis onObserver = target.connect(observer)) {
            assertThatThrownBy(() -> onObserver.get(keyServedBy(observer))).isInstanceOf(JedisDataException.class)
                    .hasMessage("CLUSTERDOWN The cluster is down");
        }
        for (HostAndPort replica : replicas) {
            try (Jedis onReplica = target.connect(replica)) {
                assertThat(onReplica.role().get(0)).isEqualTo("slave");
            }
        }
    }
}
