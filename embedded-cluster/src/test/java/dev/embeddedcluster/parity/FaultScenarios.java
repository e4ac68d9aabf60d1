package dev.embeddedcluster.parity;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.util.JedisClusterCRC16;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Faults as a real cluster meets them, one body for both sides: each subclass's scenarios run on a
 * fresh cluster that {@link #startTarget} gives (six redis-server processes or the embedded cluster),
 * and every assertion states what redis-server 7.0 does. Only observable shapes are compared (flags,
 * roles, cluster_state, who serves a slot, values), never ids, ports, epochs or timings.
 */
abstract class FaultScenarios {
    static final Duration NODE_TIMEOUT = Duration.ofMillis(1000);
    /** Detection (node timeout), the FAIL vote, and a rank-0 replica's election delay (0.5-1 s), with room to spare. */
    static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(15);
    static final String KEY = "k";
    static final byte[] PING = "*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII);

    FaultTarget target;
    String name;

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

    /** ROLE and the link status: "slave connected link=up", "slave connect link=down", "master". */
    static String replicationState(Jedis jedis) {
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

    /** A former master back (restarted or resumed): a replica of the promoted node, as everyone sees it, with its data. */
    void awaitRejoinedAsReplica(HostAndPort former, HostAndPort promoted, HostAndPort observer, String promotedId) {
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
    ClusterTimeline awaitPromotion(HostAndPort observer, HostAndPort failing, HostAndPort replica) {
        ClusterTimeline timeline = ClusterTimeline.record(target, observer, failing, replica, KEY,
                s -> s.replicaPromoted() && s.clusterState().equals("ok") && s.failingFlags().equals("master,fail"),
                FAILOVER_TIMEOUT);
        System.out.println(name + ":\n" + timeline);
        return timeline;
    }

    HostAndPort otherMaster(HostAndPort master) {
        return target.masters().stream().filter(m -> !m.equals(master)).findFirst().orElseThrow();
    }

    String keyServedBy(HostAndPort node) {
        ClusterNodesLine line = target.line(node, node);
        for (int i = 0; ; i++) {
            String key = "own:" + i;
            if (line.servesSlot(JedisClusterCRC16.getSlot(key))) {
                return key;
            }
        }
    }

    static int slotCount(List<String> ranges) {
        int count = 0;
        for (String range : ranges) {
            int dash = range.indexOf('-');
            count += dash < 0 ? 1 : Integer.parseInt(range.substring(dash + 1)) - Integer.parseInt(range.substring(0, dash)) + 1;
        }
        return count;
    }
}
