package dev.embeddedcluster.e2e;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.testing.RedisCli;
import dev.embeddedcluster.testing.ConfiguredRedisServer;
import dev.embeddedcluster.testing.RespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real Redis tools attached to one of our masters with the replication protocol: redis-cli --rdb
 * saves a snapshot a real redis-server loads, redis-cli --replica prints the write stream, and a
 * real redis-server started with --replicaof loads our dataset and follows our writes, its
 * acknowledgements showing in our INFO replication, WAIT and ROLE.
 */
@Tag("live") // needs redis-server and redis-cli 7.0: runs with -Dcompare.live=true
class ExternalReplicaIT {
    private static EmbeddedRedisCluster cluster;
    private static ClusterNode master;
    private List<String> keys;

    @BeforeAll
    static void start() {
        cluster = EmbeddedRedisCluster.builder().masters(1).replicasPerMaster(0).build().start();
        master = cluster.masters().get(0);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @BeforeEach
    void fill() {
        try (RespClient c = client()) {
            c.call("FLUSHALL");
            c.call("CONFIG", "SET", "repl-diskless-sync-delay", "0");
            keys = KeyContents.fill(c, "k:");
        }
    }

    private static RespClient client() {
        return new RespClient(master.host(), master.port());
    }

    private static String field(String info, String name) {
        return Arrays.stream(info.split("\r\n")).filter(l -> l.startsWith(name + ":")).map(l -> l.substring(name.length() + 1))
                .findFirst().orElse(null);
    }

    private void assertSameDataset(RespClient ours, RespClient theirs) {
        assertThat(theirs.call("DBSIZE")).isEqualTo(ours.call("DBSIZE"));
        for (String key : keys) {
            assertThat(KeyContents.of(theirs, key)).as(key).isEqualTo(KeyContents.of(ours, key));
        }
    }

    @Test
    void redisCliRdbSavesASnapshotRedisLoads() throws Exception {
        Path dir = Files.createTempDirectory("rdb");
        Path file = dir.resolve("dump.rdb");
        try (RespClient c = client()) {
            // Redis 7's default: a diskless snapshot waits 5 seconds for more replicas, sending newlines.
            c.call("CONFIG", "SET", "repl-diskless-sync-delay", "5");
            long started = System.nanoTime();
            String out = RedisCli.run(master.host(), master.port(), null, 30, "--rdb", file.toString());
            assertThat(out).contains("Transfer finished with success");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(4));
            try (ConfiguredRedisServer loaded = ConfiguredRedisServer.start(dir, "--dbfilename", "dump.rdb");
                 RespClient real = loaded.connect()) {
                assertSameDataset(c, real);
            }
            // rdb-only: the connection ended with the snapshot, and no replica stays attached.
            await().atMost(Duration.ofSeconds(5)).until(() -> "0".equals(field(c.call("INFO", "replication"), "connected_slaves")));
        }
    }

    @Test
    void redisCliReplicaPrintsTheStream() throws Exception {
        Process cli = new ProcessBuilder("redis-cli", "-h", master.host(), "-p", Integer.toString(master.port()), "--replica")
                .redirectErrorStream(true).start();
        StringBuffer output = new StringBuffer();
        Thread reader = new Thread(() -> {
            try {
                byte[] buffer = new byte[4096];
                int n;
                while ((n = cli.getInputStream().read(buffer)) > 0) {
                    output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException ended) {
                // the process was stopped
            }
        });
        reader.setDaemon(true);
        reader.start();
        try (RespClient c = client()) {
            await().atMost(Duration.ofSeconds(15)).until(() -> output.toString().contains("Logging commands from master"));
            c.call("SET", "streamed", "1");
            c.call("INCRBY", "streamed", "41");
            await().atMost(Duration.ofSeconds(10)).until(() -> output.toString().contains("\"INCRBY\",\"streamed\",\"41\""));
            assertThat(output.toString()).contains("\"SET\",\"streamed\",\"1\"");
            assertThat(field(c.call("INFO", "replication"), "slave0")).contains("state=online");
        } finally {
            cli.destroy();
            cli.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRealReplicaLoadsTheDatasetAndFollowsTheWrites() throws Exception {
        try (ConfiguredRedisServer replica = ConfiguredRedisServer.start(null, "--replicaof", master.host(), Integer.toString(master.port()));
             RespClient real = replica.connect();
             RespClient c = client()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> "up".equals(field(real.call("INFO", "replication"), "master_link_status")));
            assertSameDataset(c, real);

            c.call("SET", "k:string", "changed");
            c.call("INCR", "k:int");
            c.call("EXPIRE", "k:list", "1000");
            c.call("DEL", "k:set");
            c.call("MULTI");
            c.call("HSET", "k:hash", "f3", "v3");
            c.call("ZINCRBY", "k:zset", "10", "one");
            c.call("EXEC");
            c.call("EVAL", "redis.call('LPUSH', KEYS[1], 'scripted'); return 1", "1", "k:list");
            c.call("XADD", "k:stream", "3-0", "late", "entry");
            c.call("SET", "k:new", "value", "PX", "600000");
            keys = new java.util.ArrayList<>(keys);
            keys.add("k:new");
            await().atMost(Duration.ofSeconds(10)).until(() -> real.call("GET", "k:new").equals("$5\r\nvalue\r\n"));
            assertSameDataset(c, real);

            // Its acknowledgements (once a second, or when WAIT asks) reach INFO, WAIT and ROLE.
            assertThat(c.call("WAIT", "1", "5000")).isEqualTo(":1\r\n");
            String info = c.call("INFO", "replication");
            String offset = field(info, "master_repl_offset");
            assertThat(field(info, "connected_slaves")).isEqualTo("1");
            assertThat(field(info, "slave0")).startsWith("ip=127.0.0.1,port=" + replica.port() + ",state=online,offset=");
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    field(c.call("INFO", "replication"), "slave0").contains(",offset=" + offset + ","));
            assertThat(c.call("ROLE")).contains("$" + Integer.toString(replica.port()).length() + "\r\n" + replica.port() + "\r\n");
            assertThat(field(real.call("INFO", "replication"), "master_repl_offset")).isEqualTo(offset);
        }
    }

    @Test
    void aRealReplicaOfOurReplicaFollowsTheShardThroughAFailover() throws Exception {
        try (EmbeddedRedisCluster shard = EmbeddedRedisCluster.builder().masters(1).replicasPerMaster(1).build().start()) {
            ClusterNode ourMaster = shard.masters().get(0);
            ClusterNode ourReplica = shard.replicas().get(0);
            try (RespClient c = new RespClient(ourMaster.host(), ourMaster.port());
                 RespClient onReplica = new RespClient(ourReplica.host(), ourReplica.port())) {
                onReplica.call("CONFIG", "SET", "repl-diskless-sync-delay", "0");
                keys = KeyContents.fill(c, "c:");
                assertThat(c.call("WAIT", "1", "5000")).isEqualTo(":1\r\n");
                try (ConfiguredRedisServer replica = ConfiguredRedisServer.start(null, "--replicaof", ourReplica.host(),
                        Integer.toString(ourReplica.port()));
                     RespClient real = replica.connect()) {
                    await().atMost(Duration.ofSeconds(20)).until(() ->
                            "up".equals(field(real.call("INFO", "replication"), "master_link_status")));
                    assertSameDataset(c, real);
                    // Chained: what the master writes reaches the real server through our replica.
                    c.call("SET", "c:string", "through the replica");
                    await().atMost(Duration.ofSeconds(10)).until(() ->
                            real.call("GET", "c:string").equals("$19\r\nthrough the replica\r\n"));

                    // Our replica takes over: the real server reconnects and continues the stream (PSYNC2).
                    ClusterNode promoted = shard.failover(ourReplica);
                    try (RespClient p = new RespClient(promoted.host(), promoted.port())) {
                        await().atMost(Duration.ofSeconds(20)).until(() ->
                                replica.log().contains("Successful partial resynchronization with master"));
                        p.call("SET", "c:int", "after failover");
                        await().atMost(Duration.ofSeconds(10)).until(() ->
                                real.call("GET", "c:int").equals("$14\r\nafter failover\r\n"));
                        assertSameDataset(p, real);
                    }
                }
            }
        }
    }
}
