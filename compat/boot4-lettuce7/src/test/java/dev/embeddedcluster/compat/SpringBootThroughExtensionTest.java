package dev.embeddedcluster.compat;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.junit.RedisCluster;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import redis.clients.jedis.Jedis;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Spring Boot's own Redis support (Lettuce) on the cluster that {@code @RedisCluster} starts. */
@RedisCluster
@SpringBootTest(properties = {"spring.cache.type=redis", "spring.data.redis.timeout=5s"})
class SpringBootThroughExtensionTest {
    @Autowired
    StringRedisTemplate redis;

    @Autowired
    GreetingService greetings;

    @Test
    void aCachedMethodComputesOnceAndItsValueIsInTheCluster(EmbeddedRedisCluster cluster) {
        int before = greetings.computations();
        assertThat(greetings.greet("Ada")).isEqualTo("Hello, Ada!");
        await().atMost(Duration.ofSeconds(5)).until(() -> redis.hasKey("greetings::Ada"));
        assertThat(greetings.greet("Ada")).isEqualTo("Hello, Ada!");
        assertThat(greetings.computations() - before).as("the second call came from the cache").isEqualTo(1);

        ClusterNode owner = cluster.masterForKey("greetings::Ada");
        try (Jedis direct = new Jedis(owner.host(), owner.port())) {
            assertThat(direct.get("greetings::Ada")).isEqualTo("Hello, Ada!");
            assertThat(direct.ttl("greetings::Ada")).isBetween(590L, 600L);
        }
    }

    @Test
    void valuesOnEveryMasterReadBackTogether(EmbeddedRedisCluster cluster) {
        List<String> keys = cluster.masters().stream().map(master -> Keys.ownedBy(cluster, master, "visits")).toList();
        keys.forEach(key -> redis.opsForValue().increment(key, 42));
        assertThat(redis.opsForValue().multiGet(keys)).as("one key on each master").containsExactly("42", "42", "42");
    }

    @Test
    void hashTaggedKeysInOneMultiKeyCommand() {
        redis.opsForValue().multiSet(Map.of("{cart:42}:items", "3", "{cart:42}:total", "99.50"));
        assertThat(redis.opsForValue().multiGet(List.of("{cart:42}:items", "{cart:42}:total")))
                .containsExactly("3", "99.50");
    }
}
