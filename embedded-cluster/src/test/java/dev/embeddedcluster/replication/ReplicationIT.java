package dev.embeddedcluster.replication;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.ManualClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.resps.LibraryInfo;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The replication stream as clients observe it: data, offsets, ROLE, WAIT and expiry. */
class ReplicationIT {
    private static final ManualClock CLOCK = new ManualClock();
    private static EmbeddedRedisCluster cluster;
    private ClusterNode master;
    private ClusterNode replica;

    @BeforeAll
    static void start() {
        cluster = EmbeddedRedisCluster.builder().clock(CLOCK).build().start();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @BeforeEach
    void pickShard() {
        master = cluster.masterForKey("sample1");
        replica = cluster.replicasOf(master).get(0);
    }

    private static Jedis connect(ClusterNode node) {
        return new Jedis(node.host(), node.port(), 2000);
    }

    private static long roleOffset(Jedis jedis) {
        List<Object> role = jedis.role();
        return (Long) role.get("master".equals(role.get(0)) ? 1 : 4);
    }

    @Test
    void offsetsCountTheStreamInBytesAsTheTranscriptShows() {
        try (EmbeddedRedisCluster fresh = EmbeddedRedisCluster.builder().build().start()) {
            ClusterNode m1 = fresh.masterForKey("sample1");
            ClusterNode r1 = fresh.replicasOf(m1).get(0);
            try (Jedis m = connect(m1); Jedis r = connect(r1)) {
                // The PING a master sends when its replicas attach: 14 bytes.
                assertThat(roleOffset(m)).isEqualTo(14);
                assertThat(roleOffset(r)).isEqualTo(14);
                // SELECT 0 (23 bytes) precedes the first write; SET sample1 1 is 33 bytes.
                m.set("sample1", "1");
                assertThat(roleOffset(m)).isEqualTo(70);
                await().atMost(Duration.ofSeconds(5)).until(() -> roleOffset(r) == 70);
                List<Object> role = m.role();
                @SuppressWarnings("unchecked")
                List<List<Object>> replicas = (List<List<Object>>) role.get(2);
                assertThat(replicas).containsExactly(List.of("127.0.0.1", Integer.toString(r1.port()), "70"));
            }
        }
    }

    @Test
    void bitfieldReachesTheReplicaOnlyWhenItWrites() {
        // A fresh cluster: no periodic PING (every 10 s) can fall between the offsets compared.
        try (EmbeddedRedisCluster fresh = EmbeddedRedisCluster.builder().build().start()) {
            ClusterNode m1 = fresh.masterForKey("sample1");
            ClusterNode r1 = fresh.replicasOf(m1).get(0);
            try (Jedis m = connect(m1); Jedis r = connect(r1)) {
                String key = "{sample1}bits";
                String untouched = "{sample1}refused";
                assertThat(m.bitfield(key, "SET", "u8", "0", "5")).containsExactly(0L);
                long offset = roleOffset(m);
                // As in Redis, none of these changes the data the replica has, so none is replicated.
                assertThat(m.bitfield(key, "GET", "u8", "0", "GET", "i64", "100")).containsExactly(5L, 0L);
                assertThat(m.bitfieldReadonly(key, "GET", "u8", "0")).containsExactly(5L);
                assertThat(m.bitfield(key, "SET", "u8", "0", "5", "INCRBY", "i4", "4", "0")).containsExactly(5L, 5L);
                assertThat(m.setbit(key, 7, true)).isTrue();
                // A write refused by OVERFLOW FAIL still grows (or creates) the master's string.
                assertThat(m.bitfield(key, "OVERFLOW", "FAIL", "SET", "u8", "16", "300")).containsExactly((Long) null);
                assertThat(m.bitfield(untouched, "OVERFLOW", "FAIL", "INCRBY", "i8", "0", "200")).containsExactly((Long) null);
                assertThat(roleOffset(m)).isEqualTo(offset);
                assertThat(m.strlen(key)).isEqualTo(3);
                assertThat(m.exists(untouched)).isTrue();

                assertThat(m.bitfield(key, "INCRBY", "u8", "0", "1", "GET", "u8", "0")).containsExactly(6L, 6L);
                assertThat(roleOffset(m)).isGreaterThan(offset);
                assertThat(m.waitReplicas(1, 2000)).isEqualTo(1);
                r.readonly();
                assertThat(r.bitfieldReadonly(key, "GET", "u8", "0")).containsExactly(6L);
                assertThat(r.strlen(key)).isEqualTo(1);
                assertThat(r.exists(untouched)).isFalse();
            }
        }
    }

    @Test
    void replicaServesTheMastersWritesAfterReadonly() {
        try (Jedis m = connect(master); Jedis r = connect(replica)) {
            m.set("sample1", "v1");
            assertThat(m.waitReplicas(1, 2000)).isEqualTo(1);
            assertThat(r.readonly()).isEqualTo("OK");
            assertThat(r.get("sample1")).isEqualTo("v1");
            m.del("sample1");
            assertThat(m.waitReplicas(1, 2000)).isEqualTo(1);
            assertThat(r.get("sample1")).isNull();
        }
    }

    /**
     * As on a real cluster over loopback, where the master sends its stream in the same event
     * loop turn as its replies: a read on a replica right after the master acknowledged a write
     * sees it, without WAIT (a real 7.0 cluster here: 0 stale reads out of 2000).
     */
    @Test
    void aReplicaReadAfterTheMastersReplySeesTheWrite() {
        try (Jedis m = connect(master); Jedis r = connect(replica); Jedis pipelining = connect(master)) {
            r.readonly();
            for (int i = 0; i < 2000; i++) {
                m.set("sample1", "v" + i);
                assertThat(r.get("sample1")).as("read %d", i).isEqualTo("v" + i);
            }
            redis.clients.jedis.Pipeline pipeline = pipelining.pipelined();
            for (int i = 0; i < 100; i++) {
                pipeline.incr("{sample1}counter");
            }
            pipeline.sync();
            assertThat(r.get("{sample1}counter")).isEqualTo("100");
            m.del("sample1", "{sample1}counter");
        }
    }

    @Test
    void hashWritesReachTheReplica() {
        try (Jedis m = connect(master); Jedis r = connect(replica)) {
            m.hset("{sample1}hash", java.util.Map.of("a", "1", "b", "2"));
            m.hincrByFloat("{sample1}hash", "a", 0.1);
            m.hincrBy("{sample1}hash", "b", 40);
            m.hdel("{sample1}hash", "zz", "a");
            m.hsetnx("{sample1}hash", "c", "3");
            assertThat(m.waitReplicas(1, 2000)).isEqualTo(1);
            r.readonly();
            assertThat(r.hgetAll("{sample1}hash")).isEqualTo(java.util.Map.of("b", "42", "c", "3"));
            m.hset("{sample1}hash", "a", "x");
            m.hdel("{sample1}hash", "a", "b", "c");
            assertThat(m.waitReplicas(1, 2000)).isEqualTo(1);
            assertThat(r.exists("{sample1}hash")).isFalse();
        }
    }

    @Test
    void randomSetPopsReachTheReplicaAsTheMembersTaken() {
        try (Jedis m = connect(master); Jedis r = connect(replica)) {
            m.sadd("{sample1}set", "a", "b", "c", "d", "e");
            m.spop("{sample1}set");
            m.spop("{sample1}set", 2);
            m.smove("{sample1}set", "{sample1}other", m.srandmember("{sample1}set"));
            assertThat(m.waitReplicas(1, 2000)).isEqualTo(1);
            r.readonly();
            assertThat(r.smembers("{sample1}set")).isEqualTo(m.smembers("{sample1}set")).hasSize(1);
            assertThat(r.smembers("{sample1}other")).isEqualTo(m.smembers("{sample1}other")).hasSize(1);
            m.spop("{sample1}set", 5);
            assertThat(m.waitReplicas(1, 2000)).isEqualTo(1);
            assertThat(r.exists("{sample1}set")).isFalse();
        }
    }

    @Test
    void listWritesReachTheReplica() {
        try (Jedis m = connect(master); Jedis r = connect(replica)) {
            m.rpush("{sample1}list", "a", "b", "c", "d");
            m.lmove("{sample1}list", "{sample1}list2", redis.clients.jedis.args.ListDirection.LEFT,
                    redis.clients.jedis.args.ListDirection.RIGHT);
            m.lmpop(redis.clients.jedis.args.ListDirection.RIGHT, 2, "{sample1}none", "{sample1}list");
            m.linsert("{sample1}list2", redis.clients.jedis.args.ListPosition.BEFORE, "a", "z");
            assertThat(m.waitReplicas(1, 2000)).isEqualTo(1);
            r.readonly();
            assertThat(r.lrange("{sample1}list", 0, -1)).containsExactly("b");
            assertThat(r.lrange("{sample1}list2", 0, -1)).containsExactly("z", "a");
        }
    }

    @Test
    void aBlockedPopServedByAPushReachesTheReplica() throws Exception {
        try (Jedis m = connect(master); Jedis waiting = connect(master); Jedis r = connect(replica)) {
            java.util.concurrent.CompletableFuture<List<String>> popped =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> waiting.blpop(5, "{sample1}queue"));
            await().atMost(Duration.ofSeconds(5)).until(() -> m.clientList().contains("cmd=blpop"));
            m.rpush("{sample1}queue", "job1", "job2");
            assertThat(popped.get(5, java.util.concurrent.TimeUnit.SECONDS)).containsExactly("{sample1}queue", "job1");
            assertThat(m.waitReplicas(1, 2000)).isEqualTo(1);
            r.readonly();
            assertThat(r.lrange("{sample1}queue", 0, -1)).containsExactly("job2");
        }
    }

    @Test
    void sortedSetWritesAndPopsReachTheReplica() throws Exception {
        try (Jedis m = connect(master); Jedis waiting = connect(master); Jedis r = connect(replica)) {
            java.util.concurrent.CompletableFuture<Object> popped = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> waiting.sendBlockingCommand(Protocol.Command.BZPOPMAX, "{sample1}waited", "5"));
            await().atMost(Duration.ofSeconds(5)).until(() -> m.clientList().contains("cmd=bzpopmax"));
            m.zadd("{sample1}waited", java.util.Map.of("low", 1.0, "high", 2.0));
            assertThat(popped.get(5, java.util.concurrent.TimeUnit.SECONDS)).isNotNull();
            m.zadd("{sample1}z", java.util.Map.of("a", 1.0, "b", 2.0, "c", 3.0, "d", 4.0, "e", 5.0, "f", 6.0));
            m.zincrby("{sample1}z", 10, "a");
            m.zrem("{sample1}z", "b");
            m.zpopmin("{sample1}z");
            m.zmpop(redis.clients.jedis.args.SortedSetOption.MAX, 1, "{sample1}none", "{sample1}z");
            m.zremrangeByScore("{sample1}z", "5", "5");
            m.zunionstore("{sample1}union", "{sample1}z", "{sample1}waited");
            m.zrangestore("{sample1}stored", "{sample1}z", new redis.clients.jedis.params.ZRangeParams(0, 0));
            assertThat(m.waitReplicas(1, 2000)).isEqualTo(1);
            r.readonly();
            for (String key : List.of("{sample1}z", "{sample1}waited", "{sample1}union", "{sample1}stored")) {
                assertThat(r.zrangeWithScores(key, 0, -1)).as(key).isEqualTo(m.zrangeWithScores(key, 0, -1));
            }
            assertThat(r.zrange("{sample1}waited", 0, -1)).containsExactly("low");
            assertThat(r.zrange("{sample1}z", 0, -1)).containsExactly("d", "f");
        }
    }

    @Test
    void streamEntriesGroupsAndDeliveriesReachTheReplica() {
        try (Jedis m = connect(master); Jedis r = connect(replica)) {
            String key = "{sample1}stream";
            for (int i = 1; i <= 250; i++) {
                m.sendCommand(Protocol.Command.XADD, key, i + "-1", "n", Integer.toString(i));
            }
            m.sendCommand(Protocol.Command.XTRIM, key, "MAXLEN", "~", "120");
            m.sendCommand(Protocol.Command.XADD, key, "MAXLEN", "~", "100", "*", "n", "last");
            m.sendCommand(Protocol.Command.XGROUP, "CREATE", key, "g", "0");
            m.sendCommand(Protocol.Command.XREADGROUP, "GROUP", "g", "alice", "COUNT", "3", "STREAMS", key, ">");
            m.sendCommand(Protocol.Command.XREADGROUP, "GROUP", "g", "bob", "NOACK", "COUNT", "2", "STREAMS", key, ">");
            m.sendCommand(Protocol.Command.XACK, key, "g", "151-1");
            m.sendCommand(Protocol.Command.XCLAIM, key, "g", "carol", "0", "152-1");
            m.sendCommand(Protocol.Command.XDEL, key, "153-1");
            assertThat(m.waitReplicas(1, 2000)).isEqualTo(1);
            r.readonly();
            for (String[] query : List.of(new String[] {"XRANGE", key, "-", "+"}, new String[] {"XPENDING", key, "g"},
                    new String[] {"XINFO", "STREAM", key}, new String[] {"XINFO", "GROUPS", key})) {
                Object onMaster = m.sendCommand(() -> redis.clients.jedis.util.SafeEncoder.encode(query[0]),
                        java.util.Arrays.copyOfRange(query, 1, query.length));
                Object onReplica = r.sendCommand(() -> redis.clients.jedis.util.SafeEncoder.encode(query[0]),
                        java.util.Arrays.copyOfRange(query, 1, query.length));
                assertThat(render(onReplica)).as(String.join(" ", query)).isEqualTo(render(onMaster));
            }
        }
    }

    private static String render(Object reply) {
        if (reply instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (reply instanceof List<?> list) {
            return list.stream().map(ReplicationIT::render).toList().toString();
        }
        return String.valueOf(reply);
    }

    @Test
    void aRestoreWithATtlReachesTheReplicaWithTheSameExpiry() {
        try (Jedis m = connect(master); Jedis r = connect(replica)) {
            m.rpush("{sample1}source", "a", "b");
            byte[] payload = m.dump("{sample1}source");
            m.restore("{sample1}restored", 60_000, payload);
            assertThat(m.waitReplicas(1, 2000)).isEqualTo(1);
            r.readonly();
            assertThat(r.lrange("{sample1}restored", 0, -1)).containsExactly("a", "b");
            assertThat(r.pexpireTime("{sample1}restored")).isEqualTo(m.pexpireTime("{sample1}restored")).isPositive();
        }
    }

    @Test
    void geoWritesReachTheReplicaAsRedisPropagatesThem() {
        try (Jedis m = connect(master); Jedis r = connect(replica)) {
            m.set("sample1", "before");
            // GEOADD travels as the ZADD Redis rewrites it into: "zadd", the key, the flags, then
            // each geohash score with its member.
            long before = roleOffset(m);
            m.sendCommand(Protocol.Command.GEOADD, "{sample1}geo", "CH", "13.361389", "38.115556", "Palermo");
            String[] zadd = {"zadd", "{sample1}geo", "CH", "3479099956230698", "Palermo"};
            assertThat(roleOffset(m) - before).isEqualTo(respLength(zadd));
            // Nothing changed, nothing sent.
            long unchanged = roleOffset(m);
            m.sendCommand(Protocol.Command.GEOADD, "{sample1}geo", "13.361389", "38.115556", "Palermo");
            m.sendCommand(Protocol.Command.GEOADD, "{sample1}geo", "XX", "1", "1", "nobody");
            assertThat(roleOffset(m)).isEqualTo(unchanged);
            m.sendCommand(Protocol.Command.GEOADD, "{sample1}geo", "15.087269", "37.502669", "Catania", "13.5", "38", "Palermo");
            m.sendCommand(Protocol.Command.GEOSEARCHSTORE, "{sample1}near", "{sample1}geo", "FROMLONLAT", "15", "37",
                    "BYRADIUS", "200", "km", "STOREDIST");
            m.sendCommand(Protocol.Command.GEORADIUS, "{sample1}geo", "15", "37", "200", "km", "STORE", "{sample1}stored");
            m.sendCommand(Protocol.Command.GEORADIUS, "{sample1}geo", "15", "37", "1", "m", "STORE", "{sample1}emptied");
            assertThat(m.waitReplicas(1, 2000)).isEqualTo(1);
            r.readonly();
            for (String key : List.of("{sample1}geo", "{sample1}near", "{sample1}stored")) {
                assertThat(r.zrangeWithScores(key, 0, -1)).as(key).isEqualTo(m.zrangeWithScores(key, 0, -1)).isNotEmpty();
            }
            assertThat(r.exists("{sample1}emptied")).isFalse();
        }
    }

    /** The bytes an ASCII command takes in the replication stream (RESP array of bulk strings). */
    private static long respLength(String... command) {
        long length = ("*" + command.length + "\r\n").length();
        for (String arg : command) {
            length += ("$" + arg.length() + "\r\n").length() + arg.length() + 2;
        }
        return length;
    }

    @Test
    void hyperLogLogsOnTheReplicaHoldTheMastersExactBytes() {
        try (Jedis m = connect(master); Jedis r = connect(replica)) {
            m.pfadd("{sample1}hll", "a", "b", "c");
            m.pfadd("{sample1}src", "x", "y");
            m.pfmerge("{sample1}merged", "{sample1}hll", "{sample1}src");
            long beforeCount = roleOffset(m);
            // Counting one key writes the estimate into the string, so Redis replicates the PFCOUNT.
            assertThat(m.pfcount("{sample1}hll")).isEqualTo(3);
            assertThat(roleOffset(m)).isGreaterThan(beforeCount);
            long cached = roleOffset(m);
            // Nothing to replicate: a cached estimate, a union (never cached), an add that changes nothing.
            m.pfcount("{sample1}hll");
            m.pfcount("{sample1}hll", "{sample1}src");
            m.pfadd("{sample1}hll", "a");
            assertThat(roleOffset(m)).isEqualTo(cached);
            for (int i = 0; i < 2000; i++) {
                m.pfadd("{sample1}hll", "e" + i);
            }
            m.pfcount("{sample1}hll");
            m.pfcount("{sample1}merged");
            m.pfadd("{sample1}dense", "d");
            ProtocolCommand pfdebug = () -> "PFDEBUG".getBytes(StandardCharsets.US_ASCII);
            assertThat(m.sendCommand(pfdebug, "TODENSE", "{sample1}dense")).isEqualTo(1L);
            assertThat(m.waitReplicas(1, 2000)).isEqualTo(1);
            r.readonly();
            for (String key : List.of("{sample1}hll", "{sample1}src", "{sample1}merged", "{sample1}dense")) {
                byte[] name = key.getBytes(StandardCharsets.UTF_8);
                assertThat(r.get(name)).as(key).isEqualTo(m.get(name));
            }
            assertThat(m.strlen("{sample1}dense")).isEqualTo(16 + 12288);
        }
    }

    @Test
    void aTransactionReachesTheReplicaWrappedInMultiExec() {
        try (Jedis m = connect(master); Jedis r = connect(replica)) {
            m.set("{sample1}before", "x");
            long before = roleOffset(m);
            redis.clients.jedis.Transaction transaction = m.multi();
            transaction.set("{sample1}a", "1");
            transaction.incr("{sample1}a");
            transaction.get("{sample1}a");
            assertThat(transaction.exec()).containsExactly("OK", 2L, "2");
            assertThat(roleOffset(m) - before).isEqualTo(respLength("MULTI") + respLength("SET", "{sample1}a", "1")
                    + respLength("INCR", "{sample1}a") + respLength("EXEC"));
            long single = roleOffset(m);
            redis.clients.jedis.Transaction one = m.multi();
            one.incr("{sample1}a");
            one.get("{sample1}a");
            one.exec();
            assertThat(roleOffset(m) - single).isEqualTo(respLength("INCR", "{sample1}a"));
            assertThat(m.waitReplicas(1, 2000)).isEqualTo(1);
            r.readonly();
            assertThat(r.get("{sample1}a")).isEqualTo("3");
        }
    }

    /**
     * Scripts replicate their effects, not themselves: each write they run reaches the replica,
     * wrapped in MULTI/EXEC when a script writes more than once; SCRIPT LOAD and a script that
     * turned replication off send nothing.
     */
    @Test
    void scriptWritesReachTheReplicaAsTheCommandsTheyRan() {
        try (Jedis m = connect(master); Jedis r = connect(replica)) {
            m.set("{sample1}before", "x");
            long before = roleOffset(m);
            assertThat(m.eval("redis.call('set', KEYS[1], '1'); redis.call('incr', KEYS[1]); return redis.call('get', KEYS[1])",
                    1, "{sample1}s")).isEqualTo("2");
            assertThat(roleOffset(m) - before).isEqualTo(respLength("MULTI") + respLength("set", "{sample1}s", "1")
                    + respLength("incr", "{sample1}s") + respLength("EXEC"));
            long single = roleOffset(m);
            assertThat(m.eval("return redis.call('incr', KEYS[1])", 1, "{sample1}s")).isEqualTo(3L);
            assertThat(roleOffset(m) - single).isEqualTo(respLength("incr", "{sample1}s"));
            long quiet = roleOffset(m);
            m.scriptLoad("return redis.call('get', KEYS[1])");
            assertThat(m.eval("return redis.call('get', KEYS[1])", 1, "{sample1}s")).isEqualTo("3");
            assertThat(m.eval("redis.set_repl(redis.REPL_NONE); redis.call('set', KEYS[1], 'master only'); "
                    + "redis.set_repl(redis.REPL_ALL); return 1", 1, "{sample1}unreplicated")).isEqualTo(1L);
            assertThat(roleOffset(m) - quiet).isZero();
            assertThat(m.waitReplicas(1, 2000)).isEqualTo(1);
            r.readonly();
            assertThat(r.get("{sample1}s")).isEqualTo("3");
            assertThat(r.exists("{sample1}unreplicated")).isFalse();
            assertThat(r.eval("return redis.call('get', KEYS[1])", 1, "{sample1}s")).isEqualTo("3");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> r.eval("return redis.call('set', 'x{sample1}', 1)", 0))
                    .hasMessageStartingWith("READONLY You can't write against a read only replica. script: ");
        }
    }

    /**
     * Each node keeps its own function libraries: what a master's FUNCTION LOAD, DELETE, RESTORE
     * and FLUSH do reaches its replica as the commands were sent, FCALL's writes reach it as the
     * commands the function ran, and no other master sees the library.
     */
    @Test
    void functionLibrariesAndTheirWritesReachTheReplica() {
        String code = "#!lua name=replib\n"
                + "redis.register_function('rset', function(keys, args) redis.call('set', keys[1], args[1]); "
                + "return redis.call('incr', keys[2]) end)\n"
                + "redis.register_function{function_name='rget', callback=function(keys) return redis.call('get', keys[1]) end,"
                + " flags={'no-writes'}}\n";
        ClusterNode otherMaster = cluster.masters().stream().filter(n -> !n.equals(master)).findFirst().orElseThrow();
        try (Jedis m = connect(master); Jedis r = connect(replica); Jedis other = connect(otherMaster)) {
            m.functionFlush();
            long beforeLoad = roleOffset(m);
            assertThat(m.functionLoad(code)).isEqualTo("replib");
            assertThat(roleOffset(m) - beforeLoad).isEqualTo(respLength("FUNCTION", "LOAD", code));
            assertThat(m.waitReplicas(1, 2000)).isEqualTo(1);
            assertThat(r.functionList()).extracting(LibraryInfo::getLibraryName).containsExactly("replib");
            assertThat(other.functionList()).isEmpty();
            assertThatThrownBy(() -> other.fcall("rget", List.of(), List.of())).hasMessage("ERR Function not found");

            long beforeCall = roleOffset(m);
            assertThat(m.fcall("rset", List.of("{sample1}f", "{sample1}n"), List.of("v"))).isEqualTo(1L);
            assertThat(roleOffset(m) - beforeCall).isEqualTo(respLength("MULTI") + respLength("set", "{sample1}f", "v")
                    + respLength("incr", "{sample1}n") + respLength("EXEC"));
            long beforeRead = roleOffset(m);
            assertThat(m.fcallReadonly("rget", List.of("{sample1}f"), List.of())).isEqualTo("v");
            assertThat(roleOffset(m)).isEqualTo(beforeRead);
            assertThat(m.waitReplicas(1, 2000)).isEqualTo(1);
            r.readonly();
            assertThat(r.get("{sample1}n")).isEqualTo("1");
            assertThat(r.fcallReadonly("rget", List.of("{sample1}f"), List.of())).isEqualTo("v");
            assertThatThrownBy(() -> r.fcall("rset", List.of("{sample1}f", "{sample1}n"), List.of("w")))
                    .hasMessageStartingWith("MOVED ");
            assertThatThrownBy(() -> r.functionLoad(code.replace("replib", "mine")))
                    .hasMessage("READONLY You can't write against a read only replica.");

            byte[] dump = m.functionDump();
            assertThat(m.functionDelete("replib")).isEqualTo("OK");
            assertThat(m.waitReplicas(1, 2000)).isEqualTo(1);
            assertThat(r.functionList()).isEmpty();
            assertThat(m.functionRestore(dump)).isEqualTo("OK");
            assertThat(m.waitReplicas(1, 2000)).isEqualTo(1);
            assertThat(r.functionList()).extracting(LibraryInfo::getLibraryName).containsExactly("replib");
            assertThat(m.functionFlush()).isEqualTo("OK");
            assertThat(m.waitReplicas(1, 2000)).isEqualTo(1);
            assertThat(r.functionList()).isEmpty();
        }
    }

    @Test
    void replicaRoleNamesItsMaster() {
        try (Jedis r = connect(replica)) {
            List<Object> role = r.role();
            assertThat(role).containsExactly("slave", master.host(), (long) master.port(), "connected", role.get(4));
        }
    }

    @Test
    void waitOnAReplicaIsRefused() {
        try (Jedis r = connect(replica)) {
            assertThat(r.sendCommand(Protocol.Command.PING)).isNotNull();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> r.waitReplicas(1, 10))
                    .hasMessageStartingWith("ERR WAIT cannot be used with replica instances.");
        }
    }

    @Test
    void waitForMoreReplicasThanExistBlocksUntilTimeoutAndQueuesTheNextCommands() throws Exception {
        try (Socket socket = new Socket(master.host(), master.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write("SET sample1 w\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readLine(in)).isEqualTo("+OK");
            long started = System.nanoTime();
            out.write("WAIT 2 300\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readLine(in)).isEqualTo(":1");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(290));
            assertThat(readLine(in)).isEqualTo("+PONG");
        }
    }

    @Test
    void expiryOnTheMasterReachesTheReplicaAsADeletion() {
        try (Jedis m = connect(master); Jedis r = connect(replica)) {
            m.psetex("{sample1}ttl", 100, "v");
            assertThat(m.waitReplicas(1, 2000)).isEqualTo(1);
            long replicaKeys = r.dbSize();
            CLOCK.advance(Duration.ofMillis(150));
            // The replica hides the expired key at once, but deletes it only when the master's DEL arrives.
            r.readonly();
            assertThat(r.get("{sample1}ttl")).isNull();
            await().atMost(Duration.ofSeconds(5)).until(() -> r.dbSize() == replicaKeys - 1);
        }
    }

    private static String readLine(InputStream in) throws java.io.IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
