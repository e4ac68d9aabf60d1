package dev.embeddedcluster.examples.soak;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.ClusterView;
import dev.embeddedcluster.EmbeddedRedisCluster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

/**
 * What every library's clients do, named once: the operations of a round, the keys of a worker
 * (its own hash tags, spread over every master), the script, the function library and the
 * channels. Each worker writes only its own keys, except the WATCHed balance of Jedis's or
 * Lettuce's workers, which all workers of the library increment so that their transactions conflict.
 */
final class Workload {
    /** The operations of one round, in order; a worker repeats rounds until the soak ends. */
    static final List<String> OPERATIONS = List.of("strings", "hashes", "lists", "sets", "sorted sets", "streams",
            "expiries", "EVAL/EVALSHA", "FCALL", "PUBLISH/SPUBLISH", "WATCH/MULTI/EXEC", "blocking pop",
            "pipeline", "replica read", "wrong type");
    static final String NEWS = "soak:news";
    static final String SCRIPT = "return redis.call('incrby', KEYS[1], ARGV[1])";
    static final String SCRIPT_SHA = sha1(SCRIPT);
    static final String FUNCTIONS = "#!lua name=soak\n"
            + "redis.register_function('soak_add', function(keys, args) return redis.call('incrby', keys[1], args[1]) end)\n"
            + "redis.register_function{function_name='soak_get', flags={'no-writes'},\n"
            + "  callback=function(keys) return redis.call('get', keys[1]) end}\n";
    /** Hash tags per worker: enough that every worker's keys reach every master. */
    private static final int TAGS = 16;

    final List<String> shardChannels;
    private final ClusterView cluster;

    Workload(ClusterView cluster) {
        this.cluster = cluster;
        this.shardChannels = cluster.masters().stream().map(this::shardChannelOn).toList();
    }

    /** One worker's keys. */
    Keys keys(String worker) {
        return new Keys(worker);
    }

    String anyShardChannel() {
        return shardChannels.get(ThreadLocalRandom.current().nextInt(shardChannels.size()));
    }

    static String transactionKey(String library) {
        return "{" + library + "-tx}:balance";
    }

    /** A sharded channel whose slot the given master serves. */
    private String shardChannelOn(ClusterNode master) {
        return IntStream.iterate(0, i -> i + 1).mapToObj(i -> "soak:shard:{" + i + "}")
                .filter(channel -> cluster.masterForKey(channel).equals(master)).findFirst().orElseThrow();
    }

    /** The keys of one worker: {@code {worker-tag}:kind}, the tag changing from round to round. */
    final class Keys {
        private final List<String> tags = new ArrayList<>();

        private Keys(String worker) {
            for (int t = 0; t < TAGS; t++) {
                tags.add(worker + "-" + t);
            }
        }

        /** The key of this kind in the round's tag. */
        String key(int round, String kind) {
            return "{" + tags.get(Math.floorMod(round, TAGS)) + "}:" + kind;
        }

        /** A key of this kind whose master is the one the given replica follows. */
        String keyOnReplica(ClusterNode replica, int round, String kind) {
            ClusterNode master = cluster.node(replica.masterId().orElseThrow());
            List<String> served = tags.stream().filter(tag -> cluster.masterForKey("{" + tag + "}").equals(master)).toList();
            return "{" + served.get(Math.floorMod(round, served.size())) + "}:" + kind;
        }
    }

    static int slotOf(String key) {
        return EmbeddedRedisCluster.slotOf(key);
    }

    private static String sha1(String text) {
        return digest("SHA-1", text.getBytes(StandardCharsets.UTF_8));
    }

    /** The bytes' digest by this algorithm, in hexadecimal. */
    static String digest(String algorithm, byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
