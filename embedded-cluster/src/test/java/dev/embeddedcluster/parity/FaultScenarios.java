package dev.embeddedcluster.parity;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.util.JedisClusterCRC16;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Faults as a real cluster meets them, one body for both sides: {@link #startTarget} gives six
 * redis-server processes or the embedded cluster, and every assertion states what redis-server 7.0
 * does. Only observable shapes are compared (flags, roles, cluster_state, who serves a slot, values),
 * never ids, ports, epochs or timings.
 */
abstract class FaultScenarios {
    static final Duration NODE_TIMEOUT = Duration.ofMillis(1000);
    /** Detection (node timeout), the FAIL vote, and a rank-0 replica's election delay (0.5-1 s), with room to spare. */
    static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(15);
    static final String KEY = "k";
    private static final byte[] PING = "*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII);

    FaultTarget target;
    private String name;

    abstract FaultTarget startTarget(Duration nodeTimeout);

    @BeforeEach
    void start(TestInfo test) {
        name = getClass().getSimpleName() + "." + test.getDisplayName();
        target = startTarget(NODE_TIMEOUT);
    }

    @AfterEach
    void stop() {
        if (target != null) {
            target.close();
        }
    }

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
                .endsWith("master,fail").isSortedAccordingTo(FaultScenarios::flagOrder);
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
    void aMasterWithoutALiveReplicaTakesTheClusterDownUntilItIsRestarted() {
        HostAndPort master = target.masterForKey(KEY);
        HostAndPort replica = target.replicaOf(master);
        HostAndPort observer = otherMaster(master);
        int masterSlotCount = slotCount(target.line(observer, master).slots());

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
            assertThat(target.line(observer, master).slots()).hasSize(target.line(master, master).slots().size()).isNotEmpty();
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

    @Test
    void commandsHeldByAPausedMasterAreAnsweredAsMasterWhenItResumesAndItsWriteIsLost() throws IOException {
        HostAndPort master = target.masterForKey(KEY);
        HostAndPort replica = target.replicaOf(master);
        HostAndPort observer = otherMaster(master);
        try (Jedis onMaster = target.connect(master)) {
            onMaster.set(KEY, "before");
            assertThat(onMaster.waitReplicas(1, 2000)).isEqualTo(1);
        }
        try (Socket held = new Socket(master.getHost(), master.getPort())) {
            held.setSoTimeout(5000);
            target.pause(master);
            awaitPromotion(observer, master, replica);
            try (Jedis onPromoted = target.connect(replica)) {
                onPromoted.set("{k}:while-down", "written");
            }
            held.getOutputStream().write("*2\r\n$3\r\nGET\r\n$1\r\nk\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$4\r\nheld\r\n"
                    .getBytes(StandardCharsets.US_ASCII));

            target.resume(master);

            // On SIGCONT the process first serves what its clients sent while it was stopped, still
            // believing it is the master: the GET reads its own data and the SET is acknowledged...
            String replies = new String(held.getInputStream().readNBytes("$6\r\nbefore\r\n+OK\r\n".length()), StandardCharsets.US_ASCII);
            System.out.println(name + ": the held GET and SET got " + replies.replace("\r\n", " "));
            assertThat(replies).isEqualTo("$6\r\nbefore\r\n+OK\r\n");
        }
        // ...then it learns it was failed over, becomes a replica and resynchronizes: the acknowledged write is lost.
        String promotedId = target.line(observer, replica).id();
        awaitRejoinedAsReplica(master, replica, observer, promotedId);
        try (Jedis onPromoted = target.connect(replica)) {
            assertThat(onPromoted.get(KEY)).isEqualTo("before");
        }
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
    void aPausedMasterAnswersNothingIsFailedOverAndRejoinsAsReplicaWhenResumed() throws IOException {
        HostAndPort master = target.masterForKey(KEY);
        HostAndPort replica = target.replicaOf(master);
        HostAndPort observer = otherMaster(master);
        try (Jedis onMaster = target.connect(master)) {
            onMaster.set(KEY, "before");
            assertThat(onMaster.waitReplicas(1, 2000)).isEqualTo(1);
        }
        try (Jedis held = target.connect(master, Duration.ofMillis(500))) {
            held.ping();

            target.pause(master);

            // A stopped process runs nothing: the command is received by the kernel and never answered.
            assertThatThrownBy(held::ping).isInstanceOf(JedisConnectionException.class).hasMessageContaining("Read timed out");
        }
        // The kernel still completes new connections (the socket listens); nothing answers on them either.
        try (Socket fresh = new Socket(master.getHost(), master.getPort())) {
            fresh.setSoTimeout(500);
            fresh.getOutputStream().write(PING);
            assertThatThrownBy(() -> fresh.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        }

        ClusterTimeline timeline = awaitPromotion(observer, master, replica);
        assertThat(timeline.failingFlagsInOrder()).as(timeline.toString()).endsWith("master,fail");
        assertThat(target.line(observer, replica).slots()).isNotEmpty();
        try (Jedis onPromoted = target.connect(replica)) {
            assertThat(onPromoted.get(KEY)).isEqualTo("before");
            onPromoted.set("{k}:while-down", "written");
        }

        target.resume(master);

        String promotedId = target.line(observer, replica).id();
        awaitRejoinedAsReplica(master, replica, observer, promotedId);
    }

    @Test
    void aKilledMastersReplicaShowsItsLinkDownUntilItIsPromoted() {
        HostAndPort master = target.masterForKey(KEY);
        HostAndPort replica = target.replicaOf(master);
        try (Jedis onReplica = target.connect(replica)) {
            assertThat(replicationState(onReplica)).isEqualTo("slave connected link=up");

            target.kill(master);

            List<String> seen = DistinctSamples.until(() -> replicationState(onReplica), s -> s.startsWith("master"), FAILOVER_TIMEOUT);
            System.out.println(name + ": the replica showed " + seen);
            // Its master's port refuses: the replica retries (ROLE: connect, connecting while it tries) with its link down.
            assertThat(seen.subList(0, seen.size() - 1)).isNotEmpty()
                    .allSatisfy(s -> assertThat(s).isIn("slave connect link=down", "slave connecting link=down"));
        }
    }

    @Test
    void aPausedMastersReplicaKeepsItsLinkUntilItIsPromoted() {
        HostAndPort master = target.masterForKey(KEY);
        HostAndPort replica = target.replicaOf(master);
        try (Jedis onReplica = target.connect(replica)) {
            assertThat(replicationState(onReplica)).isEqualTo("slave connected link=up");

            target.pause(master);

            List<String> seen = DistinctSamples.until(() -> replicationState(onReplica), s -> s.startsWith("master"), FAILOVER_TIMEOUT);
            System.out.println(name + ": the replica showed " + seen);
            // A stopped master keeps its sockets: the replica's link is only silent, and stays up until the
            // failover (repl-timeout, 60 s, is far longer than the node timeout).
            assertThat(seen).containsExactly("slave connected link=up", "master");
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
            assertThat(shardHealth(onObserver, replica)).isEqualTo("online");
        }
        try (Jedis onReplica = target.connect(replica)) {
            onReplica.readonly();
            assertThat(onReplica.get(KEY)).isEqualTo("while-down");
        }
    }

    @Test
    void aPausedReplicaIsFailedNotCountedByWaitAndCatchesUpWhenResumed() {
        HostAndPort master = target.masterForKey(KEY);
        HostAndPort replica = target.replicaOf(master);
        HostAndPort observer = otherMaster(master);

        target.pause(replica);

        List<String> flags = DistinctSamples.until(() -> target.line(observer, replica).flags(), "slave,fail"::equals, FAILOVER_TIMEOUT);
        System.out.println(name + ": the observer showed the paused replica " + flags);
        try (Jedis onMaster = target.connect(master); Jedis onObserver = target.connect(observer)) {
            assertThat(ClusterTimeline.field(onObserver.clusterInfo(), "cluster_state")).isEqualTo("ok");
            assertThat(onMaster.set(KEY, "while-paused")).isEqualTo("OK");
            assertThat(onMaster.waitReplicas(1, 100)).isZero();

            target.resume(replica);

            await().atMost(FAILOVER_TIMEOUT).pollInterval(Duration.ofMillis(10))
                    .until(() -> target.line(observer, replica).flags().equals("slave") && onMaster.waitReplicas(1, 100) == 1);
        }
        try (Jedis onReplica = target.connect(replica)) {
            onReplica.readonly();
            assertThat(onReplica.get(KEY)).isEqualTo("while-paused");
        }
    }

    @Test
    void aPausedReplicaStaysConnectedOnItsMaster() {
        HostAndPort master = target.masterForKey(KEY);
        HostAndPort replica = target.replicaOf(master);
        HostAndPort observer = otherMaster(master);

        target.pause(replica);
        DistinctSamples.until(() -> target.line(observer, replica).flags(), "slave,fail"::equals, FAILOVER_TIMEOUT);

        try (Jedis onMaster = target.connect(master)) {
            // Its replication connection is intact, only silent: the master still lists it online (its lag grows).
            String replication = onMaster.info("replication");
            System.out.println(name + ": the master's INFO replication while its replica is paused:\n" + replication);
            assertThat(replication).contains("connected_slaves:1\r\n", "port=" + replica.getPort() + ",state=online,");
            // WAIT counts the online replicas that acknowledged this client's last write: with none yet,
            // the paused replica's last acknowledgement is enough; after a write it is not.
            assertThat(onMaster.waitReplicas(1, 100)).isEqualTo(1);
            onMaster.set(KEY, "while-paused");
            assertThat(onMaster.waitReplicas(1, 100)).isZero();
        }
    }

    @Test
    void theOthersKeepTheirClusterLinkToAPausedMaster() {
        HostAndPort master = target.masterForKey(KEY);
        HostAndPort replica = target.replicaOf(master);
        HostAndPort observer = otherMaster(master);

        target.pause(master);
        ClusterTimeline timeline = awaitPromotion(observer, master, replica);

        // A stopped process keeps its sockets: the link stays connected; once a pong is late the others
        // drop it and connect again, which the kernel accepts for the stopped process.
        assertThat(timeline.steps().get(0)).as(timeline.toString())
                .returns("master", ClusterTimeline.Step::failingFlags).returns("connected", ClusterTimeline.Step::failingLink);
        assertThat(timeline.steps()).as(timeline.toString())
                .anyMatch(s -> s.failingFlags().startsWith("master,fail") && s.failingLink().equals("connected"));
    }

    /** ROLE and the link status: "slave connected link=up", "slave connect link=down", "master". */
    private static String replicationState(Jedis jedis) {
        while (true) {
            List<Object> role = jedis.role();
            if (role.get(0).equals("master")) {
                return "master";
            }
            String info = jedis.info("replication");
            // Promoted between the two reads: ask again.
            if (info.contains("role:slave")) {
                return role.get(0) + " " + role.get(3) + " link=" + ClusterTimeline.field(info, "master_link_status");
            }
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

    /** A former master back (restarted or resumed): a replica of the promoted node, as everyone sees it, with its data. */
    private void awaitRejoinedAsReplica(HostAndPort former, HostAndPort promoted, HostAndPort observer, String promotedId) {
        await().atMost(FAILOVER_TIMEOUT).pollInterval(Duration.ofMillis(10)).untilAsserted(() -> {
            ClusterNodesLine myself = target.view(former).stream().filter(l -> l.hasFlag("myself")).findFirst().orElseThrow();
            assertThat(myself.flags()).isEqualTo("myself,slave");
            assertThat(myself.masterId()).isEqualTo(promotedId);
            ClusterNodesLine seen = target.line(observer, former);
            assertThat(seen.flags()).isEqualTo("slave");
            assertThat(seen.masterId()).isEqualTo(promotedId);
            assertThat(seen.linkState()).isEqualTo("connected");
            assertThat(target.line(observer, promoted).flags()).isEqualTo("master");
        });
        try (Jedis onFormer = target.connect(former)) {
            await().atMost(FAILOVER_TIMEOUT).pollInterval(Duration.ofMillis(10))
                    .until(() -> onFormer.info("replication").contains("master_link_status:up"));
            assertThat(onFormer.role().get(0)).isEqualTo("slave");
            onFormer.readonly();
            assertThat(onFormer.get(KEY)).isEqualTo("before");
            assertThat(onFormer.get("{k}:while-down")).isEqualTo("written");
            // Writes to its old slots are redirected to the node that took them.
            assertThatThrownBy(() -> onFormer.set(KEY, "x")).isInstanceOf(JedisDataException.class)
                    .hasMessage("MOVED " + JedisClusterCRC16.getSlot(KEY) + " " + promoted);
        }
        try (Jedis onPromoted = target.connect(promoted)) {
            assertThat(onPromoted.waitReplicas(1, 2000)).isEqualTo(1);
        }
    }

    /** Records the observer's view from the fault until the replica serves the failed master's slots and the cluster is ok. */
    private ClusterTimeline awaitPromotion(HostAndPort observer, HostAndPort failing, HostAndPort replica) {
        ClusterTimeline timeline = ClusterTimeline.record(target, observer, failing, replica, KEY,
                s -> s.replicaPromoted() && s.clusterState().equals("ok") && s.failingFlags().equals("master,fail"),
                FAILOVER_TIMEOUT);
        System.out.println(name + ":\n" + timeline);
        return timeline;
    }

    private HostAndPort otherMaster(HostAndPort master) {
        return target.masters().stream().filter(m -> !m.equals(master)).findFirst().orElseThrow();
    }

    private String keyServedBy(HostAndPort node) {
        ClusterNodesLine line = target.line(node, node);
        for (int i = 0; ; i++) {
            String key = "own:" + i;
            if (line.servesSlot(JedisClusterCRC16.getSlot(key))) {
                return key;
            }
        }
    }

    private static int flagOrder(String a, String b) {
        List<String> order = List.of("master", "master,fail?", "master,fail");
        return Integer.compare(order.indexOf(a), order.indexOf(b));
    }

    private static int slotCount(List<String> ranges) {
        int count = 0;
        for (String range : ranges) {
            int dash = range.indexOf('-');
            count += dash < 0 ? 1 : Integer.parseInt(range.substring(dash + 1)) - Integer.parseInt(range.substring(0, dash)) + 1;
        }
        return count;
    }
}
