package dev.embeddedcluster.e2e;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.server.LuaEngines;
import dev.embeddedcluster.testing.RespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Scripts past busy-reply-threshold in the six-node cluster: the node running one answers BUSY
 * until SCRIPT KILL or FUNCTION KILL (or the script's end), while every other node keeps serving;
 * a replica busy with EVAL_RO catches up with its master afterwards; a script of another node
 * waits for its turn on the shared Lua engine with its own node busy, not frozen.
 */
class BusyScriptClusterIT {
    /** The texts, checked against a real server by {@code compare.BusyScriptsIT}, as replies. */
    private static final String BUSY_EVAL = "-" + Errors.BUSY_SCRIPT + "\r\n";
    private static final String BUSY_FUNCTION = "-" + Errors.BUSY_FUNCTION + "\r\n";
    private static final String UNKILLABLE = "-" + Errors.UNKILLABLE + "\r\n";
    private static final String SPIN = "while true do end";
    private static final String SPIN_SHA = "694a5fe1ddb97a4c6a1bf299d9537c7d3d0f84e7";

    private static EmbeddedRedisCluster cluster;
    private static ClusterNode busyMaster;
    private static String key;

    @BeforeAll
    static void start() {
        cluster = EmbeddedRedisCluster.builder().build().start();
        busyMaster = cluster.masters().get(0);
        key = keyOn(busyMaster, "busy");
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    /** No test leaves a script running or a small threshold behind. */
    @AfterEach
    void endScriptsAndRestoreThreshold() {
        for (ClusterNode node : cluster.nodes()) {
            try (RespClient client = connect(node)) {
                client.call("SCRIPT", "KILL");
                client.call("FUNCTION", "KILL");
                await().atMost(Duration.ofSeconds(5)).until(() -> client.call("PING").equals("+PONG\r\n"));
                client.call("CONFIG", "SET", "busy-reply-threshold", "5000");
            }
        }
        cluster.flushAll();
    }

    @Test
    void aLongScriptMakesItsMasterBusyWhileTheOtherNodesServe() {
        try (RespClient caller = connect(busyMaster); RespClient other = connect(busyMaster)) {
            busyAfter100ms(other);
            caller.send("EVAL", SPIN, "1", key);
            awaitBusy(other);
            assertThat(other.call("GET", key)).isEqualTo(BUSY_EVAL);
            assertThat(other.call("SET", key, "x")).isEqualTo(BUSY_EVAL);
            assertOtherNodesServe();
            try (RespClient onReplica = connect(cluster.replicasOf(busyMaster).get(0))) {
                onReplica.call("READONLY");
                assertThat(onReplica.call("GET", key)).isEqualTo("$-1\r\n");
            }
            assertThat(caller.replyWithin(50)).isFalse();

            assertThat(other.call("SCRIPT", "KILL")).isEqualTo("+OK\r\n");
            assertThat(caller.readReply()).isEqualTo("-ERR Script killed by user with SCRIPT KILL... script: "
                    + SPIN_SHA + ", on @user_script:1.\r\n");
            assertThat(other.call("SET", key, "after")).isEqualTo("+OK\r\n");
            assertThat(caller.call("GET", key)).isEqualTo("$5\r\nafter\r\n");
            assertThat(other.call("SCRIPT", "KILL")).isEqualTo("-NOTBUSY No scripts in execution right now.\r\n");
            assertThat(caller.call("EVAL", "return redis.call('GET', KEYS[1])", "1", key)).isEqualTo("$5\r\nafter\r\n");
        }
    }

    @Test
    void functionKillEndsALongFunction() {
        try (RespClient caller = connect(busyMaster); RespClient other = connect(busyMaster)) {
            busyAfter100ms(other);
            assertThat(other.call("FUNCTION", "LOAD", "REPLACE",
                    "#!lua name=spinning\nredis.register_function('spin', function(keys) while true do end end)"))
                    .isEqualTo("$8\r\nspinning\r\n");
            caller.send("FCALL", "spin", "1", key);
            awaitBusy(other);
            assertThat(other.call("GET", key)).isEqualTo(BUSY_FUNCTION);
            assertThat(other.call("FUNCTION", "STATS")).contains("$4\r\nspin\r\n", "$5\r\nFCALL\r\n", "duration_ms");
            assertThat(other.call("SCRIPT", "KILL")).isEqualTo(BUSY_FUNCTION);
            assertOtherNodesServe();

            assertThat(other.call("FUNCTION", "KILL")).isEqualTo("+OK\r\n");
            assertThat(caller.readReply())
                    .isEqualTo("-ERR Script killed by user with SCRIPT KILL... script: spin, on @user_function:2.\r\n");
            assertThat(other.call("FUNCTION", "STATS")).startsWith("*4\r\n$14\r\nrunning_script\r\n$-1\r\n");
            assertThat(other.call("FUNCTION", "DELETE", "spinning")).isEqualTo("+OK\r\n");
        }
    }

    @Test
    void aScriptThatWroteIsUnkillableAndEndsByItselfWithItsWritesReplicated() {
        String script = "redis.call('SET', KEYS[1], 'written') "
                + "local t = redis.call('TIME') local deadline = t[1] * 1000000 + t[2] + 3000000 "
                + "repeat t = redis.call('TIME') until t[1] * 1000000 + t[2] > deadline return 'done'";
        try (RespClient caller = connect(busyMaster); RespClient other = connect(busyMaster);
             RespClient onReplica = connect(cluster.replicasOf(busyMaster).get(0))) {
            busyAfter100ms(other);
            caller.send("EVAL", script, "1", key);
            awaitBusy(other);
            assertThat(other.call("SCRIPT", "KILL")).isEqualTo(UNKILLABLE);
            assertThat(other.call("FUNCTION", "KILL")).isEqualTo(UNKILLABLE);
            assertOtherNodesServe();
            assertThat(caller.readReply()).isEqualTo("$4\r\ndone\r\n");
            assertThat(other.call("GET", key)).isEqualTo("$7\r\nwritten\r\n");
            onReplica.call("READONLY");
            await().atMost(Duration.ofSeconds(5)).until(() -> onReplica.call("GET", key).equals("$7\r\nwritten\r\n"));
        }
    }

    @Test
    void aReplicaBusyWithEvalRoAppliesItsMastersWritesAfterTheScript() {
        ClusterNode replica = cluster.replicasOf(busyMaster).get(0);
        try (RespClient caller = connect(replica); RespClient other = connect(replica); RespClient master = connect(busyMaster)) {
            caller.call("READONLY");
            other.call("READONLY");
            busyAfter100ms(other);
            caller.send("EVAL_RO", "local first = redis.call('GET', KEYS[1]) " + SPIN, "1", key);
            awaitBusy(other);
            assertThat(master.call("SET", key, "from-master")).isEqualTo("+OK\r\n");
            assertThat(other.call("GET", key)).isEqualTo(BUSY_EVAL);
            assertThat(other.call("SCRIPT", "KILL")).isEqualTo("+OK\r\n");
            assertThat(caller.readReply()).startsWith("-ERR Script killed by user with SCRIPT KILL...");
            await().atMost(Duration.ofSeconds(5)).until(() -> other.call("GET", key).equals("$11\r\nfrom-master\r\n"));
        }
    }

    @Test
    void scriptsOfOtherNodesAndOfAnotherClusterRunWhileANodeIsBusy() {
        ClusterNode second = cluster.masters().get(1);
        String secondKey = keyOn(second, "turn");
        try (EmbeddedRedisCluster another = EmbeddedRedisCluster.builder().masters(1).replicasPerMaster(0).build().start();
             RespClient caller = connect(busyMaster); RespClient other = connect(busyMaster); RespClient secondCaller = connect(second);
             RespClient elsewhere = connect(another.masters().get(0)); RespClient elsewhereOther = connect(another.masters().get(0))) {
            busyAfter100ms(other);
            busyAfter100ms(elsewhereOther);
            caller.send("EVAL", SPIN, "1", key);
            awaitBusy(other);
            // Each node has a Lua engine of its own, as each Redis node has its own interpreter: these
            // answer while the spinning script runs on (it ends only when killed below). The bound
            // leaves room for loading two engines on a loaded machine.
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                assertThat(secondCaller.call("EVAL", "return redis.call('INCR', KEYS[1])", "1", secondKey)).isEqualTo(":1\r\n");
                assertThat(secondCaller.call("PING")).isEqualTo("+PONG\r\n");
                assertThat(elsewhere.call("EVAL", "return 'elsewhere'", "0")).isEqualTo("$9\r\nelsewhere\r\n");
            });
            elsewhere.send("EVAL", SPIN, "0");
            awaitBusy(elsewhereOther);
            assertThat(elsewhereOther.call("SCRIPT", "KILL")).isEqualTo("+OK\r\n");
            assertThat(elsewhere.readReply()).startsWith("-ERR Script killed by user");
            assertThat(other.call("GET", key)).isEqualTo(BUSY_EVAL);
            assertThat(other.call("SCRIPT", "KILL")).isEqualTo("+OK\r\n");
            assertThat(caller.readReply()).startsWith("-ERR Script killed by user");
        }
    }

    @Test
    void aClosedClustersLuaEnginesServeTheNextCluster() {
        runAScriptOnAFreshClusterAndCloseIt();
        int loaded = LuaEngines.created();
        runAScriptOnAFreshClusterAndCloseIt();
        runAScriptOnAFreshClusterAndCloseIt();
        assertThat(LuaEngines.created()).isEqualTo(loaded);
    }

    private static void runAScriptOnAFreshClusterAndCloseIt() {
        try (EmbeddedRedisCluster fresh = EmbeddedRedisCluster.builder().masters(2).replicasPerMaster(0).build().start()) {
            for (ClusterNode master : fresh.masters()) {
                try (RespClient client = connect(master)) {
                    assertThat(client.call("EVAL", "return 1", "0")).isEqualTo(":1\r\n");
                }
            }
        }
    }

    @Test
    void closingAClusterEndsItsEndlessScriptAndFreesTheLuaEngine() {
        EmbeddedRedisCluster small = EmbeddedRedisCluster.builder().masters(1).replicasPerMaster(0).build().start();
        ClusterNode node = small.masters().get(0);
        try (RespClient caller = connect(node); RespClient other = connect(node)) {
            busyAfter100ms(other);
            caller.send("EVAL", SPIN, "0");
            awaitBusy(other);
            assertTimeoutPreemptively(Duration.ofSeconds(10), small::close);
        } finally {
            small.close();
        }
        try (RespClient client = connect(busyMaster)) {
            assertThat(client.call("EVAL", "return 'free'", "0")).isEqualTo("$4\r\nfree\r\n");
        }
    }

    /** A SET and GET on every master but the busy one, each answered at once. */
    private static void assertOtherNodesServe() {
        for (ClusterNode master : cluster.masters()) {
            if (master.equals(busyMaster)) {
                continue;
            }
            String ownKey = keyOn(master, "serving");
            try (RespClient client = connect(master)) {
                assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
                    assertThat(client.call("SET", ownKey, "v")).isEqualTo("+OK\r\n");
                    assertThat(client.call("GET", ownKey)).isEqualTo("$1\r\nv\r\n");
                });
            }
        }
    }

    private static void busyAfter100ms(RespClient client) {
        client.call("CONFIG", "SET", "busy-reply-threshold", "100");
    }

    private static void awaitBusy(RespClient client) {
        await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                .until(() -> client.call("PING").startsWith("-BUSY"));
    }

    /** A key the given master serves. */
    private static String keyOn(ClusterNode master, String prefix) {
        for (int i = 0; ; i++) {
            String candidate = prefix + i;
            if (cluster.masterForKey(candidate).equals(master)) {
                return candidate;
            }
        }
    }

    private static RespClient connect(ClusterNode node) {
        return new RespClient(node.host(), node.port());
    }
}
