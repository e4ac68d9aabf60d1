package dev.embeddedcluster.examples.readme;

import dev.embeddedcluster.junit.RedisCluster;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

@RedisCluster
@SpringBootTest
class SpringTest {
    @Autowired
    StringRedisTemplate redis;

    @Test
    void counts() {
        assertThat(redis.opsForValue().increment("visits")).isEqualTo(1);
    }
}
