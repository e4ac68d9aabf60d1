package dev.embeddedcluster.e2e;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.ManualClock;
import dev.embeddedcluster.testing.RespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * maxmemory on a master of the six-node cluster, over sockets: eviction by policy with its
 * keyspace events, counters and DELs reaching the replica, WATCH and tracking told; OOM under
 * noeviction; replicas that never evict on their own. The cluster's clock is manual, so access
 * times are whatever the test makes them.
 */
class EvictionClusterIT {
    private static final String OOM = "-OOM command not allowed when used memory > 'maxmemory'.\r\n";
    private static final ManualClock CLOCK = new ManualClock();
    private static EmbeddedRedisCluster cluster;
    private static ClusterNode master;
    private static ClusterNode replica;

    @BeforeAll
    static void start() {
        cluster = EmbeddedRedisCluster.builder().clock(CLOCK).build().start();
        master = cluster.masterForKey("{ev}");
        replica = cluster.replicasOf(master).get(0);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @AfterEach
    void noLimit() {
        for (ClusterNode node : List.of(master, replica)) {
            try (RespClient client = connect(node)) {
                client.call("CONFIG", "SET", "maxmemory", "0", "maxmemory-policy", "noeviction", "maxmemory-samples", "5",
                        "notify-keyspace-events", "");
                client.call("CONFIG", "RESETSTAT");
            }
        }
        cluster.flushAll();
    }

    private static RespClient connect(ClusterNode node) {
        return new RespClient(node.host(), node.port());
    }

    @Test
    void allkeysLruEvictsTheLeastRecentlyUsedKeysAndTellsSubscribersAndTheReplica() {
        try (RespClient client = connect(master); RespClient subscriber = connect(master); RespClient onReplica = connect(replica)) {
            client.call("CONFIG", "SET", "notify-keyspace-events", "KEA");
            assertThat(subscriber.call("SUBSCRIBE", "__keyevent@0__:evicted")).endsWith(":1\r\n");
            assertThat(subscriber.call("PSUBSCRIBE", "__keyspace@0__:{ev}:*")).endsWith(":2\r\n");
            assertThat(subscriber.call("SUBSCRIBE", "marker")).endsWith(":3\r\n");
            for (int i = 0; i < 100; i++) {
                set(client, "{ev}:cold:" + i, 1000);
            }
            CLOCK.advance(Duration.ofSeconds(10));
            for (int i = 0; i < 10; i++) {
                assertThat(client.call("GET", "{ev}:cold:" + i)).startsWith("$1000\r\n");
            }
            CLOCK.advance(Duration.ofSeconds(10));
            long limit = usedMemory(client) + 20_000;
            // LRU is approximated from samples, as in Redis: with 10 a round could find only new keys and
            // one of the ten read ones, which then goes (a rare failure of this test); 64, Redis's largest, samples enough.
            assertThat(client.call("CONFIG", "SET", "maxmemory-policy", "allkeys-lru", "maxmemory-samples", "64",
                    "maxmemory", Long.toString(limit))).isEqualTo("+OK\r\n");
            for (int i = 0; i < 60; i++) {
                assertThat(set(client, "{ev}:new:" + i, 1000)).isEqualTo("+OK\r\n");
            }
            client.call("PING");

            List<String> evicted = evictedKeys(client, subscriber);
            assertThat(evicted).hasSizeBetween(30, 60);
            assertThat(info(client, "stats", "evicted_keys")).isEqualTo(Integer.toString(evicted.size()));
            // The ten keys read after the others were written, and the keys written last, stay.
            assertThat(evicted).allSatisfy(key -> assertThat(key).startsWith("{ev}:cold:")
                    .isNotIn(List.of("{ev}:cold:0", "{ev}:cold:1", "{ev}:cold:2", "{ev}:cold:3", "{ev}:cold:4",
                            "{ev}:cold:5", "{ev}:cold:6", "{ev}:cold:7", "{ev}:cold:8", "{ev}:cold:9")));
            assertThat(usedMemory(client)).isLessThanOrEqualTo(limit + 2000);
            assertThat(client.call("DBSIZE")).isEqualTo(":" + (160 - evicted.size()) + "\r\n");
            for (String key : evicted) {
                assertThat(client.call("EXISTS", key)).isEqualTo(":0\r\n");
            }

            onReplica.call("READONLY");
            await().atMost(Duration.ofSeconds(5)).until(() -> onReplica.call("DBSIZE").equals(client.call("DBSIZE")));
            for (String key : evicted) {
                assertThat(onReplica.call("EXISTS", key)).isEqualTo(":0\r\n");
            }
            assertThat(onReplica.call("EXISTS", "{ev}:cold:0", "{ev}:new:59")).isEqualTo(":2\r\n");
        }
    }

    @Test
    void volatileTtlEvictsTheKeyNearestToItsExpiryFirst() {
        try (RespClient client = connect(master)) {
            for (int i = 0; i < 20; i++) {
                set(client, "{ev}:plain:" + i, 500);
            }
            for (int i = 0; i < 5; i++) {
                client.call("SET", "{ev}:ttl:" + i, "x".repeat(500), "EX", Integer.toString(100 * (5 - i)));
            }
            long limit = usedMemory(client) + 300;
            client.call("CONFIG", "SET", "maxmemory-policy", "volatile-ttl", "maxmemory", Long.toString(limit));

            assertThat(set(client, "{ev}:extra:0", 500)).isEqualTo("+OK\r\n");
            assertThat(client.call("EXISTS", "{ev}:ttl:4")).isEqualTo(":0\r\n");
            assertThat(client.call("EXISTS", "{ev}:ttl:0", "{ev}:ttl:1", "{ev}:ttl:2", "{ev}:ttl:3")).isEqualTo(":4\r\n");

            assertThat(set(client, "{ev}:extra:1", 500)).isEqualTo("+OK\r\n");
            assertThat(client.call("EXISTS", "{ev}:ttl:3")).isEqualTo(":0\r\n");
            assertThat(client.call("EXISTS", "{ev}:ttl:0", "{ev}:ttl:1", "{ev}:ttl:2")).isEqualTo(":3\r\n");
            assertThat(client.call("DBSIZE")).isEqualTo(":25\r\n");
            assertThat(info(client, "stats", "evicted_keys")).isEqualTo("2");
        }
    }

    @Test
    void noevictionRefusesWritesThatGrowButServesReadsAndDeletes() {
        try (RespClient client = connect(master); RespClient onReplica = connect(replica)) {
            for (int i = 0; i < 10; i++) {
                set(client, "{ev}:k:" + i, 1000);
            }
            client.call("CONFIG", "SET", "maxmemory", Long.toString(usedMemory(client) + 3000));
            List<String> replies = new ArrayList<>();
            for (int i = 0; i < 10 && !replies.contains(OOM); i++) {
                replies.add(set(client, "{ev}:more:" + i, 1000));
            }
            assertThat(replies).contains("+OK\r\n").endsWith(OOM);
            assertThat(client.call("LPUSH", "{ev}:list", "a")).isEqualTo(OOM);
            assertThat(client.call("GET", "{ev}:k:0")).startsWith("$1000\r\n");
            assertThat(client.call("DEL", "{ev}:k:0", "{ev}:k:1", "{ev}:k:2", "{ev}:k:3", "{ev}:k:4")).isEqualTo(":5\r\n");
            assertThat(set(client, "{ev}:after", 1000)).isEqualTo("+OK\r\n");
            assertThat(info(client, "stats", "evicted_keys")).isEqualTo("0");
            onReplica.call("READONLY");
            await().atMost(Duration.ofSeconds(5)).until(() -> onReplica.call("DBSIZE").equals(client.call("DBSIZE")));
            assertThat(onReplica.call("EXISTS", "{ev}:k:0")).isEqualTo(":0\r\n");
        }
    }

    @Test
    void aReplicaNeverEvictsOnItsOwn() {
        try (RespClient client = connect(master); RespClient onReplica = connect(replica)) {
            onReplica.call("CONFIG", "SET", "maxmemory-policy", "allkeys-random", "maxmemory", "1");
            for (int i = 0; i < 10; i++) {
                set(client, "{ev}:k:" + i, 100);
            }
            onReplica.call("READONLY");
            await().atMost(Duration.ofSeconds(5)).until(() -> onReplica.call("DBSIZE").equals(":10\r\n"));
            assertThat(onReplica.call("GET", "{ev}:k:9")).startsWith("$100\r\n");
            assertThat(onReplica.call("DBSIZE")).isEqualTo(":10\r\n");
            assertThat(info(onReplica, "stats", "evicted_keys")).isEqualTo("0");
            assertThat(Long.parseLong(info(onReplica, "memory", "used_memory"))).isGreaterThan(1);
        }
    }

    @Test
    void anEvictionTouchesWatchedKeysAndInvalidatesTrackedOnes() {
        try (RespClient client = connect(master); RespClient watcher = connect(master); RespClient tracker = connect(master)) {
            set(client, "{ev}:watched", 1000);
            assertThat(watcher.call("WATCH", "{ev}:watched")).isEqualTo("+OK\r\n");
            tracker.call("HELLO", "3");
            assertThat(tracker.call("CLIENT", "TRACKING", "ON")).isEqualTo("+OK\r\n");
            assertThat(tracker.call("GET", "{ev}:watched")).startsWith("$1000\r\n");
            CLOCK.advance(Duration.ofSeconds(10));
            for (int i = 0; i < 30; i++) {
                set(client, "{ev}:k:" + i, 1000);
            }

            // Every key sampled, so the least recently used one goes first.
            client.call("CONFIG", "SET", "maxmemory-policy", "allkeys-lru", "maxmemory-samples", "64",
                    "maxmemory", Long.toString(usedMemory(client) - 500));

            assertThat(client.call("EXISTS", "{ev}:watched")).isEqualTo(":0\r\n");
            assertThat(watcher.call("MULTI")).isEqualTo("+OK\r\n");
            assertThat(watcher.call("SET", "{ev}:k:0", "v")).isEqualTo("+QUEUED\r\n");
            assertThat(watcher.call("EXEC")).isEqualTo("*-1\r\n");
            assertThat(tracker.readReply()).isEqualTo(">2\r\n$10\r\ninvalidate\r\n*1\r\n$12\r\n{ev}:watched\r\n");
        }
    }

    private static String set(RespClient client, String key, int bytes) {
        return client.call("SET", key, "x".repeat(bytes));
    }

    /**
     * The keys the subscriber was told were evicted, each announced on its keyspace channel and
     * then on the keyevent one, up to a message published now on the channel "marker".
     */
    private static List<String> evictedKeys(RespClient client, RespClient subscriber) {
        client.call("PUBLISH", "marker", "end");
        List<String> keys = new ArrayList<>();
        String announced = null;
        for (String message = subscriber.readReply(); !message.contains("$6\r\nmarker\r\n"); message = subscriber.readReply()) {
            String[] lines = message.split("\r\n");
            if (message.startsWith("*4") && lines[lines.length - 1].equals("evicted")) {
                assertThat(announced).isNull();
                announced = lines[6].substring("__keyspace@0__:".length());
            } else if (message.startsWith("*3")) {
                assertThat(lines[4]).isEqualTo("__keyevent@0__:evicted");
                assertThat(lines[6]).isEqualTo(announced);
                keys.add(announced);
                announced = null;
            }
        }
        assertThat(announced).isNull();
        return keys;
    }

    private static long usedMemory(RespClient client) {
        return Long.parseLong(info(client, "memory", "used_memory"));
    }

    private static String info(RespClient client, String section, String name) {
        String reply = client.call("INFO", section);
        for (String line : reply.split("\r\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1);
            }
        }
        throw new AssertionError("INFO " + section + " has no " + name + ": " + reply);
    }
}
