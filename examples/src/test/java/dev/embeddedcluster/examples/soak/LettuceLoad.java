package dev.embeddedcluster.examples.soak;

import dev.embeddedcluster.ClusterView;
import io.lettuce.core.Limit;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.Range;
import io.lettuce.core.ReadFrom;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubAdapter;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.protocol.ProtocolVersion;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Lettuce over RESP3: each worker has a cluster connection of its own (sync calls, a pipeline of
 * async calls with auto-flush off, transactions on its connection to the balance's master) and
 * one that reads from replicas; one pub/sub connection subscribes to the news and, on each
 * channel's node, to the sharded channels.
 */
final class LettuceLoad implements Library {
    private final Workload workload;
    private final Tally tally;
    private final PubSubCounts counts;
    private final RedisClusterClient client;
    private StatefulRedisClusterPubSubConnection<String, String> subscriber;

    LettuceLoad(ClusterView cluster, Workload workload, Tally tally, PubSubCounts counts) {
        this.workload = workload;
        this.tally = tally;
        this.counts = counts;
        URI seed = cluster.seedUris().get(0);
        client = RedisClusterClient.create(RedisURI.builder().withHost(seed.getHost()).withPort(seed.getPort())
                .withClientName(clientName()).withTimeout(Duration.ofSeconds(10)).build());
        client.setOptions(ClusterClientOptions.builder().protocolVersion(ProtocolVersion.RESP3).build());
    }

    @Override
    public String clientName() {
        return "soak-lettuce";
    }

    long balance() {
        try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
            return Long.parseLong(connection.sync().get(Workload.transactionKey("lettuce")));
        }
    }

    @Override
    public Worker worker(int number) {
        Workload.Keys keys = workload.keys("lettuce-" + number);
        StatefulRedisClusterConnection<String, String> connection = client.connect();
        StatefulRedisClusterConnection<String, String> replicas = client.connect();
        replicas.setReadFrom(ReadFrom.REPLICA);
        RedisAdvancedClusterCommands<String, String> sync = connection.sync();
        return new Worker() {
            @Override
            public void run(int operation, int round) throws Exception {
                String key = keys.key(round, "str");
                switch (operation) {
                    case 0 -> {
                        sync.set(key, "v" + round);
                        expect(("v" + round).equals(sync.get(key)), "GET after SET");
                        sync.incr(keys.key(round, "counter"));
                        if (sync.append(keys.key(round, "log"), "x") > 1000) {
                            sync.del(keys.key(round, "log"));
                        }
                    }
                    case 1 -> {
                        String hash = keys.key(round, "hash");
                        sync.hset(hash, Map.of("f" + round % 20, "v" + round));
                        sync.hincrby(hash, "n", 1);
                        expect(sync.hgetall(hash).containsKey("n"), "HGETALL after HINCRBY");
                        if (round % 7 == 0) {
                            sync.hdel(hash, "f" + (round + 3) % 20);
                        }
                    }
                    case 2 -> {
                        String list = keys.key(round, "list");
                        sync.rpush(list, "a" + round, "b" + round, "c" + round);
                        expect(!sync.lrange(list, 0, 9).isEmpty(), "LRANGE after RPUSH");
                        sync.ltrim(list, -50, -1);
                    }
                    case 3 -> {
                        String set = keys.key(round, "set");
                        sync.sadd(set, "m" + round % 40);
                        sync.srem(set, "m" + (round + 7) % 40);
                        expect(sync.sismember(set, "m" + round % 40), "SISMEMBER after SADD");
                        sync.scard(set);
                    }
                    case 4 -> {
                        String zset = keys.key(round, "zset");
                        sync.zadd(zset, round % 100, "m" + round % 30);
                        sync.zincrby(zset, 1.5, "m" + (round + 1) % 30);
                        expect(!sync.zrangeWithScores(zset, 0, 4).isEmpty(), "ZRANGE WITHSCORES after ZADD");
                        sync.zremrangebyrank(zset, 0, -31);
                    }
                    case 5 -> {
                        String stream = keys.key(round, "stream");
                        sync.xadd(stream, XAddArgs.Builder.maxlen(50), Map.of("n", Integer.toString(round)));
                        expect(!sync.xrange(stream, Range.create("-", "+"), Limit.from(5)).isEmpty(), "XRANGE after XADD");
                        expect(sync.xlen(stream) <= 50, "XLEN after XADD MAXLEN 50");
                    }
                    case 6 -> {
                        sync.set(keys.key(round, "temp"), "t", SetArgs.Builder.px(200 + round % 800));
                        String hash = keys.key(round, "hash");
                        if (round % 5 == 0) {
                            sync.persist(hash);
                        } else {
                            sync.pexpire(hash, 600_000);
                        }
                        sync.pttl(hash);
                    }
                    case 7 -> {
                        String[] lua = {keys.key(round, "lua")};
                        long value = sync.eval(Workload.SCRIPT, ScriptOutputType.INTEGER, lua, "2");
                        long next = sync.evalsha(Workload.SCRIPT_SHA, ScriptOutputType.INTEGER, lua, "2");
                        expect(next == value + 2, "EVALSHA after EVAL");
                    }
                    case 8 -> {
                        String[] fn = {keys.key(round, "fn")};
                        long value = sync.fcall("soak_add", ScriptOutputType.INTEGER, fn, "3");
                        String read = sync.fcallReadOnly("soak_get", ScriptOutputType.VALUE, fn);
                        expect(Long.toString(value).equals(read), "FCALL_RO after FCALL");
                    }
                    case 9 -> {
                        sync.publish(Workload.NEWS, "lettuce " + round);
                        counts.published(Workload.NEWS);
                        String channel = workload.anyShardChannel();
                        sync.spublish(channel, "lettuce " + round);
                        counts.published(channel);
                    }
                    case 10 -> transaction(connection);
                    case 11 -> {
                        String queue = keys.key(round, "queue");
                        if (round % 2 == 0) {
                            sync.rpush(queue, "job" + round);
                        }
                        sync.blpop(0.05, queue);
                    }
                    case 12 -> pipeline(connection, keys, round);
                    case 13 -> {
                        replicas.sync().get(key);
                        tally.replicaReads.increment();
                    }
                    case 14 -> {
                        String mixed = keys.key(round, "mixed");
                        sync.set(mixed, "s");
                        try {
                            sync.lpush(mixed, "x");
                            tally.unexpected("wrong type", "LPUSH on a string succeeded");
                        } catch (RedisCommandExecutionException e) {
                            tally.expectWrongType("wrong type", e);
                        }
                    }
                    default -> throw new IllegalArgumentException("operation " + operation);
                }
            }

            @Override
            public void close() {
                replicas.close();
                connection.close();
            }
        };
    }

    /** WATCH, read, MULTI, write, EXEC on this worker's connection to the balance's master. */
    private void transaction(StatefulRedisClusterConnection<String, String> connection) {
        String balance = Workload.transactionKey("lettuce");
        RedisClusterNode master = connection.getPartitions().getPartitionBySlot(SlotHash.getSlot(balance));
        RedisCommands<String, String> node = connection.getConnection(master.getNodeId()).sync();
        node.watch(balance);
        String current = node.get(balance);
        node.multi();
        node.set(balance, Long.toString(current == null ? 1 : Long.parseLong(current) + 1));
        TransactionResult result = node.exec();
        if (result.wasDiscarded()) {
            tally.aborted.increment();
        } else {
            tally.committed.increment();
        }
    }

    /** Twenty commands on several masters, flushed at once. */
    private void pipeline(StatefulRedisClusterConnection<String, String> connection, Workload.Keys keys, int round) {
        List<RedisFuture<String>> gets = new ArrayList<>();
        List<RedisFuture<?>> all = new ArrayList<>();
        connection.setAutoFlushCommands(false);
        try {
            for (int i = 0; i < 10; i++) {
                all.add(connection.async().set(keys.key(round + i, "piped"), "p" + i));
                RedisFuture<String> get = connection.async().get(keys.key(round + i, "piped"));
                gets.add(get);
                all.add(get);
            }
            connection.flushCommands();
        } finally {
            connection.setAutoFlushCommands(true);
        }
        if (!LettuceFutures.awaitAll(Duration.ofSeconds(10), all.toArray(new RedisFuture[0]))) {
            tally.unexpected("pipeline", "replies did not come within 10 s");
            return;
        }
        for (int i = 0; i < 10; i++) {
            expect(("p" + i).equals(gets.get(i).toCompletableFuture().join()), "GET after SET in a pipeline");
        }
    }

    private void expect(boolean condition, String what) {
        if (!condition) {
            tally.unexpected(what, "reply not as expected");
        }
    }

    @Override
    public void subscribe() {
        subscriber = client.connectPubSub();
        subscriber.setNodeMessagePropagation(true);
        LongAdder news = counts.subscriber("lettuce " + Workload.NEWS, Workload.NEWS);
        Map<String, LongAdder> shards = new HashMap<>();
        for (String channel : workload.shardChannels) {
            shards.put(channel, counts.subscriber("lettuce " + channel, channel));
        }
        subscriber.addListener(new RedisClusterPubSubAdapter<>() {
            @Override
            public void message(RedisClusterNode node, String channel, String message) {
                if (channel.equals(Workload.NEWS)) {
                    news.increment();
                }
            }

            @Override
            public void smessage(RedisClusterNode node, String channel, String message) {
                LongAdder received = shards.get(channel);
                if (received != null) {
                    received.increment();
                }
            }
        });
        subscriber.sync().subscribe(Workload.NEWS);
        for (String channel : workload.shardChannels) {
            subscriber.sync().ssubscribe(channel);
        }
    }

    @Override
    public void close() {
        if (subscriber != null) {
            subscriber.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
