package dev.embeddedcluster.examples.acl;

import dev.embeddedcluster.ReplicationMode;
import dev.embeddedcluster.junit.RedisCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RMap;
import org.redisson.api.RedissonClient;
import org.redisson.api.SortOrder;
import org.redisson.client.RedisException;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Redisson as a user restricted to the {@code app:} keys and to reads, writes, connection
 * commands and scripts. Redisson needs CLUSTER NODES (its topology) and {@code @scripting}: its
 * objects are Lua scripts (an {@code RMap.put} is EVALSHA, then EVAL), which Redis checks command
 * by command against the user's rules as they run; READONLY on its replica connections is a
 * {@code @connection} command. It also sends PUBSUB NUMPAT and PUBSUB SHARDNUMSUB when it starts
 * and works on when they are refused, as here.
 */
@RedisCluster(replication = ReplicationMode.SYNCHRONOUS, password = "admin-pw",
        users = "app app-pw ~app:* +@read +@write +@connection +@scripting -@dangerous +cluster|nodes")
class RedissonRestrictedUserTest {
    private static RedissonClient redisson;

    @BeforeAll
    static void connect(List<URI> seeds) {
        Config config = new Config();
        config.setCodec(StringCodec.INSTANCE);
        config.useClusterServers().setNodeAddresses(seeds.stream().map(URI::toString).toList());
        config.setUsername("app");
        config.setPassword("app-pw");
        redisson = Redisson.create(config);
    }

    @AfterAll
    static void disconnect() {
        redisson.shutdown();
    }

    @Test
    void readsAndWritesItsOwnKeysOnMastersAndReplicas() {
        redisson.getBucket("app:{1}:cart").set("3");
        RMap<String, String> user = redisson.getMap("app:{2}:user");
        user.put("name", "ada");
        assertThat(redisson.getAtomicLong("app:{3}:visits").incrementAndGet()).isEqualTo(1);
        // Redisson reads from replicas (READONLY connections); synchronous replication makes the writes visible there
        assertThat(redisson.<String>getBucket("app:{1}:cart").get()).isEqualTo("3");
        assertThat(user.get("name")).isEqualTo("ada");
    }

    @Test
    void aKeyOutsideItsPatternIsRefused() {
        assertThatThrownBy(() -> redisson.getBucket("billing:1").set("x"))
                .isInstanceOf(RedisException.class)
                .hasMessageStartingWith("NOPERM this user has no permissions to access one of the keys used as arguments. channel: ");
    }

    @Test
    void aDangerousCommandIsRefused() {
        redisson.getList("app:list").addAll(List.of("b", "a"));
        // Redisson sorts with SORT_RO, @dangerous as SORT is
        assertThatThrownBy(() -> redisson.getList("app:list").readSort(SortOrder.ASC))
                .isInstanceOf(RedisException.class)
                .hasMessageStartingWith("NOPERM this user has no permissions to run the 'sort_ro' command. channel: ");
    }
}
