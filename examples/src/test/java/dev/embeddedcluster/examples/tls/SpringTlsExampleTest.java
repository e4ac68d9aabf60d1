package dev.embeddedcluster.examples.tls;

import dev.embeddedcluster.junit.RedisCluster;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Boot on a TLS cluster with no setup of its own: the extension hands it the CA and the
 * client certificate as the SSL bundle {@code embedded-redis-cluster}, which its Redis support
 * uses (here with Redis's default tls-auth-clients yes, so the client certificate is needed).
 */
@RedisCluster(tls = true)
@SpringBootTest(classes = SpringTlsExampleTest.Application.class)
class SpringTlsExampleTest {
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {
    }

    @Autowired
    StringRedisTemplate redis;

    @Value("${spring.data.redis.ssl.bundle}")
    String bundle;

    @Test
    void templatesWorkAcrossSlotsOverTls() {
        assertThat(bundle).isEqualTo("embedded-redis-cluster");
        Map<String, String> prices = IntStream.range(0, 40).boxed()
                .collect(Collectors.toMap(i -> "price:" + i, i -> Integer.toString(i * 10)));
        prices.forEach((key, value) -> redis.opsForValue().set(key, value));
        assertThat(redis.opsForValue().get("price:33")).isEqualTo("330");
        assertThat(redis.opsForValue().increment("price:4", 5)).isEqualTo(45);
    }
}
