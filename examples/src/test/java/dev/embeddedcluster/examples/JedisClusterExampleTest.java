package dev.embeddedcluster.examples;

import dev.embeddedcluster.junit.RedisCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.params.SetParams;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** A session store on Jedis's cluster client, tested against the in-JVM cluster. */
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
    void everyTestStartsWithAnEmptyCluster() {
        assertThat(jedis.get("session:alice")).isNull();
        assertThat(jedis.get("{user:42}:visits")).isNull();
    }
}
