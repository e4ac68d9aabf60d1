package dev.embeddedcluster.examples.soak;

import dev.embeddedcluster.ClusterView;
import org.redisson.Redisson;
import org.redisson.api.BatchOptions;
import org.redisson.api.BatchResult;
import org.redisson.api.FunctionMode;
import org.redisson.api.FunctionResult;
import org.redisson.api.RBatch;
import org.redisson.api.RBlockingQueue;
import org.redisson.api.RBucket;
import org.redisson.api.RFuture;
import org.redisson.api.RList;
import org.redisson.api.RMap;
import org.redisson.api.RScoredSortedSet;
import org.redisson.api.RScript;
import org.redisson.api.RSet;
import org.redisson.api.RStream;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.RedisException;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Redisson: one client shared by the workers, reading from replicas (its default read mode), so
 * its reads of a worker's own writes may be stale and are not checked; its objects are scripts
 * and plain commands; its batches are pipelines, an atomic batch a MULTI/EXEC; its topics
 * subscribe with SUBSCRIBE and SSUBSCRIBE.
 */
final class RedissonLoad implements Library {
    private final Workload workload;
    private final Tally tally;
    private final PubSubCounts counts;
    private final RedissonClient redisson;
    private String scriptSha;

    RedissonLoad(ClusterView cluster, Workload workload, Tally tally, PubSubCounts counts) {
        this.workload = workload;
        this.tally = tally;
        this.counts = counts;
        Config config = new Config();
        config.setCodec(StringCodec.INSTANCE);
        config.useClusterServers().setNodeAddresses(cluster.seedUris().stream().map(URI::toString).toList());
        config.useClusterServers().setClientName(clientName()).setTimeout(10_000);
        redisson = Redisson.create(config);
    }

    @Override
    public String clientName() {
        return "soak-redisson";
    }

    /** The transactions' counter: every atomic batch that EXEC ran added one. */
    long transactions(int workers) {
        long sum = 0;
        for (int w = 0; w < workers; w++) {
            Workload.Keys keys = workload.keys("redisson-" + w);
            for (int round = 0; round < 16; round++) {
                sum += redisson.getAtomicLong(keys.key(round, "atomic")).get();
            }
        }
        return sum;
    }

    @Override
    public Worker worker(int number) {
        Workload.Keys keys = workload.keys("redisson-" + number);
        if (scriptSha == null) {
            // SCRIPT LOAD on every master, as Redisson does, so that EVALSHA finds it anywhere
            scriptSha = redisson.getScript().scriptLoad(Workload.SCRIPT);
        }
        return (operation, round) -> {
            String key = keys.key(round, "str");
            switch (operation) {
                case 0 -> {
                    RBucket<String> bucket = redisson.getBucket(key);
                    bucket.set("v" + round);
                    redisson.getAtomicLong(keys.key(round, "counter")).incrementAndGet();
                    bucket.get();
                    tally.replicaReads.increment();
                }
                case 1 -> {
                    RMap<String, String> map = redisson.getMap(keys.key(round, "hash"));
                    map.fastPut("f" + round % 20, "v" + round);
                    map.readAllMap();
                    tally.replicaReads.increment();
                    if (round % 7 == 0) {
                        map.fastRemove("f" + (round + 3) % 20);
                    }
                }
                case 2 -> {
                    RList<String> list = redisson.getList(keys.key(round, "list"));
                    list.add("a" + round);
                    list.range(0, 9);
                    list.trim(-50, -1);
                }
                case 3 -> {
                    RSet<String> set = redisson.getSet(keys.key(round, "set"));
                    set.add("m" + round % 40);
                    set.remove("m" + (round + 7) % 40);
                    set.size();
                }
                case 4 -> {
                    RScoredSortedSet<String> zset = redisson.getScoredSortedSet(keys.key(round, "zset"));
                    zset.add(round % 100, "m" + round % 30);
                    zset.addScore("m" + (round + 1) % 30, 1.5);
                    zset.entryRange(0, 4);
                    zset.removeRangeByRank(0, -31);
                }
                case 5 -> {
                    RStream<String, String> stream = redisson.getStream(keys.key(round, "stream"));
                    stream.add(StreamAddArgs.<String, String>entry("n", Integer.toString(round)).trim().maxLen(50).noLimit());
                    stream.range(5, StreamMessageId.MIN, StreamMessageId.MAX);
                }
                case 6 -> {
                    redisson.getBucket(keys.key(round, "temp")).set("t", Duration.ofMillis(200 + round % 800));
                    RMap<String, String> map = redisson.getMap(keys.key(round, "hash"));
                    if (round % 5 == 0) {
                        map.clearExpire();
                    } else {
                        map.expire(Duration.ofMinutes(10));
                    }
                    map.remainTimeToLive();
                }
                case 7 -> {
                    String lua = keys.key(round, "lua");
                    RScript script = redisson.getScript();
                    long value = script.eval(lua, RScript.Mode.READ_WRITE, Workload.SCRIPT, RScript.ReturnType.LONG, List.of(lua), "2");
                    long next = script.evalSha(lua, RScript.Mode.READ_WRITE, scriptSha, RScript.ReturnType.LONG, List.of(lua), "2");
                    expect(next == value + 2, "EVALSHA after EVAL");
                }
                case 8 -> {
                    String fn = keys.key(round, "fn");
                    long value = redisson.getFunction().call(fn, FunctionMode.WRITE, "soak_add", FunctionResult.LONG, List.of(fn), "3");
                    expect(value > 0, "FCALL");
                    redisson.getFunction().call(fn, FunctionMode.READ, "soak_get", FunctionResult.STRING, List.of(fn));
                    tally.replicaReads.increment();
                }
                case 9 -> {
                    redisson.getTopic(Workload.NEWS).publish("redisson " + round);
                    counts.published(Workload.NEWS);
                    String channel = workload.anyShardChannel();
                    redisson.getShardedTopic(channel).publish("redisson " + round);
                    counts.published(channel);
                }
                case 10 -> {
                    // an atomic batch is MULTI ... EXEC on the keys' master (Redisson has no WATCH)
                    RBatch batch = redisson.createBatch(BatchOptions.defaults().executionMode(BatchOptions.ExecutionMode.IN_MEMORY_ATOMIC));
                    batch.getAtomicLong(keys.key(round, "atomic")).incrementAndGetAsync();
                    batch.getBucket(keys.key(round, "atomic-last")).setAsync("r" + round);
                    batch.execute();
                    tally.committed.increment();
                }
                case 11 -> {
                    RBlockingQueue<String> queue = redisson.getBlockingQueue(keys.key(round, "queue"));
                    // BLPOP's timeout is whole seconds in Redisson: an empty queue blocks it for 1 s, once in four rounds
                    if (round % 4 != 0) {
                        queue.offer("job" + round);
                    }
                    queue.poll(1, TimeUnit.SECONDS);
                }
                case 12 -> {
                    RBatch batch = redisson.createBatch();
                    List<RFuture<Object>> gets = new ArrayList<>();
                    for (int i = 0; i < 10; i++) {
                        batch.getBucket(keys.key(round + i, "piped")).setAsync("p" + i);
                        gets.add(batch.getBucket(keys.key(round + i, "piped")).getAsync());
                    }
                    BatchResult<?> result = batch.execute();
                    expect(result.getResponses().size() == 20, "20 replies to a batch of 20");
                }
                case 13 -> {
                    redisson.getBucket(key).get();
                    tally.replicaReads.increment();
                }
                case 14 -> {
                    String mixed = keys.key(round, "mixed");
                    redisson.getBucket(mixed).set("s");
                    try {
                        redisson.getList(mixed).add("x");
                        tally.unexpected("wrong type", "RPUSH on a string succeeded");
                    } catch (RedisException e) {
                        tally.expectWrongType("wrong type", e);
                    }
                }
                default -> throw new IllegalArgumentException("operation " + operation);
            }
        };
    }

    private void expect(boolean condition, String what) {
        if (!condition) {
            tally.unexpected(what, "reply not as expected");
        }
    }

    @Override
    public void subscribe() {
        LongAdder news = counts.subscriber("redisson " + Workload.NEWS, Workload.NEWS);
        redisson.getTopic(Workload.NEWS).addListener(String.class, (channel, message) -> news.increment());
        for (String channel : workload.shardChannels) {
            LongAdder received = counts.subscriber("redisson " + channel, channel);
            redisson.getShardedTopic(channel).addListener(String.class, (c, message) -> received.increment());
        }
    }

    @Override
    public void close() {
        redisson.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
