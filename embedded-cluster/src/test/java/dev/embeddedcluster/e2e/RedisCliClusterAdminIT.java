package dev.embeddedcluster.e2e;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.testing.RedisCli;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An operator builds and reshapes a cluster out of bare nodes with redis-cli's cluster manager,
 * as with freshly started cluster-enabled redis-server processes: create, add a master and a
 * replica, rebalance, move a replica, remove nodes, fix a hole, check after each step.
 */
@Tag("live") // needs the redis-cli binary: runs with -Dcompare.live=true
class RedisCliClusterAdminIT {
    private static final int KEYS = 200;

    private EmbeddedRedisCluster cluster;
    private List<ClusterNode> nodes;

    @BeforeEach
    void start() {
        cluster = EmbeddedRedisCluster.builder().masters(4).replicasPerMaster(1).bare(true).build().start();
        nodes = cluster.nodes();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void bareNodesKnowOnlyThemselves() throws Exception {
        ClusterNode node = nodes.get(0);
        assertThat(cli(node, "CLUSTER", "NODES")).matches("[0-9a-f]{40} :" + node.port() + "@" + node.busPort()
                + " myself,master - 0 \\d+ 0 connected\n");
        assertThat(cli(node, "CLUSTER", "INFO")).contains("cluster_state:fail", "cluster_slots_assigned:0",
                "cluster_known_nodes:1", "cluster_size:0", "cluster_current_epoch:0", "cluster_my_epoch:0");
        assertThat(cli(node, "SET", "k", "v")).isEqualTo("CLUSTERDOWN Hash slot not served\n\n");
    }

    @Test
    void createAddRebalanceReplicateAndRemoveNodes() throws Exception {
        ClusterNode first = nodes.get(0);
        List<String> create = new ArrayList<>(List.of("--cluster", "create"));
        nodes.subList(0, 6).forEach(n -> create.add(n.address()));
        create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
        String created = RedisCli.run(first.host(), first.port(), null, 60, create.toArray(String[]::new));
        assertThat(created).contains("[OK] All nodes agree about slots configuration.", "[OK] All 16384 slots covered.")
                .doesNotContain("[ERR]");
        assertThat(cli(first, "CLUSTER", "INFO")).contains("cluster_state:ok", "cluster_known_nodes:6", "cluster_size:3");

        try (JedisCluster jedis = new JedisCluster(HostAndPort.from(first.address()))) {
            IntStream.range(0, KEYS).forEach(i -> jedis.set("key:" + i, "v" + i));
            ClusterNode newMaster = nodes.get(6);
            ClusterNode newReplica = nodes.get(7);

            assertThat(admin("add-node", newMaster.address(), first.address())).contains("[OK] New node added correctly.");
            assertThat(admin("add-node", newReplica.address(), first.address(), "--cluster-slave",
                    "--cluster-master-id", first.id())).contains("[OK] New node added correctly.");
            assertThat(cli(newReplica, "ROLE")).startsWith("slave\n" + first.host() + "\n" + first.port() + "\n");
            assertThat(cli(newReplica, "DBSIZE")).isEqualTo(cli(first, "DBSIZE"));
            assertClusterChecks(first, 4, KEYS);

            assertThat(admin("rebalance", first.address(), "--cluster-use-empty-masters")).doesNotContain("[ERR]");
            assertThat(newMaster.slots()).isNotEmpty();
            assertClusterChecks(first, 4, KEYS);
            IntStream.range(0, KEYS).forEach(i -> assertThat(jedis.get("key:" + i)).isEqualTo("v" + i));

            // A replica switches masters and resynchronizes from the new one.
            ClusterNode other = nodes.get(1);
            assertThat(cli(newReplica, "CLUSTER", "REPLICATE", other.id())).isEqualTo("OK\n");
            assertThat(cli(newReplica, "ROLE")).startsWith("slave\n" + other.host() + "\n" + other.port() + "\n");
            assertThat(cli(newReplica, "DBSIZE")).isEqualTo(cli(other, "DBSIZE"));

            // CLIENT PAUSE WRITE: reads are served, a write waits for the pause to end.
            String pausedKey = keyServedBy(jedis, other);
            try (Jedis onOther = new Jedis(other.host(), other.port(), 5000);
                 Jedis writer = new Jedis(other.host(), other.port(), 5000)) {
                assertThat(onOther.clientPause(60_000, redis.clients.jedis.args.ClientPauseMode.WRITE)).isEqualTo("OK");
                assertThat(onOther.get(pausedKey)).isNotNull();
                CompletableFuture<String> write = CompletableFuture.supplyAsync(() -> writer.set(pausedKey, "during-pause"));
                Thread.sleep(200);
                assertThat(write).isNotDone();
                assertThat(onOther.clientUnpause()).isEqualTo("OK");
                assertThat(write.get(5, TimeUnit.SECONDS)).isEqualTo("OK");
            }

            assertThat(admin("del-node", first.address(), newReplica.id())).contains("Sending CLUSTER RESET SOFT to the deleted node.");
            assertThat(cli(newReplica, "CLUSTER", "INFO")).contains("cluster_known_nodes:1");
            assertThat(admin("rebalance", first.address(), "--cluster-weight", newMaster.id() + "=0")).doesNotContain("[ERR]");
            assertThat(newMaster.slots()).isEmpty();
            // Emptied, it became a replica of the node that took its last slot, that slot closed as Redis closes it.
            assertThat(newMaster.isMaster()).isFalse();
            assertClusterChecks(first, 3, KEYS);
            assertThat(admin("del-node", first.address(), newMaster.id())).doesNotContain("[ERR]");
            assertThat(cli(first, "CLUSTER", "INFO")).contains("cluster_state:ok", "cluster_known_nodes:6");
            assertClusterChecks(first, 3, KEYS);
        }
        // A client that still routes to a removed node gets CLUSTERDOWN from it, as from a reset Redis: start afresh.
        try (JedisCluster jedis = new JedisCluster(HostAndPort.from(first.address()))) {
            IntStream.range(0, KEYS).forEach(i -> assertThat(jedis.get("key:" + i)).isIn("v" + i, "during-pause"));
        }
    }

    @Test
    void fixCoversASlotLeftUnassignedAndClosesAnOpenOne() throws Exception {
        ClusterNode first = nodes.get(0);
        List<String> create = new ArrayList<>(List.of("--cluster", "create"));
        nodes.subList(0, 3).forEach(n -> create.add(n.address()));
        create.add("--cluster-yes");
        assertThat(RedisCli.run(first.host(), first.port(), null, 60, create.toArray(String[]::new)))
                .contains("[OK] All 16384 slots covered.");
        ClusterNode owner = cluster.masterForSlot(100);
        ClusterNode other = nodes.stream().limit(3).filter(n -> !n.equals(owner)).findFirst().orElseThrow();
        assertThat(cli(owner, "CLUSTER", "DELSLOTS", "100")).isEqualTo("OK\n");
        assertThat(cli(other, "CLUSTER", "SETSLOT", "5", "IMPORTING", owner.id())).isEqualTo("OK\n");

        String check = RedisCli.run(first.host(), first.port(), null, 20, "--cluster", "check", first.address());
        assertThat(check).contains("[ERR] Not all 16384 slots are covered by nodes.", "[WARNING] Node " + other.address()
                + " has slots in importing state 5.");

        // fix asks before covering a slot whatever --cluster-yes says: the operator types yes.
        String fix = RedisCli.run(first.host(), first.port(), "yes\n", 60, "--cluster", "fix", first.address(), "--cluster-yes");
        assertThat(fix).contains("Case 2: Moving all the 5 slot keys to its owner " + owner.address(),
                "The following uncovered slots have no keys across the cluster:\n[100]", "Covering slot 100");
        assertClusterChecks(first, 3, 0);
        assertThat(cli(first, "CLUSTER", "INFO")).contains("cluster_state:ok");
    }

    private static String keyServedBy(JedisCluster jedis, ClusterNode master) {
        for (int i = 0; i < KEYS; i++) {
            String key = "key:" + i;
            if (master.slots().stream().anyMatch(range -> range.contains(EmbeddedRedisCluster.slotOf(key)))) {
                return key;
            }
        }
        throw new IllegalStateException("no key on " + master);
    }

    private String admin(String command, String... args) throws Exception {
        ClusterNode first = nodes.get(0);
        List<String> argv = new ArrayList<>(List.of("--cluster", command));
        argv.addAll(List.of(args));
        String out = RedisCli.run(first.host(), first.port(), null, 120, argv.toArray(String[]::new));
        assertThat(out).doesNotContain("[ERR]");
        return out;
    }

    private static void assertClusterChecks(ClusterNode node, int masters, int keys) throws Exception {
        String check = RedisCli.run(node.host(), node.port(), null, 20, "--cluster", "check", node.address());
        assertThat(check).contains("All nodes agree about slots configuration.", "All 16384 slots covered.",
                "[OK] " + keys + " keys in " + masters + " masters.");
        assertThat(check).doesNotContain("[ERR]").doesNotContain("[WARNING]");
    }

    private static String cli(ClusterNode node, String... command) throws Exception {
        return RedisCli.run(node.host(), node.port(), null, 20, command);
    }
}
