package dev.embeddedcluster.examples;

import dev.embeddedcluster.ReplicationMode;
import dev.embeddedcluster.junit.RedisCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RAtomicLong;
import org.redisson.api.RBucket;
import org.redisson.api.RBuckets;
import org.redisson.api.RList;
import org.redisson.api.RLock;
import org.redisson.api.RMap;
import org.redisson.api.RMapCache;
import org.redisson.api.RRateLimiter;
import org.redisson.api.RateIntervalUnit;
import org.redisson.api.RateType;
import org.redisson.api.RScoredSortedSet;
import org.redisson.api.RSet;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Feature flags, order numbers, locks, maps, topics and rate limits kept with Redisson in cluster
 * mode (its locks, maps and limiters are Lua scripts, its lock waiters woken by pub/sub). Redisson
 * reads from replicas by default; synchronous replication lets each test read its own writes there.
 */
@RedisCluster(replication = ReplicationMode.SYNCHRONOUS)
class RedissonClusterExampleTest {
    private static RedissonClient redisson;

    @BeforeAll
    static void connect(List<URI> seeds) {
        Config config = new Config();
        config.setCodec(StringCodec.INSTANCE);
        config.useClusterServers().setNodeAddresses(seeds.stream().map(URI::toString).toList());
        redisson = Redisson.create(config);
    }

    @AfterAll
    static void disconnect() {
        redisson.shutdown();
    }

    @Test
    void aFeatureFlagIsABucketWithATimeToLive() {
        RBucket<String> flag = redisson.getBucket("feature:new-checkout");
        assertThat(flag.setIfAbsent("on", Duration.ofMinutes(10))).isTrue();
        assertThat(flag.setIfAbsent("off", Duration.ofMinutes(10))).as("already set").isFalse();
        assertThat(flag.get()).isEqualTo("on");
        assertThat(flag.remainTimeToLive()).isBetween(Duration.ofMinutes(9).toMillis(), Duration.ofMinutes(10).toMillis());
        assertThat(flag.getAndSet("off")).isEqualTo("on");
        assertThat(flag.remainTimeToLive()).as("a plain set drops the TTL").isEqualTo(-1);
        assertThat(flag.delete()).isTrue();
        assertThat(flag.isExists()).isFalse();
    }

    @Test
    void orderNumbersComeFromAnAtomicLong() {
        RAtomicLong orders = redisson.getAtomicLong("orders:next-id");
        assertThat(orders.incrementAndGet()).isEqualTo(1);
        assertThat(orders.addAndGet(99)).isEqualTo(100);
        assertThat(orders.getAndIncrement()).isEqualTo(100);
        assertThat(orders.get()).isEqualTo(101);
        assertThat(orders.decrementAndGet()).isEqualTo(100);
    }

    @Test
    void bucketsSharingAHashTagAreWrittenAndReadTogether() {
        RBuckets buckets = redisson.getBuckets();
        buckets.set(Map.of("{cart:7}:items", "3", "{cart:7}:total", "42.50", "{cart:7}:currency", "EUR"));
        Map<String, String> cart = buckets.get("{cart:7}:items", "{cart:7}:total", "{cart:7}:currency", "{cart:7}:coupon");
        assertThat(cart).containsExactlyInAnyOrderEntriesOf(
                Map.of("{cart:7}:items", "3", "{cart:7}:total", "42.50", "{cart:7}:currency", "EUR"));
        assertThat(buckets.trySet(Map.of("{cart:7}:coupon", "WELCOME", "{cart:7}:items", "4")))
                .as("MSETNX sets nothing when one key exists").isFalse();
        assertThat(redisson.getBucket("{cart:7}:coupon").isExists()).isFalse();
    }

    @Test
    void keysOnEveryMasterAreReachable() {
        for (int i = 0; i < 200; i++) {
            redisson.getBucket("user:" + i).set("name-" + i);
        }
        for (int i = 0; i < 200; i++) {
            assertThat(redisson.<String>getBucket("user:" + i).get()).isEqualTo("name-" + i);
        }
        assertThat(redisson.getKeys().count()).isEqualTo(200);
    }

    @Test
    void tagsInASetAndRecentOrdersInAList() {
        RSet<String> tags = redisson.getSet("article:42:tags");
        assertThat(tags.add("redis")).isTrue();
        assertThat(tags.addAll(List.of("java", "testing", "redis"))).isTrue();
        assertThat(tags.contains("java")).isTrue();
        assertThat(tags.readAll()).containsExactlyInAnyOrder("redis", "java", "testing");
        assertThat(tags.remove("testing")).isTrue();
        assertThat(tags.size()).isEqualTo(2);

        RList<String> recent = redisson.getList("orders:recent");
        recent.add("o-1");
        recent.addAll(List.of("o-2", "o-3"));
        assertThat(recent.get(0)).isEqualTo("o-1");
        assertThat(recent.readAll()).containsExactly("o-1", "o-2", "o-3");
        assertThat(recent.size()).isEqualTo(3);
        assertThat(recent.remove("o-2")).isTrue();
        assertThat(recent.readAll()).containsExactly("o-1", "o-3");
    }

    @Test
    void aRankingInAScoredSortedSet() {
        RScoredSortedSet<String> ranking = redisson.getScoredSortedSet("ranking");
        assertThat(ranking.add(120, "ada")).isTrue();
        assertThat(ranking.add(95, "grace")).isTrue();
        assertThat(ranking.add(130, "linus")).isTrue();
        assertThat(ranking.addScore("grace", 40)).isEqualTo(135.0);
        assertThat(ranking.valueRangeReversed(0, -1)).containsExactly("grace", "linus", "ada");
        assertThat(ranking.getScore("linus")).isEqualTo(130.0);
        assertThat(ranking.rank("ada")).isZero();
        assertThat(ranking.revRank("ada")).isEqualTo(2);
        assertThat(ranking.count(100, true, 130, true)).isEqualTo(2);
        assertThat(ranking.first()).isEqualTo("ada");
        assertThat(ranking.remove("ada")).isTrue();
        assertThat(ranking.size()).isEqualTo(2);
    }

    @Test
    void announcementsThroughATopic() {
        RTopic topic = redisson.getTopic("announcements");
        List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        topic.addListener(String.class, (channel, message) -> received.add(message));
        assertThat(topic.publish("maintenance at noon")).isEqualTo(1);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(received).containsExactly("maintenance at noon"));
        topic.removeAllListeners();
    }

    @Test
    void aLockIsHeldByOneThreadAndHandedToTheWaiterOnUnlock() throws Exception {
        RLock lock = redisson.getLock("invoice:42:lock");
        lock.lock();
        assertThat(lock.isLocked()).isTrue();
        assertThat(lock.isHeldByCurrentThread()).isTrue();
        java.util.concurrent.CompletableFuture<Boolean> waiter = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                boolean acquired = lock.tryLock(10, 30, java.util.concurrent.TimeUnit.SECONDS);
                if (acquired) {
                    lock.unlock();
                }
                return acquired;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        Thread.sleep(200);
        assertThat(waiter).isNotDone();
        long released = System.nanoTime();
        lock.unlock();
        assertThat(waiter.get(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - released)).as("woken by the unlock message, not by polling")
                .isLessThan(Duration.ofSeconds(5));
        assertThat(lock.isLocked()).isFalse();
    }

    @Test
    void aMapAndAMapWhoseEntriesExpire() throws Exception {
        RMap<String, String> stock = redisson.getMap("stock");
        stock.put("teapot", "3");
        assertThat(stock.putIfAbsent("teapot", "9")).isEqualTo("3");
        assertThat(stock.replace("teapot", "3", "5")).isTrue();
        assertThat(stock.replace("teapot", "3", "7")).isFalse();
        stock.fastPut("cups", "12");
        assertThat(stock.readAllMap()).isEqualTo(Map.of("teapot", "5", "cups", "12"));
        assertThat(stock.remove("cups")).isEqualTo("12");

        RMapCache<String, String> sessions = redisson.getMapCache("sessions");
        sessions.put("alice", "cart=3", 1, java.util.concurrent.TimeUnit.HOURS);
        sessions.put("bob", "cart=1", 300, java.util.concurrent.TimeUnit.MILLISECONDS);
        assertThat(sessions.get("alice")).isEqualTo("cart=3");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> sessions.get("bob") == null);
        assertThat(sessions.get("alice")).isEqualTo("cart=3");
        assertThat(sessions.remainTimeToLive("alice")).isPositive();
    }

    @Test
    void aRateLimiterLetsThroughItsRateOnly() {
        RRateLimiter limiter = redisson.getRateLimiter("api:alice");
        assertThat(limiter.trySetRate(RateType.OVERALL, 3, 1, RateIntervalUnit.MINUTES)).isTrue();
        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire(2)).isTrue();
        assertThat(limiter.tryAcquire()).isFalse();
        assertThat(limiter.availablePermits()).isZero();
    }
}
