package dev.embeddedcluster.parity;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** SIGSTOP and SIGCONT on redis-server, {@code pause} and {@code resume} on the embedded cluster. */
abstract class PauseScenarios extends FaultScenarios {

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
}
