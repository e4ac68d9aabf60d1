package dev.embeddedcluster.e2e;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.testing.RedisServerProcess;
import dev.embeddedcluster.testing.RespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RDB interoperability with a real redis-server 7.0.15: every type and encoding DUMPed there
 * restores here and DUMPed here restores there to the same value (DEBUG DIGEST-VALUE); a real
 * server loads the file our SAVE writes, and the file a real server's SAVE writes seeds a six-node
 * cluster, keys, values and expiries equal.
 */
@Tag("live") // needs redis-server 7.0: runs with -Dcompare.live=true
class RdbInteropIT {
    private static EmbeddedRedisCluster cluster;

    @BeforeAll
    static void start() {
        cluster = EmbeddedRedisCluster.builder().build().start();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    /** Commands that make one key of each type and encoding, by key. */
    static Map<String, List<String[]>> everyEncoding() {
        Map<String, List<String[]>> keys = new LinkedHashMap<>();
        keys.put("str:int", one("SET", "str:int", "-12345"));
        keys.put("str:embstr", one("SET", "str:embstr", "hello"));
        keys.put("str:raw", one("SET", "str:raw", "abc".repeat(40)));
        keys.put("str:appended", List.of(cmd("APPEND", "str:appended", "12"), cmd("APPEND", "str:appended", "x")));
        keys.put("list:small", one("RPUSH", "list:small", "a", "1", "-300", "5000000000", "z".repeat(80)));
        List<String> many = new ArrayList<>(List.of("RPUSH", "list:nodes"));
        for (int i = 0; i < 2000; i++) {
            many.add("element-" + i);
        }
        keys.put("list:nodes", List.of(many.toArray(String[]::new), cmd("LPUSH", "list:nodes", "head"),
                cmd("LINSERT", "list:nodes", "BEFORE", "element-1000", "inserted")));
        keys.put("set:intset", one("SADD", "set:intset", "3", "-1", "70000", "5000000000"));
        List<String> words = new ArrayList<>(List.of("SADD", "set:hashtable"));
        for (int i = 0; i < 700; i++) {
            words.add("w" + i);
        }
        keys.put("set:hashtable", one(words.toArray(String[]::new)));
        keys.put("zset:listpack", one("ZADD", "zset:listpack", "1", "a", "2.5", "b", "-inf", "c", "0.1", "d"));
        List<String> members = new ArrayList<>(List.of("ZADD", "zset:skiplist"));
        for (int i = 0; i < 300; i++) {
            members.add(Double.toString(i / 3.0));
            members.add("m" + i);
        }
        keys.put("zset:skiplist", one(members.toArray(String[]::new)));
        keys.put("hash:listpack", one("HSET", "hash:listpack", "f", "v", "n", "12"));
        keys.put("hash:hashtable", one("HSET", "hash:hashtable", "f", "v".repeat(100), "g", "1"));
        List<String[]> stream = new ArrayList<>();
        for (int i = 1; i <= 300; i++) {
            stream.add(cmd("XADD", "stream", i + "-1", "field", "v" + i, "n", Integer.toString(i)));
        }
        stream.add(cmd("XDEL", "stream", "10-1", "150-1"));
        stream.add(cmd("XGROUP", "CREATE", "stream", "g1", "0"));
        stream.add(cmd("XREADGROUP", "GROUP", "g1", "alice", "COUNT", "5", "STREAMS", "stream", ">"));
        stream.add(cmd("XREADGROUP", "GROUP", "g1", "bob", "COUNT", "3", "STREAMS", "stream", ">"));
        stream.add(cmd("XACK", "stream", "g1", "2-1"));
        stream.add(cmd("XGROUP", "CREATECONSUMER", "stream", "g1", "carol"));
        stream.add(cmd("XGROUP", "CREATE", "stream", "g2", "$"));
        keys.put("stream", stream);
        return keys;
    }

    @Test
    void everyTypeAndEncodingCrossesBothWays(@TempDir Path dir) throws Exception {
        try (RedisServerProcess real = RedisServerProcess.start(dir, "unused.rdb"); RespClient redis = real.connect()) {
            for (Map.Entry<String, List<String[]>> key : everyEncoding().entrySet()) {
                for (String[] command : key.getValue()) {
                    assertThat(redis.call(command)).doesNotStartWith("-");
                }
                String name = key.getKey();
                try (RespClient ours = connect(name)) {
                    byte[] theirs = redis.callForBulk("DUMP", name);
                    assertThat(ours.call(bytes("RESTORE"), bytes(name), bytes("0"), theirs)).as(name).isEqualTo("+OK\r\n");
                    // what RESTORE makes of the payload there, for its encoding
                    assertThat(redis.call(bytes("RESTORE"), bytes(name + ":copy"), bytes("0"), theirs)).isEqualTo("+OK\r\n");
                    assertThat(ours.call("OBJECT", "ENCODING", name)).as(name)
                            .isEqualTo(redis.call("OBJECT", "ENCODING", name + ":copy"));
                    byte[] back = ours.callForBulk("DUMP", name);
                    assertThat(redis.call(bytes("RESTORE"), bytes(name + ":back"), bytes("0"), back)).as(name).isEqualTo("+OK\r\n");
                    assertThat(redis.call("OBJECT", "ENCODING", name + ":back")).isEqualTo(redis.call("OBJECT", "ENCODING", name + ":copy"));
                    assertThat(digest(redis, name + ":back")).as(name).isEqualTo(digest(redis, name));
                }
            }
        }
    }

    @Test
    void aRealServerLoadsTheFileOurSaveWrites(@TempDir Path dir) throws Exception {
        // One master holding every slot: its file has every key.
        try (EmbeddedRedisCluster single = EmbeddedRedisCluster.builder().masters(1).replicasPerMaster(0).build().start();
             RespClient ours = new RespClient(single.masters().get(0).host(), single.masters().get(0).port())) {
            for (Map.Entry<String, List<String[]>> key : everyEncoding().entrySet()) {
                for (String[] command : key.getValue()) {
                    assertThat(ours.call(command)).doesNotStartWith("-");
                }
            }
            ours.call("SET", "expiring", "soon", "PX", "600000");
            assertThat(ours.call("SAVE")).isEqualTo("+OK\r\n");
            String ourDir = ours.call("CONFIG", "GET", "dir").split("\r\n")[4];
            Files.copy(Path.of(ourDir, "dump.rdb"), dir.resolve("ours.rdb"));
            try (RedisServerProcess real = RedisServerProcess.start(dir, "ours.rdb"); RespClient redis = real.connect()) {
                assertThat(redis.call("DBSIZE")).isEqualTo(ours.call("DBSIZE"));
                assertThat(Long.parseLong(redis.call("PTTL", "expiring").substring(1).trim())).isBetween(500_000L, 600_000L);
                for (String name : everyEncoding().keySet()) {
                    byte[] payload = ours.callForBulk("DUMP", name);
                    assertThat(redis.call(bytes("RESTORE"), bytes(name + ":dumped"), bytes("0"), payload)).isEqualTo("+OK\r\n");
                    assertThat(digest(redis, name)).as(name).isEqualTo(digest(redis, name + ":dumped"));
                    assertThat(redis.call("OBJECT", "ENCODING", name)).as(name)
                            .isEqualTo(redis.call("OBJECT", "ENCODING", name + ":dumped"));
                }
            }
        }
    }

    @Test
    void aFileARealServerWritesSeedsASixNodeCluster(@TempDir Path dir) throws Exception {
        try (RedisServerProcess real = RedisServerProcess.start(dir, "theirs.rdb"); RespClient redis = real.connect()) {
            for (List<String[]> commands : everyEncoding().values()) {
                for (String[] command : commands) {
                    assertThat(redis.call(command)).doesNotStartWith("-");
                }
            }
            redis.call("SET", "expiring", "soon", "PX", "600000");
            assertThat(redis.call("SAVE")).isEqualTo("+OK\r\n");
            try (EmbeddedRedisCluster seeded = EmbeddedRedisCluster.builder().rdb(dir.resolve("theirs.rdb")).build().start()) {
                long total = 0;
                for (ClusterNode master : seeded.masters()) {
                    try (RespClient onMaster = new RespClient(master.host(), master.port());
                         RespClient onReplica = new RespClient(seeded.replicasOf(master).get(0).host(),
                                 seeded.replicasOf(master).get(0).port())) {
                        String size = onMaster.call("DBSIZE");
                        assertThat(onReplica.call("DBSIZE")).isEqualTo(size);
                        total += Long.parseLong(size.substring(1).trim());
                    }
                }
                assertThat(":" + total + "\r\n").isEqualTo(redis.call("DBSIZE"));
                for (String name : everyEncoding().keySet()) {
                    ClusterNode master = seeded.masterForKey(name);
                    try (RespClient ours = new RespClient(master.host(), master.port())) {
                        byte[] payload = ours.callForBulk("DUMP", name);
                        assertThat(redis.call(bytes("RESTORE"), bytes(name + ":seeded"), bytes("0"), payload)).isEqualTo("+OK\r\n");
                        assertThat(digest(redis, name + ":seeded")).as(name).isEqualTo(digest(redis, name));
                    }
                }
                ClusterNode master = seeded.masterForKey("expiring");
                try (RespClient ours = new RespClient(master.host(), master.port())) {
                    assertThat(Long.parseLong(ours.call("PTTL", "expiring").substring(1).trim())).isBetween(500_000L, 600_000L);
                }
            }
        }
    }

    private static String digest(RespClient redis, String key) {
        return redis.call("DEBUG", "DIGEST-VALUE", key);
    }

    private static RespClient connect(String key) {
        ClusterNode node = cluster.masterForKey(key);
        return new RespClient(node.host(), node.port());
    }

    private static List<String[]> one(String... command) {
        List<String[]> commands = new ArrayList<>();
        commands.add(command);
        return commands;
    }

    private static String[] cmd(String... parts) {
        return parts;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
