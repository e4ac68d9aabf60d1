package dev.embeddedcluster.parity;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.util.JedisClusterCRC16;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** SIGKILL on redis-server, {@code kill} and {@code restart(node, true)} on the embedded cluster. */
abstract class KillScenarios extends FaultScenarios {

    @Test
    void aKilledMastersReplicaTakesItsSlotsAndServesItsAcknowledgedWrites() {
        HostAndPort master = target.masterForKey(KEY);
        HostAndPort replica = target.replicaOf(master);
        HostAndPort observer = otherMaster(master);
        List<String> masterSlots = target.line(observer, master).slots();
        try (Jedis onMaster = target.connect(master)) {
            onMaster.set(KEY, "acknowledged");
            // WAIT 1 = 1: the replica has the write, so the failover cannot lose it.
            assertThat(onMaster.waitReplicas(1, 2000)).isEqualTo(1);
        }

        target.kill(master);
        ClusterTimeline timeline = awaitPromotion(observer, master, replica);

        // The others flag it fail? (PFAIL) once the node timeout passes, then fail once a majority of masters agree.
        assertThat(timeline.failingFlagsInOrder()).as(timeline.toString()).isSubsetOf("master", "master,fail?", "master,fail")
                .endsWith("master,fail").isSortedAccordingTo(KillScenarios::flagOrder);
        // Its port refuses: the others' bus links to it are down from the kill on.
        assertThat(timeline.failingLinksInOrder()).as(timeline.toString()).containsExactly("disconnected");
        ClusterNodesLine dead = target.line(observer, master);
        assertThat(dead.flags()).isEqualTo("master,fail");
        assertThat(dead.linkState()).isEqualTo("disconnected");
        assertThat(dead.slots()).isEmpty();
        ClusterNodesLine promoted = target.line(observer, replica);
        assertThat(promoted.flags()).isEqualTo("master");
        assertThat(promoted.masterId()).isEqualTo("-");
        assertThat(promoted.slots()).isEqualTo(masterSlots);
        try (Jedis onObserver = target.connect(observer); Jedis onPromoted = target.connect(replica)) {
            assertThat(ClusterTimeline.field(onObserver.clusterInfo(), "cluster_state")).isEqualTo("ok");
            assertThat(onPromoted.get(KEY)).isEqualTo("acknowledged");
            // The dead master's slots are now the promoted node's: the others redirect there.
            assertThatThrownBy(() -> onObserver.get(KEY)).isInstanceOf(JedisDataException.class)
                    .hasMessage("MOVED " + JedisClusterCRC16.getSlot(KEY) + " " + replica);
            assertThat(onPromoted.role().get(0)).isEqualTo("master");
        }
    }

    @Test
    void writesToAKilledMastersSlotsFailUntilItsReplicaIsPromoted() {
        HostAndPort master = target.masterForKey(KEY);
        HostAndPort replica = target.replicaOf(master);
        HostAndPort observer = otherMaster(master);
        target.kill(master);

        // A new connection: nothing listens on the port any more.
        assertThatThrownBy(() -> new Socket(master.getHost(), master.getPort()).close())
                .isInstanceOf(ConnectException.class).hasMessageContaining("Connection refused");

        ClusterTimeline timeline = awaitPromotion(observer, master, replica);

        // Through another node: redirected to the dead master until it is failed, CLUSTERDOWN while
        // its slots have no live master, redirected to the promoted replica after.
        int slot = JedisClusterCRC16.getSlot(KEY);
        assertThat(timeline.setRepliesInOrder()).as(timeline.toString()).containsExactly(
                "MOVED " + slot + " <failing>", "CLUSTERDOWN The cluster is down", "MOVED " + slot + " <replica>");
        try (Jedis onPromoted = target.connect(replica)) {
            assertThat(onPromoted.set(KEY, "after")).isEqualTo("OK");
            assertThat(onPromoted.get(KEY)).isEqualTo("after");
        }
    }

    @Test
    void aConnectionOpenAtTheKillReadsEndOfStream() throws IOException {
        HostAndPort master = target.masterForKey(KEY);
        try (Socket held = new Socket(master.getHost(), master.getPort())) {
            held.setSoTimeout(2000);
            held.getOutputStream().write(PING);
            assertThat(new String(held.getInputStream().readNBytes(7), StandardCharsets.US_ASCII)).isEqualTo("+PONG\r\n");

            target.kill(master);

            // SIGKILL: the kernel closes the dead process's sockets as close() does; with nothing unread
            // that is a FIN, not a reset. The client's next command is still accepted by its own kernel,
            // and its read then meets the end of the stream (Jedis: "Unexpected end of stream.").
            held.getOutputStream().write(PING);
            assertThat(held.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void clusterStateFollowsTheFailingMastersFlags() {
        HostAndPort master = target.masterForKey(KEY);
        HostAndPort replica = target.replicaOf(master);
        HostAndPort observer = otherMaster(master);
        int masterSlotCount = slotCount(target.line(observer, master).slots());

        target.kill(master);
        ClusterTimeline timeline = awaitPromotion(observer, master, replica);

        for (ClusterTimeline.Step step : timeline.steps()) {
            switch (step.failingFlags()) {
                // Only suspected: the cluster still counts it up, its slots are "pfail".
                case "master" -> assertThat(step).as(timeline.toString())
                        .returns("ok", ClusterTimeline.Step::clusterState).returns(0, ClusterTimeline.Step::slotsPfail)
                        .returns(0, ClusterTimeline.Step::slotsFail);
                case "master,fail?" -> assertThat(step).as(timeline.toString())
                        .returns("ok", ClusterTimeline.Step::clusterState)
                        .returns(masterSlotCount, ClusterTimeline.Step::slotsPfail).returns(0, ClusterTimeline.Step::slotsFail);
                // Failed: while it still holds its slots (no replica promoted yet) the cluster is down.
                case "master,fail" -> {
                    if (step.failingHasSlots()) {
                        assertThat(step).as(timeline.toString()).returns("fail", ClusterTimeline.Step::clusterState)
                                .returns(masterSlotCount, ClusterTimeline.Step::slotsFail);
                    } else {
                        assertThat(step).as(timeline.toString()).returns("ok", ClusterTimeline.Step::clusterState)
                                .returns(0, ClusterTimeline.Step::slotsFail).returns(0, ClusterTimeline.Step::slotsPfail);
                    }
                }
                default -> throw new AssertionError("unexpected flags " + step.failingFlags() + "\n" + timeline);
            }
        }
        assertThat(timeline.steps()).as(timeline.toString())
                .anyMatch(s -> s.failingFlags().equals("master,fail") && s.failingHasSlots());
    }

    @Test
    void aRestartedFormerMasterRejoinsAsReplicaOfThePromotedNodeWithItsData() {
        HostAndPort master = target.masterForKey(KEY);
        HostAndPort replica = target.replicaOf(master);
        HostAndPort observer = otherMaster(master);
        try (Jedis onMaster = target.connect(master)) {
            onMaster.set(KEY, "before");
            assertThat(onMaster.waitReplicas(1, 2000)).isEqualTo(1);
        }
        target.kill(master);
        awaitPromotion(observer, master, replica);
        try (Jedis onPromoted = target.connect(replica)) {
            onPromoted.set("{k}:while-down", "written");
        }

        target.restart(master);

        String promotedId = target.line(observer, replica).id();
        await().atMost(FAILOVER_TIMEOUT).pollInterval(Duration.ofMillis(10)).untilAsserted(() -> {
            ClusterNodesLine myself = target.view(master).stream().filter(l -> l.hasFlag("myself")).findFirst().orElseThrow();
            assertThat(myself.flags()).isEqualTo("myself,slave");
            assertThat(myself.masterId()).isEqualTo(promotedId);
            assertThat(myself.slots()).isEmpty();
        });
        awaitRejoinedAsReplica(master, replica, observer, promotedId);
    }

    @Test
    void aKilledMastersReplicaShowsItsLinkDownUntilItIsPromoted() {
        HostAndPort master = target.masterForKey(KEY);
        HostAndPort replica = target.replicaOf(master);
        try (Jedis onReplica = target.connect(replica)) {
            assertThat(replicationState(onReplica)).isEqualTo("slave connected link=up");

            target.kill(master);

            // With no master link there is no last I/O (-1), and INFO says since when the link is down.
            String replication = await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(5))
                    .until(() -> onReplica.info("replication"), info -> info.contains("master_link_status:down\r\n"));
            assertThat(replication).as(replication).contains("master_last_io_seconds_ago:-1\r\n")
                    .containsPattern("master_link_down_since_seconds:\\d+\r\n");
            List<String> seen = DistinctSamples.until(() -> replicationState(onReplica), s -> s.startsWith("master"), FAILOVER_TIMEOUT);
            System.out.println(name + ": the replica showed " + seen);
            // Its master's port refuses: the replica retries (ROLE: connect, connecting while it tries) with its link down.
            assertThat(seen.subList(0, seen.size() - 1)).isNotEmpty()
                    .allSatisfy(s -> assertThat(s).isIn("slave connect link=down", "slave connecting link=down"));
        }
    }

    @Test
    void aKilledReplicaIsFailedNotCountedByWaitAndResynchronizesOnRestart() {
        HostAndPort master = target.masterForKey(KEY);
        HostAndPort replica = target.replicaOf(master);
        HostAndPort observer = otherMaster(master);

        target.kill(replica);

        List<String> flags = DistinctSamples.until(() -> target.line(observer, replica).flags(), "slave,fail"::equals, FAILOVER_TIMEOUT);
        System.out.println(name + ": the observer showed the killed replica " + flags);
        assertThat(flags).isSubsetOf("slave", "slave,fail?", "slave,fail").endsWith("slave,fail");
        try (Jedis onMaster = target.connect(master); Jedis onObserver = target.connect(observer)) {
            // A replica's failure takes no slot away: the cluster stays up, its master serves on.
            assertThat(ClusterTimeline.field(onObserver.clusterInfo(), "cluster_state")).isEqualTo("ok");
            assertThat(onMaster.set(KEY, "while-down")).isEqualTo("OK");
            assertThat(onMaster.waitReplicas(1, 100)).isZero();
            assertThat(onMaster.info("replication")).contains("connected_slaves:0");
            assertThat(shardHealth(onObserver, replica)).isEqualTo("fail");
            assertThat(slotPorts(onObserver)).contains((long) master.getPort()).doesNotContain((long) replica.getPort());

            target.restart(replica);

            await().atMost(FAILOVER_TIMEOUT).pollInterval(Duration.ofMillis(10))
                    .until(() -> target.line(observer, replica).flags().equals("slave") && onMaster.waitReplicas(1, 100) == 1);
            // The observer calls a replica "loading" until gossip brings it the replica's replication
            // offset: on a real cluster that can come a ping after the replica is back.
            List<String> health = DistinctSamples.until(() -> shardHealth(onObserver, replica), "online"::equals, FAILOVER_TIMEOUT);
            assertThat(health).isSubsetOf("loading", "online").endsWith("online");
        }
        try (Jedis onReplica = target.connect(replica)) {
            onReplica.readonly();
            assertThat(onReplica.get(KEY)).isEqualTo("while-down");
        }
    }

    /** A node's health in CLUSTER SHARDS. */
    private static String shardHealth(Jedis jedis, HostAndPort node) {
        return jedis.clusterShards().stream().flatMap(s -> s.getNodes().stream()).filter(n -> n.getPort() == node.getPort())
                .findFirst().orElseThrow().getHealth();
    }

    /** The ports of every node CLUSTER SLOTS lists. */
    private static List<Long> slotPorts(Jedis jedis) {
        return jedis.clusterSlots().stream().flatMap(range -> ((List<?>) range).stream().skip(2))
                .map(node -> (Long) ((List<?>) node).get(1)).toList();
    }

    private static int flagOrder(String a, String b) {
        List<String> order = List.of("master", "master,fail?", "master,fail");
        return Integer.compare(order.indexOf(a), order.indexOf(b));
    }
}
