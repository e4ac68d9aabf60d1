package dev.embeddedcluster.examples;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.junit.RedisCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.ClusterPipeline;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.Response;
import redis.clients.jedis.args.ListDirection;
import redis.clients.jedis.exceptions.JedisMovedDataException;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.params.XClaimParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.resps.StreamPendingSummary;
import redis.clients.jedis.resps.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A session store and page counters on Jedis's cluster client, tested against the in-JVM cluster. */
@RedisCluster
class JedisClusterExampleTest {
    private JedisCluster jedis;

    @BeforeEach
    void connect(List<String> seeds) {
        Set<HostAndPort> nodes = seeds.stream().map(HostAndPort::from).collect(Collectors.toSet());
        jedis = new JedisCluster(nodes);
    }

    @AfterEach
    void disconnect() {
        jedis.close();
    }

    @Test
    void storesSessionsWithATimeToLive() {
        jedis.set("session:alice", "cart=3", SetParams.setParams().ex(1800));
        assertThat(jedis.get("session:alice")).isEqualTo("cart=3");
        assertThat(jedis.ttl("session:alice")).isBetween(1799L, 1800L);
    }

    @Test
    void countsVisitsPerUserWithHashTagsKeepingAUsersKeysTogether() {
        jedis.incr("{user:42}:visits");
        jedis.incr("{user:42}:visits");
        jedis.set("{user:42}:name", "Ada");
        assertThat(jedis.mget("{user:42}:visits", "{user:42}:name")).containsExactly("2", "Ada");
    }

    @Test
    void pipelinesAreSplitByNodeAndAnswerInOrder() {
        List<Response<String>> replies = new ArrayList<>();
        try (ClusterPipeline pipeline = jedis.pipelined()) {
            for (int i = 0; i < 100; i++) {
                pipeline.set("page:" + i, "views=" + i);
            }
            for (int i = 0; i < 100; i++) {
                replies.add(pipeline.get("page:" + i));
            }
            pipeline.sync();
        }
        assertThat(replies).extracting(Response::get)
                .containsExactlyElementsOf(IntStream.range(0, 100).mapToObj(i -> "views=" + i).toList());
    }

    @Test
    void aPlainConnectionToTheWrongMasterIsRedirectedAndJedisClusterFollows(EmbeddedRedisCluster cluster) {
        ClusterNode owner = cluster.masterForKey("session:bob");
        ClusterNode other = cluster.masters().stream().filter(m -> !m.equals(owner)).findFirst().orElseThrow();
        try (Jedis wrongNode = new Jedis(other.host(), other.port())) {
            assertThatThrownBy(() -> wrongNode.set("session:bob", "cart=1"))
                    .isInstanceOf(JedisMovedDataException.class)
                    .hasMessage("MOVED " + EmbeddedRedisCluster.slotOf("session:bob") + " " + owner.host() + ":" + owner.port());
        }
        assertThat(jedis.set("session:bob", "cart=1")).isEqualTo("OK");
        assertThat(jedis.get("session:bob")).isEqualTo("cart=1");
    }

    @Test
    void aShoppingCartInAHashAndAWorkQueueInLists() {
        jedis.hset("cart:alice", Map.of("teapot", "1", "cups", "4"));
        jedis.hincrBy("cart:alice", "cups", 2);
        jedis.hdel("cart:alice", "teapot");
        assertThat(jedis.hgetAll("cart:alice")).isEqualTo(Map.of("cups", "6"));

        jedis.rpush("{jobs}:pending", "resize:1", "resize:2", "resize:3");
        String job = jedis.lmove("{jobs}:pending", "{jobs}:working", ListDirection.LEFT, ListDirection.RIGHT);
        assertThat(job).isEqualTo("resize:1");
        jedis.lrem("{jobs}:working", 1, job);
        assertThat(jedis.llen("{jobs}:pending")).isEqualTo(2);
        assertThat(jedis.exists("{jobs}:working")).isFalse();
    }

    @Test
    void aLeaderboardInASortedSet() {
        jedis.zadd("leaderboard", Map.of("ada", 120.0, "grace", 95.0, "linus", 130.0));
        jedis.zincrby("leaderboard", 40, "grace");
        assertThat(jedis.zrevrange("leaderboard", 0, 2)).containsExactly("grace", "linus", "ada");
        assertThat(jedis.zrevrank("leaderboard", "ada")).isEqualTo(2);
        assertThat(jedis.zscore("leaderboard", "grace")).isEqualTo(135.0);
        assertThat(jedis.zcount("leaderboard", 100, 130)).isEqualTo(2);
        List<Tuple> top = jedis.zrevrangeWithScores("leaderboard", 0, 0);
        assertThat(top).containsExactly(new Tuple("grace", 135.0));
        assertThat(jedis.zpopmin("leaderboard")).isEqualTo(new Tuple("ada", 120.0));
    }

    @Test
    void ordersFlowThroughAStreamToAConsumerGroup() {
        StreamEntryID first = jedis.xadd("orders", StreamEntryID.NEW_ENTRY, Map.of("item", "teapot", "qty", "1"));
        jedis.xadd("orders", StreamEntryID.NEW_ENTRY, Map.of("item", "cups", "qty", "4"));
        jedis.xgroupCreate("orders", "billing", new StreamEntryID(), false);

        List<Map.Entry<String, List<StreamEntry>>> batch = jedis.xreadGroup("billing", "worker-1",
                XReadGroupParams.xReadGroupParams().count(10), Map.of("orders", StreamEntryID.UNRECEIVED_ENTRY));
        List<StreamEntry> delivered = batch.get(0).getValue();
        assertThat(delivered).extracting(e -> e.getFields().get("item")).containsExactly("teapot", "cups");

        assertThat(jedis.xack("orders", "billing", first)).isEqualTo(1);
        StreamPendingSummary pending = jedis.xpending("orders", "billing");
        assertThat(pending.getTotal()).isEqualTo(1);
        assertThat(pending.getConsumerMessageCount()).containsEntry("worker-1", 1L);

        List<StreamEntry> claimed = jedis.xclaim("orders", "billing", "worker-2", 0,
                XClaimParams.xClaimParams(), delivered.get(1).getID());
        assertThat(claimed).extracting(StreamEntry::getID).containsExactly(delivered.get(1).getID());
        assertThat(jedis.xlen("orders")).isEqualTo(2);
    }

    @Test
    void stockReservationsAsALuaFunctionLoadedOnEveryMaster() {
        // JedisCluster sends FUNCTION LOAD to every master, as each node keeps its own libraries.
        jedis.functionLoadReplace("#!lua name=stock\n"
                + "redis.register_function('reserve', function(keys, args)\n"
                + "  local left = tonumber(redis.call('get', keys[1]) or '0')\n"
                + "  if left < tonumber(args[1]) then return redis.error_reply('NOSTOCK only ' .. left .. ' left') end\n"
                + "  return redis.call('decrby', keys[1], args[1])\n"
                + "end)\n"
                + "redis.register_function{function_name='available', flags={'no-writes'},\n"
                + "  callback=function(keys) return tonumber(redis.call('get', keys[1]) or '0') end}\n");
        jedis.set("stock:teapot", "5");
        assertThat(jedis.fcall("reserve", List.of("stock:teapot"), List.of("3"))).isEqualTo(2L);
        assertThatThrownBy(() -> jedis.fcall("reserve", List.of("stock:teapot"), List.of("3"))).hasMessage("NOSTOCK only 2 left");
        assertThat(jedis.fcallReadonly("available", List.of("stock:teapot"), List.of())).isEqualTo(2L);
    }

    @Test
    void everyTestStartsWithAnEmptyCluster() {
        assertThat(jedis.get("session:alice")).isNull();
        assertThat(jedis.get("{user:42}:visits")).isNull();
    }
}
