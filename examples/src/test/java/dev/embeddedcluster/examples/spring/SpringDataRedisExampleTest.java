package dev.embeddedcluster.examples.spring;

import dev.embeddedcluster.junit.RedisCluster;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Spring Boot test on the in-JVM cluster: the extension gives the application context
 * {@code spring.data.redis.cluster.nodes}, so Spring Boot's own Redis support connects to it with
 * no further configuration.
 */
@RedisCluster
@SpringBootTest(classes = CatalogApplication.class,
        properties = {"spring.cache.type=redis", "spring.cache.cache-names=products"})
class SpringDataRedisExampleTest {
    @Autowired
    StringRedisTemplate strings;

    @Autowired
    RedisTemplate<String, Product> products;

    @Autowired
    ProductCatalog catalog;

    @Autowired
    PersonRepository people;

    @Autowired
    PriceUpdates priceUpdates;

    @Value("${spring.data.redis.cluster.nodes}")
    String clusterNodes;

    @Test
    void springBootConnectsToTheClusterOfThisClass(List<String> seeds) {
        assertThat(clusterNodes).isEqualTo(String.join(",", seeds));
        assertThat(strings.getConnectionFactory().getClusterConnection().clusterGetNodes()).hasSize(6);
    }

    @Test
    void countersAndExpiringValuesWithStringRedisTemplate() {
        assertThat(strings.opsForValue().increment("visits:home")).isEqualTo(1);
        assertThat(strings.opsForValue().increment("visits:home", 41)).isEqualTo(42);
        strings.opsForValue().set("otp:alice", "913204", Duration.ofMinutes(5));
        assertThat(strings.opsForValue().get("otp:alice")).isEqualTo("913204");
        assertThat(strings.getExpire("otp:alice")).isBetween(299L, 300L);
        assertThat(strings.opsForValue().multiGet(List.of("visits:home", "otp:alice", "missing")))
                .as("keys on different masters, fetched slot by slot").containsExactly("42", "913204", null);
    }

    @Test
    void objectsStoredAsJson() {
        Product lamp = new Product("L-100", "Desk lamp", new BigDecimal("34.50"));
        products.opsForValue().set("product:L-100", lamp);
        assertThat(products.opsForValue().get("product:L-100")).isEqualTo(lamp);
        assertThat(strings.opsForValue().get("product:L-100"))
                .isEqualTo("{\"sku\":\"L-100\",\"name\":\"Desk lamp\",\"price\":34.50}");
    }

    @Test
    void cacheableLookupsHitTheSlowSourceOnce() {
        int before = catalog.lookups();
        Product first = catalog.find("B-7");
        // Spring Data Redis may store cache entries asynchronously: wait for the entry to land.
        await().atMost(Duration.ofSeconds(5)).until(() -> strings.hasKey("products::B-7"));
        assertThat(strings.getExpire("products::B-7")).isBetween(599L, 600L);
        assertThat(catalog.find("B-7")).isEqualTo(first);
        assertThat(catalog.lookups() - before).as("the second call was served by the cache").isEqualTo(1);

        catalog.priceChanged("B-7");
        await().atMost(Duration.ofSeconds(5)).until(() -> !strings.hasKey("products::B-7"));
        catalog.find("B-7");
        assertThat(catalog.lookups() - before).isEqualTo(2);
    }

    @Test
    void aRepositoryStoresHashesAndFindsThemByAnIndexedField() {
        people.save(new Person("1", "Ada", "London"));
        people.save(new Person("2", "Grace", "Arlington"));
        people.save(new Person("3", "Alan", "London"));
        assertThat(people.findById("2")).contains(new Person("2", "Grace", "Arlington"));
        assertThat(people.findByCity("London")).extracting(Person::name).containsExactlyInAnyOrder("Ada", "Alan");
        assertThat(people.count()).isEqualTo(3);
        assertThat(strings.type("people:1").code()).isEqualTo("hash");
        assertThat(strings.<String, String>opsForHash().entries("people:1")).containsEntry("name", "Ada");

        people.deleteById("1");
        assertThat(people.findByCity("London")).extracting(Person::name).containsExactly("Alan");
        assertThat(strings.hasKey("people:1")).isFalse();
    }

    @Test
    void hashesAndListsThroughTheTemplate() {
        strings.opsForHash().putAll("profile:7", Map.of("name", "Lin", "visits", "1"));
        strings.opsForHash().increment("profile:7", "visits", 4);
        assertThat(strings.opsForHash().entries("profile:7")).isEqualTo(Map.of("name", "Lin", "visits", "5"));
        strings.opsForList().rightPushAll("jobs", "resize", "encode", "notify");
        assertThat(strings.opsForList().leftPop("jobs")).isEqualTo("resize");
        assertThat(strings.opsForList().range("jobs", 0, -1)).containsExactly("encode", "notify");
        strings.opsForSet().add("tags:7", "new", "vip", "new");
        assertThat(strings.opsForSet().members("tags:7")).containsExactlyInAnyOrder("new", "vip");
    }

    @Test
    void aHighScoreTableThroughOpsForZSet() {
        var scores = strings.opsForZSet();
        scores.add("highscores", "ada", 120);
        scores.add("highscores", "grace", 95);
        scores.add("highscores", "linus", 130);
        assertThat(scores.incrementScore("highscores", "grace", 40)).isEqualTo(135.0);
        assertThat(scores.reverseRange("highscores", 0, 1)).containsExactly("grace", "linus");
        assertThat(scores.rangeByScore("highscores", 100, 130)).containsExactly("ada", "linus");
        assertThat(scores.reverseRank("highscores", "ada")).isEqualTo(2L);
        assertThat(scores.score("highscores", "linus")).isEqualTo(130.0);
        assertThat(scores.popMin("highscores").getValue()).isEqualTo("ada");
        assertThat(scores.zCard("highscores")).isEqualTo(2L);
    }

    @Test
    void aMessageListenerContainerReceivesPublishedMessages() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            strings.convertAndSend("price-updates", "mug:9.99");
            assertThat(priceUpdates.received()).contains("mug:9.99");
        });
    }
}
