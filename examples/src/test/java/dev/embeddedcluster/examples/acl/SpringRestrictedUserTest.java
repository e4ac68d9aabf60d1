package dev.embeddedcluster.examples.acl;

import dev.embeddedcluster.junit.RedisCluster;
import io.lettuce.core.RedisCommandExecutionException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.query.SortQueryBuilder;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Spring Data Redis (on Lettuce) as a user restricted to the {@code app:} keys: Spring Boot's
 * {@code spring.data.redis.username} and {@code password}, the cluster's nodes from the extension.
 * It needs what Lettuce needs, CLUSTER NODES.
 */
@RedisCluster(password = "admin-pw", users = "app app-pw ~app:* +@read +@write +@connection -@dangerous +cluster|nodes")
@SpringBootTest(classes = SpringRestrictedUserTest.App.class,
        properties = {"spring.data.redis.username=app", "spring.data.redis.password=app-pw"})
class SpringRestrictedUserTest {
    @Autowired
    StringRedisTemplate redis;

    @Test
    void readsAndWritesItsOwnKeys() {
        redis.opsForValue().set("app:{1}:cart", "3");
        redis.opsForHash().putAll("app:{2}:user", Map.of("name", "ada"));
        assertThat(redis.opsForValue().increment("app:{3}:visits")).isEqualTo(1);
        assertThat(redis.opsForValue().get("app:{1}:cart")).isEqualTo("3");
        assertThat(redis.opsForHash().get("app:{2}:user", "name")).isEqualTo("ada");
    }

    @Test
    void aKeyOutsideItsPatternIsRefused() {
        assertThatThrownBy(() -> redis.opsForValue().set("billing:1", "x"))
                .rootCause()
                .isInstanceOf(RedisCommandExecutionException.class)
                .hasMessage("NOPERM this user has no permissions to access one of the keys used as arguments");
    }

    @Test
    void aDangerousCommandIsRefused() {
        redis.opsForList().rightPushAll("app:list", "b", "a");
        assertThatThrownBy(() -> redis.sort(SortQueryBuilder.sort("app:list").build()))
                .rootCause()
                .isInstanceOf(RedisCommandExecutionException.class)
                .hasMessage("NOPERM this user has no permissions to run the 'sort' command");
    }

    @SpringBootApplication
    static class App {
    }
}
