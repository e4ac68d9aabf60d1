package dev.embeddedcluster.examples;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.junit.RedisCluster;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.Consumer;
import io.lettuce.core.KeyValue;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.Range;
import io.lettuce.core.ReadFrom;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.lettuce.core.cluster.api.reactive.RedisAdvancedClusterReactiveCommands;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.models.stream.PendingMessages;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.support.caching.CacheAccessor;
import io.lettuce.core.support.caching.CacheFrontend;
import io.lettuce.core.support.caching.ClientSideCaching;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A shop's catalogue and stock on Lettuce over RESP3 (sync, async and reactive APIs, reads from
 * replicas, topology refresh) against the in-JVM cluster.
 */
@RedisCluster
class LettuceClusterExampleTest {
    private static RedisClusterClient client;
    private static StatefulRedisClusterConnection<String, String> connection;

    @BeforeAll
    static void connect(List<URI> seeds) {
        client = RedisClusterClient.create(RedisURI.create(seeds.get(0)));
        client.setOptions(ClusterClientOptions.builder().protocolVersion(ProtocolVersion.RESP3).build());
        connection = client.connect();
    }

    @AfterAll
    static void disconnect() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    @Test
    void writesGoToMastersAndReadsCanComeFromReplicas() throws Exception {
        connection.sync().set("product:1", "teapot");
        connection.async().set("product:2", "kettle").get();
        try (StatefulRedisClusterConnection<String, String> replicas = client.connect()) {
            replicas.setReadFrom(ReadFrom.REPLICA_PREFERRED);
            // WAIT on the key's master makes the write visible on its replica before it is read there
            String master = client.getPartitions().getPartitionBySlot(SlotHash.getSlot("product:1")).getNodeId();
            assertThat(connection.getConnection(master).sync().waitForReplication(1, 1000)).isEqualTo(1);
            assertThat(replicas.sync().get("product:1")).isEqualTo("teapot");
        }
        assertThat(connection.sync().get("product:2")).isEqualTo("kettle");
    }

    @Test
    void asyncCommandsOnEveryMasterComplete() {
        RedisAdvancedClusterAsyncCommands<String, String> async = connection.async();
        List<RedisFuture<String>> writes = IntStream.range(0, 50)
                .mapToObj(i -> async.set("stock:" + i, Integer.toString(i * 10))).toList();
        assertThat(LettuceFutures.awaitAll(Duration.ofSeconds(5), writes.toArray(new RedisFuture[0]))).isTrue();
        assertThat(writes).allSatisfy(w -> assertThat(w.toCompletableFuture().join()).isEqualTo("OK"));
        assertThat(async.mget("stock:1", "stock:2", "stock:49").toCompletableFuture().join())
                .extracting(KeyValue::getValue).containsExactly("10", "20", "490");
    }

    @Test
    void reactiveReadsAcrossSlots() {
        RedisAdvancedClusterReactiveCommands<String, String> reactive = connection.reactive();
        reactive.mset(Map.of("price:tea", "3", "price:coffee", "4", "price:cocoa", "5")).block(Duration.ofSeconds(5));
        List<String> prices = reactive.mget("price:tea", "price:coffee", "price:cocoa")
                .map(KeyValue::getValue).collectList().block(Duration.ofSeconds(5));
        assertThat(prices).containsExactly("3", "4", "5");
        assertThat(reactive.incrby("price:tea", 2).block(Duration.ofSeconds(5))).isEqualTo(5);
    }

    @Test
    void productDetailsInAHashAndCategoriesInSets() {
        var sync = connection.sync();
        sync.hset("product:9", Map.of("name", "mug", "stock", "12"));
        assertThat(sync.hincrby("product:9", "stock", -2)).isEqualTo(10);
        assertThat(sync.hgetall("product:9")).isEqualTo(Map.of("name", "mug", "stock", "10"));
        sync.sadd("{cat}:kitchen", "product:9", "product:3");
        sync.sadd("{cat}:sale", "product:9", "product:5");
        assertThat(sync.sinter("{cat}:kitchen", "{cat}:sale")).containsExactly("product:9");
        assertThat(sync.sunion("{cat}:kitchen", "{cat}:sale")).hasSize(3);
        sync.rpush("recently-viewed", "product:9", "product:3");
        assertThat(sync.lrange("recently-viewed", 0, -1)).containsExactly("product:9", "product:3");
    }

    @Test
    void aLeaderboardInASortedSet() {
        var sync = connection.sync();
        sync.zadd("scores", ScoredValue.just(120, "ada"), ScoredValue.just(95, "grace"), ScoredValue.just(130, "linus"));
        sync.zincrby("scores", 40, "grace");
        assertThat(sync.zrevrange("scores", 0, -1)).containsExactly("grace", "linus", "ada");
        assertThat(sync.zrangebyscore("scores", Range.create(100, 130))).containsExactly("ada", "linus");
        assertThat(sync.zrevrank("scores", "linus")).isEqualTo(1);
        assertThat(sync.zpopmax("scores")).isEqualTo(ScoredValue.just(135, "grace"));
        assertThat(sync.zcard("scores")).isEqualTo(2);
    }

    @Test
    void eventsThroughAStreamWithAConsumerGroup() {
        var sync = connection.sync();
        String first = sync.xadd("events", Map.of("type", "signup", "user", "ada"));
        sync.xadd("events", Map.of("type", "login", "user", "ada"));
        sync.xgroupCreate(XReadArgs.StreamOffset.from("events", "0"), "mailer");

        List<StreamMessage<String, String>> messages = sync.xreadgroup(Consumer.from("mailer", "worker-1"),
                XReadArgs.StreamOffset.lastConsumed("events"));
        assertThat(messages).extracting(m -> m.getBody().get("type")).containsExactly("signup", "login");
        assertThat(sync.xack("events", "mailer", first)).isEqualTo(1);

        PendingMessages pending = sync.xpending("events", "mailer");
        assertThat(pending.getCount()).isEqualTo(1);
        assertThat(pending.getConsumerMessageCount()).containsEntry("worker-1", 1L);
        assertThat(sync.xrange("events", Range.create("-", "+"))).hasSize(2);
    }

    @Test
    void clientSideCachingDropsAnEntryWhenTheKeyChanges(EmbeddedRedisCluster cluster) {
        ClusterNode node = cluster.masterForKey("price:mug");
        RedisClient direct = RedisClient.create(RedisURI.create(node.host(), node.port()));
        direct.setOptions(ClientOptions.builder().protocolVersion(ProtocolVersion.RESP3).build());
        try (StatefulRedisConnection<String, String> tracked = direct.connect();
             StatefulRedisConnection<String, String> writer = direct.connect()) {
            writer.sync().set("price:mug", "9.99");
            Map<String, String> cache = new ConcurrentHashMap<>();
            CacheFrontend<String, String> frontend = ClientSideCaching.enable(CacheAccessor.forMap(cache), tracked,
                    TrackingArgs.Builder.enabled());
            assertThat(frontend.get("price:mug")).isEqualTo("9.99");
            assertThat(cache).containsEntry("price:mug", "9.99");
            writer.sync().set("price:mug", "7.49");
            await().atMost(Duration.ofSeconds(5)).until(() -> !cache.containsKey("price:mug"));
            assertThat(frontend.get("price:mug")).isEqualTo("7.49");
        } finally {
            direct.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Test
    void topologyRefreshSeesThreeMastersEachWithAReplica() {
        client.refreshPartitions();
        Partitions partitions = client.getPartitions();
        List<RedisClusterNode> masters = partitions.stream()
                .filter(n -> n.is(RedisClusterNode.NodeFlag.UPSTREAM)).toList();
        assertThat(masters).hasSize(3);
        assertThat(masters.stream().mapToInt(m -> m.getSlots().size()).sum()).isEqualTo(SlotHash.SLOT_COUNT);
        assertThat(partitions.stream().filter(n -> n.is(RedisClusterNode.NodeFlag.REPLICA)))
                .hasSize(3)
                .allSatisfy(replica -> assertThat(masters).extracting(RedisClusterNode::getNodeId)
                        .contains(replica.getSlaveOf()));
    }
}
