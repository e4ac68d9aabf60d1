package dev.embeddedcluster.compare;

import dev.embeddedcluster.testing.RespClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * maxmemory against a real redis-server: what is refused with OOM over the limit (commands,
 * MULTI/EXEC, scripts and functions) byte for byte; eviction's keyspace events, counters and
 * effects. Which keys a sampling policy evicts differs between the two, so partial evictions
 * are compared by their shape; evicting everything (maxmemory 1) is compared exactly.
 */
class MaxmemoryIT extends ComparisonSupport {
    private static final String LIBRARY = "#!lua name=oomlib\n"
            + "redis.register_function('plain', function(keys) return redis.call('get', keys[1]) end)\n"
            + "redis.register_function{function_name='readonly', callback=function(keys) return redis.call('get', keys[1]) end,"
            + " flags={'no-writes'}}\n"
            + "redis.register_function{function_name='oomok', callback=function(keys) return redis.call('set', keys[1], 'z') end,"
            + " flags={'allow-oom'}}\n";

    @AfterEach
    void noLimit() {
        both("CONFIG", "SET", "maxmemory", "0", "maxmemory-policy", "noeviction", "notify-keyspace-events", "");
        both("FUNCTION", "FLUSH");
        both("CONFIG", "RESETSTAT");
    }

    @Test
    void overTheLimitWithNoevictionWritesThatGrowAreRefusedAndTheRestServed() {
        both("SET", "foo", "bar");
        both("SET", "counter", "1");
        script("CONFIG SET maxmemory-policy noeviction", "CONFIG SET maxmemory 1",
                "SET a b", "GET foo", "INCR counter", "LPUSH list a", "SADD set a", "HSET hash f v", "ZADD zset 1 a",
                "XADD stream * f v", "APPEND foo x", "SETRANGE foo 0 x", "GETDEL nosuchkey", "EXPIRE foo 100",
                "PERSIST foo", "PUBLISH channel message", "EXISTS foo", "DBSIZE", "DEL counter", "GET counter",
                "RPOP list", "INFO keyspace");
    }

    @Test
    void insideMultiEveryCommandButExecAndDiscardIsRefused() {
        both("SET", "foo", "bar");
        script("CONFIG SET maxmemory 1", "MULTI", "GET foo", "SET a b", "PING", "EXEC",
                "MULTI", "WATCH foo", "DISCARD", "EXEC");
    }

    @Test
    void execOfATransactionThatMayGrowIsDiscardedWhenTheLimitWasReachedMeanwhile() throws Exception {
        sameOnBoth((connect, transcript) -> {
            try (RespClient client = connect.get(); RespClient admin = connect.get()) {
                String[][] transactions = {
                        {"SET", "a", "b"},
                        {"GET", "a"},
                        {"EVAL", "#!lua\nreturn redis.call('get','a')", "0"},
                        {"EVAL", "#!lua flags=no-writes\nreturn redis.call('get','a')", "0"},
                        {"EVAL", "return redis.call('set','a','b')", "0"},
                };
                for (String[] queued : transactions) {
                    transcript.add(admin.call("CONFIG", "SET", "maxmemory", "0"));
                    transcript.add(client.call("MULTI"));
                    transcript.add(client.call(queued));
                    transcript.add(admin.call("CONFIG", "SET", "maxmemory", "1"));
                    transcript.add(client.call("EXEC"));
                    transcript.add(client.call("GET", "a"));
                }
            }
        });
    }

    @Test
    void scriptsAreRefusedByTheirDeclaredFlagsOrAtTheirFirstWrite() {
        both("SET", "q", "1");
        both("FUNCTION", "LOAD", LIBRARY);
        script("CONFIG SET maxmemory 1");
        same("EVAL", "return redis.call('set','a','b')", "1", "a");
        same("EVAL", "return redis.pcall('set','a','b')", "1", "a");
        same("EVAL", "redis.call('get','a'); return redis.call('set','a','b')", "1", "a");
        same("EVAL", "redis.call('del','q'); return redis.call('set','q','b')", "1", "q");
        same("GET", "q");
        same("EVAL", "#!lua\nreturn redis.call('get','a')", "1", "a");
        same("EVAL", "#!lua flags=no-writes\nreturn redis.call('get','a')", "1", "a");
        same("EVAL", "#!lua flags=allow-oom\nreturn redis.call('set','a','c')", "1", "a");
        same("EVAL_RO", "return redis.call('get','a')", "1", "a");
        same("FCALL", "plain", "1", "a");
        same("FCALL_RO", "plain", "1", "a");
        same("FCALL", "readonly", "1", "a");
        same("FCALL", "oomok", "1", "a");
        same("FUNCTION", "LOAD", "REPLACE", LIBRARY);
        same("FCALL", "nosuchfunction", "0");
        same("EVALSHA", "ffffffffffffffffffffffffffffffffffffffff", "0");
        same("GET", "a");
    }

    @Test
    void volatilePoliciesEvictOnlyKeysWithATtlAndThenRefuse() throws Exception {
        for (int i = 0; i < 10; i++) {
            both("SET", "plain:" + i, "v".repeat(100));
        }
        for (int i = 0; i < 5; i++) {
            both("SET", "volatile:" + i, "v".repeat(100), "EX", Integer.toString(100 + i));
        }
        script("CONFIG SET maxmemory-policy volatile-lru", "CONFIG SET maxmemory 1", "DBSIZE",
                "EXISTS volatile:0 volatile:1 volatile:2 volatile:3 volatile:4", "SET a b", "GET plain:0");
        sameOnBoth((connect, transcript) -> {
            try (RespClient client = connect.get()) {
                transcript.add("evicted_keys:" + stat(client, "evicted_keys"));
            }
        });
    }

    @Test
    void maxmemorySamplesIsCheckedAsRedisChecksIt() {
        script("CONFIG SET maxmemory-samples 0", "CONFIG SET maxmemory-samples 2147483648", "CONFIG SET maxmemory-samples abc",
                "CONFIG SET maxmemory-samples 10", "CONFIG GET maxmemory-samples", "CONFIG SET maxmemory-samples 5",
                "CONFIG SET maxmemory 100kb", "CONFIG GET maxmemory", "CONFIG SET maxmemory 1m", "CONFIG GET maxmemory",
                "CONFIG SET maxmemory 1.5mb", "CONFIG SET maxmemory -1", "CONFIG GET maxmemory", "CONFIG SET maxmemory 0");
    }

    /**
     * Evicting everything (maxmemory 1) is the same on both sides: the same keys go, each with
     * its keyspace and keyevent message, then every write is refused.
     */
    @ParameterizedTest
    @CsvSource({"allkeys-lru,KEA", "allkeys-lfu,Ee", "allkeys-random,Ke", "volatile-ttl,KEA", "volatile-random,Ex"})
    void evictingEveryKeyPublishesTheSameEvents(String policy, String events) throws Exception {
        sameOnBoth((connect, transcript) -> {
            try (RespClient admin = connect.get(); RespClient subscriber = connect.get()) {
                transcript.add(admin.call("CONFIG", "SET", "notify-keyspace-events", events));
                subscribe(subscriber, transcript);
                for (int i = 0; i < 12; i++) {
                    if (policy.startsWith("volatile")) {
                        admin.call("SET", "key:" + i, "x".repeat(200), "EX", Integer.toString(1000 + i));
                    } else {
                        admin.call("SET", "key:" + i, "x".repeat(200));
                    }
                }
                transcript.add(admin.call("CONFIG", "SET", "maxmemory-policy", policy));
                transcript.add(admin.call("CONFIG", "SET", "maxmemory", "1"));
                List<String> published = eventsUpToMarker(admin, subscriber);
                Collections.sort(published);
                transcript.addAll(published);
                transcript.add(admin.call("DBSIZE"));
                transcript.add(admin.call("SET", "a", "b"));
                transcript.add("evicted_keys:" + stat(admin, "evicted_keys"));
                transcript.add(admin.call("CONFIG", "SET", "maxmemory", "0"));
                transcript.add(admin.call("CONFIG", "RESETSTAT"));
            }
        });
    }

    /**
     * A partial eviction: which keys go differs, so the events are compared by their shape (the
     * key replaced by a placeholder), and on each side the keys announced are gone. (A real
     * server counts client buffers too and goes on evicting as they grow, so counts are not
     * compared: EvictionClusterIT checks them on the emulator.)
     */
    @ParameterizedTest
    @CsvSource({"allkeys-lru,KEA", "allkeys-random,Ee", "allkeys-lfu,KEA"})
    void aPartialEvictionPublishesEventsShapedAsRedisDoes(String policy, String events) throws Exception {
        sameOnBoth((connect, transcript) -> {
            try (RespClient admin = connect.get(); RespClient subscriber = connect.get()) {
                transcript.add(admin.call("CONFIG", "SET", "notify-keyspace-events", events));
                subscribe(subscriber, transcript);
                int keys = 60;
                for (int i = 0; i < keys; i++) {
                    admin.call("SET", "key:" + i, "x".repeat(1000));
                }
                long used = Long.parseLong(info(admin, "memory", "used_memory"));
                transcript.add(admin.call("CONFIG", "SET", "maxmemory-policy", policy));
                transcript.add(admin.call("CONFIG", "SET", "maxmemory", Long.toString(used - 20_000)));
                List<String> published = eventsUpToMarker(admin, subscriber);
                List<String> evicted = new ArrayList<>();
                Set<String> shapes = new LinkedHashSet<>();
                for (String message : published) {
                    String key = message.substring(message.lastIndexOf("key:"), message.indexOf("\r\n", message.lastIndexOf("key:")));
                    if (message.startsWith("*3")) {
                        evicted.add(key);
                    }
                    shapes.add(message.replace(key, "<key>").replaceAll("\\$\\d+\r\n(__keyspace@0__:)?<key>", "\\$n\r\n$1<key>"));
                }
                transcript.addAll(shapes);
                transcript.add("some keys evicted, not all: " + (!evicted.isEmpty() && evicted.size() < keys));
                long gone = evicted.stream().filter(key -> admin.call("EXISTS", key).equals(":0\r\n")).count();
                transcript.add("evicted keys are gone: " + (gone == evicted.size()));
                transcript.add(admin.call("CONFIG", "SET", "maxmemory", "0"));
                transcript.add(admin.call("CONFIG", "RESETSTAT"));
                transcript.add(admin.call("FLUSHALL"));
            }
        });
    }

    private static void subscribe(RespClient subscriber, List<String> transcript) {
        transcript.add(subscriber.call("PSUBSCRIBE", "__keyspace@0__:*"));
        transcript.add(subscriber.call("SUBSCRIBE", "__keyevent@0__:evicted"));
        transcript.add(subscriber.call("SUBSCRIBE", "marker"));
    }

    /** The messages the subscriber received up to a marker published now. */
    private static List<String> eventsUpToMarker(RespClient admin, RespClient subscriber) {
        admin.call("PUBLISH", "marker", "end");
        List<String> messages = new ArrayList<>();
        for (String message = subscriber.readReply(); !message.contains("$6\r\nmarker\r\n"); message = subscriber.readReply()) {
            messages.add(message);
        }
        return messages;
    }

    private static String stat(RespClient client, String name) {
        return info(client, "stats", name);
    }

    private static String info(RespClient client, String section, String name) {
        for (String line : client.call("INFO", section).split("\r\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1);
            }
        }
        throw new AssertionError("INFO " + section + " has no " + name);
    }
}
