package dev.embeddedcluster.command.scripting;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Scripts in a cluster of three masters, where keys live on other nodes: the texts Redis 7.0
 * gives (script.c) for keys a script touches that this node does not serve, and one script cache
 * per node. The comparison tests cannot show these: their real server owns every slot.
 */
class ScriptingClusterIT {
    private static EmbeddedRedisCluster cluster;

    @BeforeAll
    static void start() {
        cluster = EmbeddedRedisCluster.builder().masters(3).replicasPerMaster(0).build().start();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static String sha1(String script) {
        return RedisApi.sha1hex(script.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void keysOfOtherNodesAreRefused() {
        ClusterNode here = cluster.masterForKey("{here}");
        ClusterNode there = cluster.masterForKey("{there}");
        assertThat(here).isNotEqualTo(there);
        try (Jedis jedis = new Jedis(here.host(), here.port())) {
            String undeclared = "return redis.call('get', '{there}k')";
            assertThatThrownBy(() -> jedis.eval(undeclared, 0))
                    .hasMessage("ERR Script attempted to access a non local key in a cluster node script: "
                            + sha1(undeclared) + ", on @user_script:1.");
            String caught = "local r = redis.pcall('get', '{there}k'); return r['err']";
            assertThat(jedis.eval(caught, 0)).isEqualTo("ERR Script attempted to access a non local key in a cluster node");
            assertThatThrownBy(() -> jedis.eval("return 1", 1, "{there}k"))
                    .hasMessageStartingWith("MOVED ");
            assertThatThrownBy(() -> jedis.eval("return 1", 2, "{here}k", "{there}k"))
                    .hasMessage("CROSSSLOT Keys in request don't hash to the same slot");
            assertThat(jedis.eval("return redis.call('set', KEYS[1], 'v')", 1, "{here}k")).isEqualTo("OK");
        }
    }

    /**
     * luaj runs each coroutine on a thread of its own: the coroutines a script leaves suspended,
     * or never starts, are ended with it, on every node, instead of leaving their threads waiting.
     */
    @Test
    void coroutinesLeftSuspendedEndWithTheirScript() throws InterruptedException {
        String script = "local g = coroutine.wrap(function() coroutine.yield(1) coroutine.yield(2) end) "
                + "local co = coroutine.create(function() local inner = coroutine.wrap(function() coroutine.yield(3) end) "
                + "inner() coroutine.yield(4) end) coroutine.resume(co) local never = coroutine.create(function() end) "
                + "return {g(), redis.call('incr', KEYS[1])}";
        for (String tag : java.util.List.of("{here}", "{there}")) {
            ClusterNode node = cluster.masterForKey(tag);
            try (Jedis jedis = new Jedis(node.host(), node.port())) {
                for (int i = 1; i <= 20; i++) {
                    assertThat(jedis.eval(script, 1, tag + "runs")).isEqualTo(java.util.List.of(1L, (long) i));
                }
            }
        }
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        while (!coroutineThreads().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(coroutineThreads()).isEmpty();
    }

    /** The live threads luaj started for coroutines (it names them "Coroutine-n"). */
    private static java.util.List<String> coroutineThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .map(Thread::getName).filter(name -> name.startsWith("Coroutine-")).toList();
    }

    @Test
    void eachNodeHasItsOwnScriptCache() {
        ClusterNode first = cluster.masterForKey("{here}");
        ClusterNode second = cluster.masterForKey("{there}");
        try (Jedis a = new Jedis(first.host(), first.port()); Jedis b = new Jedis(second.host(), second.port())) {
            String sha = a.scriptLoad("return 'only on the first node'");
            assertThat(a.scriptExists(sha)).isTrue();
            assertThat(b.scriptExists(sha)).isFalse();
            assertThat(a.evalsha(sha, 0)).isEqualTo("only on the first node");
            assertThatThrownBy(() -> b.evalsha(sha, 0)).hasMessage("NOSCRIPT No matching script. Please use EVAL.");
        }
    }
}
