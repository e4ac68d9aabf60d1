package dev.embeddedcluster.examples.acl;

import dev.embeddedcluster.junit.RedisCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.ClusterPipeline;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisClusterOperationException;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Jedis's cluster client as a user restricted to the {@code app:} keys and to reads, writes and
 * connection commands. Beyond those, Jedis needs CLUSTER SLOTS alone (its slot cache); the CLIENT
 * SETINFO it sends on connecting is a {@code @connection} command, and an error to it is ignored.
 */
@RedisCluster(password = "admin-pw", users = {
        "app app-pw ~app:* +@read +@write +@connection -@dangerous +cluster|slots",
        "no-slots no-slots-pw ~app:* +@read +@write +@connection -@dangerous"})
class JedisRestrictedUserTest {
    private JedisCluster jedis;

    @BeforeEach
    void connect(List<String> seeds) {
        jedis = new JedisCluster(nodes(seeds), DefaultJedisClientConfig.builder().user("app").password("app-pw").build());
    }

    @AfterEach
    void disconnect() {
        jedis.close();
    }

    @Test
    void readsAndWritesItsOwnKeysOnEveryMaster() {
        jedis.set("app:{1}:cart", "3");
        jedis.hset("app:{2}:user", Map.of("name", "ada"));
        assertThat(jedis.incr("app:{3}:visits")).isEqualTo(1);
        List<Response<String>> replies;
        try (ClusterPipeline pipeline = jedis.pipelined()) {
            replies = List.of(pipeline.get("app:{1}:cart"), pipeline.hget("app:{2}:user", "name"), pipeline.get("app:{3}:visits"));
            pipeline.sync();
        }
        assertThat(replies).extracting(Response::get).containsExactly("3", "ada", "1");
    }

    @Test
    void aKeyOutsideItsPatternIsRefused() {
        assertThatThrownBy(() -> jedis.set("billing:1", "x"))
                .isInstanceOf(JedisAccessControlException.class)
                .hasMessage("NOPERM this user has no permissions to access one of the keys used as arguments");
    }

    @Test
    void aDangerousCommandIsRefused() {
        jedis.rpush("app:list", "b", "a");
        assertThatThrownBy(() -> jedis.sort("app:list"))
                .isInstanceOf(JedisAccessControlException.class)
                .hasMessage("NOPERM this user has no permissions to run the 'sort' command");
    }

    @Test
    void withoutClusterSlotsJedisCannotLearnTheSlots(List<String> seeds) {
        // as with Redis: every seed answers CLUSTER SLOTS with NOPERM, so there is no slot cache to start from
        JedisClientConfig noSlots = DefaultJedisClientConfig.builder().user("no-slots").password("no-slots-pw").build();
        assertThatThrownBy(() -> new JedisCluster(nodes(seeds), noSlots).close())
                .isInstanceOf(JedisClusterOperationException.class)
                .hasMessage("Could not initialize cluster slots cache.");
    }

    private static Set<HostAndPort> nodes(List<String> seeds) {
        return seeds.stream().map(HostAndPort::from).collect(Collectors.toSet());
    }
}
