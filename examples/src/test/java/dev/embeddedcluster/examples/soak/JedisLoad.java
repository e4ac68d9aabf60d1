package dev.embeddedcluster.examples.soak;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.ClusterView;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.ClusterPipeline;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.JedisShardedPubSub;
import redis.clients.jedis.Response;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.resps.Tuple;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * Jedis: one {@link JedisCluster} (a pool per node) shared by the workers, RESP2; transactions on
 * a pooled connection of the balance's master; replica reads on a READONLY connection of each
 * worker's own; a subscriber thread for the news and one for each sharded channel.
 */
final class JedisLoad implements Library {
    private final ClusterView cluster;
    private final Workload workload;
    private final Tally tally;
    private final JedisClientConfig config = DefaultJedisClientConfig.builder().clientName(clientName())
            .socketTimeoutMillis(10_000).build();
    private final JedisCluster jedis;
    private final List<Thread> subscribers = new ArrayList<>();
    private final List<JedisShardedPubSub> shards = new ArrayList<>();
    private JedisPubSub newsListener;
    private final PubSubCounts counts;

    JedisLoad(ClusterView cluster, Workload workload, Tally tally, PubSubCounts counts) {
        this.cluster = cluster;
        this.counts = counts;
        this.workload = workload;
        this.tally = tally;
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(32);
        pool.setMaxWait(Duration.ofSeconds(5));
        jedis = new JedisCluster(cluster.seeds().stream().map(HostAndPort::from).collect(Collectors.toSet()), config, pool);
    }

    @Override
    public String clientName() {
        return "soak-jedis";
    }

    /** Loads the function library on every master (Jedis sends FUNCTION LOAD to each). */
    void loadFunctions() {
        jedis.functionLoadReplace(Workload.FUNCTIONS);
    }

    long balance() {
        return Long.parseLong(jedis.get(Workload.transactionKey("jedis")));
    }

    @Override
    public Worker worker(int number) {
        Workload.Keys keys = workload.keys("jedis-" + number);
        ClusterNode replica = cluster.replicas().get(number % cluster.replicas().size());
        Jedis replicaConnection = new Jedis(replica.host(), replica.port(), config);
        replicaConnection.readonly();
        return new Worker() {
            @Override
            public void run(int operation, int round) throws Exception {
                String key = keys.key(round, "str");
                switch (operation) {
                    case 0 -> {
                        jedis.set(key, "v" + round);
                        expect(jedis.get(key).equals("v" + round), "GET after SET");
                        jedis.incr(keys.key(round, "counter"));
                        if (jedis.append(keys.key(round, "log"), "x") > 1000) {
                            jedis.del(keys.key(round, "log"));
                        }
                    }
                    case 1 -> {
                        String hash = keys.key(round, "hash");
                        jedis.hset(hash, Map.of("f" + round % 20, "v" + round));
                        jedis.hincrBy(hash, "n", 1);
                        expect(jedis.hgetAll(hash).containsKey("n"), "HGETALL after HINCRBY");
                        if (round % 7 == 0) {
                            jedis.hdel(hash, "f" + (round + 3) % 20);
                        }
                    }
                    case 2 -> {
                        String list = keys.key(round, "list");
                        jedis.rpush(list, "a" + round, "b" + round, "c" + round);
                        expect(!jedis.lrange(list, 0, 9).isEmpty(), "LRANGE after RPUSH");
                        jedis.ltrim(list, -50, -1);
                    }
                    case 3 -> {
                        String set = keys.key(round, "set");
                        jedis.sadd(set, "m" + round % 40);
                        jedis.srem(set, "m" + (round + 7) % 40);
                        expect(jedis.sismember(set, "m" + round % 40), "SISMEMBER after SADD");
                        jedis.scard(set);
                    }
                    case 4 -> {
                        String zset = keys.key(round, "zset");
                        jedis.zadd(zset, round % 100, "m" + round % 30);
                        jedis.zincrby(zset, 1.5, "m" + (round + 1) % 30);
                        List<Tuple> top = jedis.zrangeWithScores(zset, 0, 4);
                        expect(!top.isEmpty(), "ZRANGE WITHSCORES after ZADD");
                        jedis.zremrangeByRank(zset, 0, -31);
                    }
                    case 5 -> {
                        String stream = keys.key(round, "stream");
                        jedis.xadd(stream, XAddParams.xAddParams().maxLen(50), Map.of("n", Integer.toString(round)));
                        expect(jedis.xrange(stream, "-", "+", 5).size() > 0, "XRANGE after XADD");
                        expect(jedis.xlen(stream) <= 50, "XLEN after XADD MAXLEN 50");
                    }
                    case 6 -> {
                        jedis.set(keys.key(round, "temp"), "t", SetParams.setParams().px(200 + round % 800));
                        String hash = keys.key(round, "hash");
                        if (round % 5 == 0) {
                            jedis.persist(hash);
                        } else {
                            jedis.pexpire(hash, 600_000);
                        }
                        jedis.pttl(hash);
                    }
                    case 7 -> {
                        String lua = keys.key(round, "lua");
                        long value = (Long) jedis.eval(Workload.SCRIPT, List.of(lua), List.of("2"));
                        long next = (Long) jedis.evalsha(Workload.SCRIPT_SHA, List.of(lua), List.of("2"));
                        expect(next == value + 2, "EVALSHA after EVAL");
                    }
                    case 8 -> {
                        String fn = keys.key(round, "fn");
                        long value = (Long) jedis.fcall("soak_add", List.of(fn), List.of("3"));
                        expect(Long.toString(value).equals(jedis.fcallReadonly("soak_get", List.of(fn), List.of())), "FCALL_RO after FCALL");
                    }
                    case 9 -> publish(round);
                    case 10 -> transaction();
                    case 11 -> {
                        String queue = keys.key(round, "queue");
                        if (round % 2 == 0) {
                            jedis.rpush(queue, "job" + round);
                        }
                        jedis.blpop(0.05, queue);
                    }
                    case 12 -> pipeline(keys, round);
                    case 13 -> {
                        replicaConnection.get(keys.keyOnReplica(replica, round, "str"));
                        tally.replicaReads.increment();
                    }
                    case 14 -> {
                        String mixed = keys.key(round, "mixed");
                        jedis.set(mixed, "s");
                        try {
                            jedis.lpush(mixed, "x");
                            tally.unexpected("wrong type", "LPUSH on a string succeeded");
                        } catch (JedisDataException e) {
                            tally.expectWrongType("wrong type", e);
                        }
                    }
                    default -> throw new IllegalArgumentException("operation " + operation);
                }
            }

            @Override
            public void close() {
                replicaConnection.close();
            }
        };
    }

    private void publish(int round) {
        jedis.publish(Workload.NEWS, "jedis " + round);
        counts.published(Workload.NEWS);
        String channel = workload.anyShardChannel();
        jedis.spublish(channel, "jedis " + round);
        counts.published(channel);
    }

    /** WATCH, read, MULTI, write, EXEC: a null EXEC reply means another worker changed the balance meanwhile. */
    private void transaction() {
        String balance = Workload.transactionKey("jedis");
        // closing the Jedis returns its pooled connection; closing that connection too would disconnect it in the pool
        try (Jedis node = new Jedis(jedis.getConnectionFromSlot(Workload.slotOf(balance)))) {
            node.watch(balance);
            String current = node.get(balance);
            Transaction multi = node.multi();
            multi.set(balance, Long.toString(current == null ? 1 : Long.parseLong(current) + 1));
            List<Object> replies = multi.exec();
            if (replies == null || replies.isEmpty()) {
                tally.aborted.increment();
            } else {
                tally.committed.increment();
            }
        }
    }

    private void pipeline(Workload.Keys keys, int round) {
        List<Response<String>> gets = new ArrayList<>();
        try (ClusterPipeline pipeline = jedis.pipelined()) {
            for (int i = 0; i < 10; i++) {
                pipeline.set(keys.key(round + i, "piped"), "p" + i);
                gets.add(pipeline.get(keys.key(round + i, "piped")));
            }
            pipeline.sync();
        }
        for (int i = 0; i < 10; i++) {
            expect(("p" + i).equals(gets.get(i).get()), "GET after SET in a pipeline");
        }
    }

    private void expect(boolean condition, String what) {
        if (!condition) {
            tally.unexpected(what, "reply not as expected");
        }
    }

    @Override
    public void subscribe() throws Exception {
        CountDownLatch subscribed = new CountDownLatch(1 + workload.shardChannels.size());
        LongAdder newsReceived = counts.subscriber("jedis " + Workload.NEWS, Workload.NEWS);
        JedisPubSub newsSubscriber = new JedisPubSub() {
            @Override
            public void onMessage(String channel, String message) {
                newsReceived.increment();
            }

            @Override
            public void onSubscribe(String channel, int subscribedChannels) {
                subscribed.countDown();
            }
        };
        newsListener = newsSubscriber;
        start("jedis news subscriber", () -> jedis.subscribe(newsSubscriber, Workload.NEWS));
        for (String channel : workload.shardChannels) {
            LongAdder received = counts.subscriber("jedis " + channel, channel);
            JedisShardedPubSub subscriber = new JedisShardedPubSub() {
                @Override
                public void onSMessage(String channel, String message) {
                    received.increment();
                }

                @Override
                public void onSSubscribe(String channel, int subscribedChannels) {
                    subscribed.countDown();
                }
            };
            shards.add(subscriber);
            start("jedis " + channel + " subscriber", () -> jedis.ssubscribe(subscriber, channel));
        }
        if (!subscribed.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Jedis's subscribers did not subscribe within 10 s");
        }
    }

    private void start(String name, Runnable subscription) {
        Thread thread = new Thread(() -> {
            try {
                subscription.run();
            } catch (RuntimeException e) {
                tally.error(name, e);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        subscribers.add(thread);
    }

    @Override
    public void close() throws InterruptedException {
        if (newsListener != null && newsListener.isSubscribed()) {
            newsListener.unsubscribe();
        }
        for (JedisShardedPubSub shard : shards) {
            if (shard.isSubscribed()) {
                shard.sunsubscribe();
            }
        }
        for (Thread subscriber : subscribers) {
            subscriber.join(5_000);
        }
        jedis.close();
    }
}
