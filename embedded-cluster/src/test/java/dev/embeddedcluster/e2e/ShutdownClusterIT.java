package dev.embeddedcluster.e2e;

import dev.embeddedcluster.ClusterNode;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ShutdownParams;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * SHUTDOWN sent by a client: the node stops as a killed one does, and the cluster fails it over.
 * What succeeds stops the server, so it cannot be compared with a recording; redis-server 7.0.15
 * measured by hand did this: the SHUTDOWN connection ends with no reply (redis-cli prints nothing);
 * with a replica behind, plain SHUTDOWN blocks its client, later SHUTDOWNs (NOW too) block as well,
 * writes are held and reads served, ABORT answers OK and every blocked SHUTDOWN gets
 * {@code ERR Errors trying to SHUTDOWN. Check logs.}, the held write then runs; the wait ends when
 * the replica acknowledges or at shutdown-timeout; a save that cannot be written fails SHUTDOWN and
 * SHUTDOWN NOW SAVE with that error, the server serving on, and SAVE FORCE exits anyway; SHUTDOWN
 * SAVE writes dbfilename in dir first.
 */
class ShutdownClusterIT extends FailoverClusterSupport {
    @Test
    void aMasterShutDownIsFailedOverAndEveryKeyStaysReadable() throws IOException {
        for (int i = 0; i < 100; i++) {
            jedis.set("key:" + i, "v" + i);
        }
        ClusterNode master = cluster.masterForKey("key:0");
        ClusterNode replica = cluster.replicasOf(master).get(0);
        try (Jedis onMaster = new Jedis(master.host(), master.port(), 2000);
             Socket bystander = new Socket(master.host(), master.port())) {
            assertThat(onMaster.waitReplicas(1, 2000)).isEqualTo(1);

            onMaster.shutdown(ShutdownParams.shutdownParams().nosave()); // Jedis expects the connection to end

            assertThat(onMaster.isBroken()).isTrue();
            assertThat(closedByServer(bystander)).isTrue();
        }
        assertThat(cluster.isDown(master)).isTrue();
        assertThatThrownBy(() -> new Socket(master.host(), master.port()).close()).isInstanceOf(ConnectException.class);

        ClusterNode promoted = cluster.awaitFailover(master, Duration.ofSeconds(5));

        assertThat(promoted).isEqualTo(replica);
        ClusterNode other = otherMaster(master, promoted);
        try (Jedis onOther = new Jedis(other.host(), other.port(), 2000)) {
            String line = onOther.clusterNodes().lines().filter(l -> l.startsWith(master.id())).findFirst().orElseThrow();
            assertThat(line.split(" ")[2]).isEqualTo("master,fail");
            assertThat(onOther.clusterInfo()).contains("cluster_state:ok");
        }
        for (int i = 0; i < 100; i++) {
            assertThat(jedis.get("key:" + i)).isEqualTo("v" + i);
        }
    }

    @Test
    void whatIsPipelinedAfterShutdownNeverRuns() throws IOException {
        ClusterNode master = cluster.masterForKey("p");
        try (Socket client = new Socket(master.host(), master.port())) {
            client.getOutputStream().write("SHUTDOWN NOSAVE\r\nSET p after\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(closedByServer(client)).isTrue();
        }
        cluster.awaitFailover(master, Duration.ofSeconds(5));
        assertThat(jedis.get("p")).isNull();
    }

    @Test
    void aReplicaShutDownIsFlaggedFailAndNothingIsPromoted() {
        ClusterNode master = cluster.masterForKey("k");
        ClusterNode replica = cluster.replicasOf(master).get(0);
        try (Jedis onReplica = new Jedis(replica.host(), replica.port(), 2000)) {
            onReplica.shutdown();
        }
        try (Jedis onMaster = new Jedis(master.host(), master.port(), 2000)) {
            await().atMost(Duration.ofSeconds(2)).until(() -> onMaster.clusterNodes().lines()
                    .anyMatch(l -> l.startsWith(replica.id()) && l.contains("slave,fail ")));
            onMaster.set("k", "v");
            assertThat(onMaster.waitReplicas(1, 100)).isZero();
            assertThat(onMaster.clusterInfo()).contains("cluster_state:ok");
        }
        assertThat(master.isMaster()).isTrue();
        assertThat(replica.masterId()).contains(master.id());
    }

    @Test
    void refusalsLeaveTheNodeServing() throws IOException {
        ClusterNode master = cluster.masters().get(0);
        try (Jedis onMaster = new Jedis(master.host(), master.port(), 2000)) {
            assertThatThrownBy(onMaster::shutdownAbort).isInstanceOf(JedisDataException.class)
                    .hasMessage("ERR No shutdown in progress.");
            // A file where the directory should be: the save cannot be written, so the shutdown fails.
            java.nio.file.Path dir = java.nio.file.Path.of(onMaster.configGet("dir").get("dir"));
            java.nio.file.Files.deleteIfExists(dir.resolve("dump.rdb"));
            java.nio.file.Files.deleteIfExists(dir);
            java.nio.file.Files.writeString(dir, "in the way");
            try {
                assertThatThrownBy(() -> onMaster.shutdown(ShutdownParams.shutdownParams().save()))
                        .isInstanceOf(JedisDataException.class).hasMessage("ERR Errors trying to SHUTDOWN. Check logs.");
                assertThat(onMaster.ping()).isEqualTo("PONG");
                onMaster.shutdown(ShutdownParams.shutdownParams().save().force());
            } finally {
                java.nio.file.Files.deleteIfExists(dir);
            }
        }
        assertThat(cluster.isDown(master)).isTrue();
    }

    @Test
    void shutdownSaveWritesTheRdbFileBeforeTheNodeStops() throws Exception {
        jedis.set("saved", "before shutdown");
        ClusterNode master = cluster.masterForKey("saved");
        java.nio.file.Path file;
        try (Jedis onMaster = new Jedis(master.host(), master.port(), 2000)) {
            file = java.nio.file.Path.of(onMaster.configGet("dir").get("dir"), "dump.rdb");
            java.nio.file.Files.deleteIfExists(file);
            onMaster.shutdown(ShutdownParams.shutdownParams().save());
        }
        assertThat(cluster.isDown(master)).isTrue();
        java.util.Map<String, String> keys = new java.util.HashMap<>();
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            dev.embeddedcluster.keyspace.rdb.RdbFile.read(in, (db, key) -> keys.put(
                    new String(key.key(), StandardCharsets.UTF_8), new String((byte[]) key.value(), StandardCharsets.UTF_8)));
        }
        assertThat(keys).containsEntry("saved", "before shutdown");
    }

    @Test
    void aMasterWaitsForItsHeldReplicaHoldingWritesUntilAborted() throws Exception {
        ClusterNode master = cluster.masterForKey("k");
        ClusterNode replica = cluster.replicasOf(master).get(0);
        cluster.holdReplica(replica);
        try (Jedis shutter = new Jedis(master.host(), master.port(), 5000);
             Jedis joiner = new Jedis(master.host(), master.port(), 5000);
             Jedis writer = new Jedis(master.host(), master.port(), 5000);
             Jedis other = new Jedis(master.host(), master.port(), 2000)) {
            other.set("k", "before");
            CompletableFuture<Void> shutdown = waitingShutdown(shutter, other);
            CompletableFuture<Void> second = CompletableFuture.runAsync(() -> joiner.shutdown(ShutdownParams.shutdownParams().now()));
            CompletableFuture<String> write = CompletableFuture.supplyAsync(() -> writer.set("k", "during"));

            Thread.sleep(200);
            assertThat(shutdown).isNotDone();
            assertThat(second).isNotDone();
            assertThat(write).isNotDone();
            assertThat(other.get("k")).isEqualTo("before");

            assertThat(other.shutdownAbort()).isEqualTo("OK");

            assertThat(shutdown).failsWithin(Duration.ofSeconds(2)).withThrowableThat()
                    .withMessageContaining("ERR Errors trying to SHUTDOWN. Check logs.");
            assertThat(second).failsWithin(Duration.ofSeconds(2)).withThrowableThat()
                    .withMessageContaining("ERR Errors trying to SHUTDOWN. Check logs.");
            assertThat(write.get()).isEqualTo("OK");
            assertThatThrownBy(other::shutdownAbort).hasMessage("ERR No shutdown in progress.");
        }
        assertThat(cluster.isDown(master)).isFalse();
    }

    @Test
    void aMasterStopsOnceItsReplicaCaughtUpOrAtTheTimeout() throws Exception {
        ClusterNode master = cluster.masterForKey("a");
        ClusterNode replica = cluster.replicasOf(master).get(0);
        cluster.holdReplica(replica);
        try (Jedis shutter = new Jedis(master.host(), master.port(), 5000);
             Jedis other = new Jedis(master.host(), master.port(), 2000)) {
            other.set("a", "v");
            CompletableFuture<Void> shutdown = waitingShutdown(shutter, other);
            cluster.releaseReplica(replica);
            shutdown.get(2, java.util.concurrent.TimeUnit.SECONDS);
        }
        assertThat(cluster.isDown(master)).isTrue();
        cluster.awaitFailover(master, Duration.ofSeconds(5));
        cluster.releaseFaults();
        cluster.restoreTopology();

        cluster.holdReplica(replica);
        try (Jedis shutter = new Jedis(master.host(), master.port(), 5000);
             Jedis other = new Jedis(master.host(), master.port(), 2000)) {
            other.configSet("shutdown-timeout", "1");
            other.set("a", "v");
            long start = System.nanoTime();
            shutter.shutdown();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(900), Duration.ofSeconds(3));
        }
        assertThat(cluster.isDown(master)).isTrue();
    }

    @Test
    void shutdownNowDoesNotWaitForAHeldReplica() {
        ClusterNode master = cluster.masterForKey("b");
        cluster.holdReplica(cluster.replicasOf(master).get(0));
        try (Jedis onMaster = new Jedis(master.host(), master.port(), 2000)) {
            onMaster.set("b", "v");
            onMaster.shutdown(ShutdownParams.shutdownParams().now());
        }
        assertThat(cluster.isDown(master)).isTrue();
    }

    @Test
    void onlyNosaveStopsANodeBusyWithAScript() {
        ClusterNode master = cluster.masterForKey("c");
        try (Jedis caller = new Jedis(master.host(), master.port(), 5000);
             Jedis other = new Jedis(master.host(), master.port(), 2000)) {
            other.configSet("busy-reply-threshold", "100");
            CompletableFuture<Object> script = CompletableFuture.supplyAsync(() -> caller.eval("while true do end", 0));
            await().atMost(Duration.ofSeconds(2)).ignoreExceptions().until(() -> {
                try {
                    other.ping();
                    return false;
                } catch (JedisDataException busy) {
                    return busy.getMessage().startsWith("BUSY");
                }
            });
            assertThatThrownBy(other::shutdown).hasMessageStartingWith("BUSY Redis is busy running a script.");

            other.shutdown(ShutdownParams.shutdownParams().nosave());

            assertThat(script).failsWithin(Duration.ofSeconds(5));
        }
        assertThat(cluster.isDown(master)).isTrue();
    }

    @Test
    void releaseFaultsRestartsANodeShutDownEmpty() {
        ClusterNode master = cluster.masterForKey("k");
        jedis.set("k", "v");
        try (Jedis onMaster = new Jedis(master.host(), master.port(), 2000)) {
            onMaster.shutdown(ShutdownParams.shutdownParams().nosave());
        }
        cluster.awaitFailover(master, Duration.ofSeconds(5));

        assertThat(cluster.releaseFaults()).isTrue();
        cluster.flushAll();
        cluster.restoreTopology();

        assertThat(cluster.isDown(master)).isFalse();
        assertThat(master.isMaster()).isTrue();
        try (Jedis onMaster = new Jedis(master.host(), master.port(), 2000)) {
            assertThat(onMaster.get("k")).isNull();
            assertThat(onMaster.set("k", "again")).isEqualTo("OK");
            assertThat(onMaster.waitReplicas(1, 2000)).isEqualTo(1);
        }
    }

    /** Sends SHUTDOWN on {@code shutter} and returns once {@code other} sees it blocked, waiting for the replicas. */
    private static CompletableFuture<Void> waitingShutdown(Jedis shutter, Jedis other) {
        CompletableFuture<Void> shutdown = CompletableFuture.runAsync(shutter::shutdown);
        await().atMost(Duration.ofSeconds(2)).until(() -> other.clientList().contains("cmd=shutdown"));
        return shutdown;
    }

    /** Whether the server ended the connection (closed or reset it) rather than leaving it silent. */
    private static boolean closedByServer(Socket socket) throws IOException {
        socket.setSoTimeout(2000);
        try {
            return socket.getInputStream().read() == -1;
        } catch (SocketException reset) {
            return true;
        }
    }

    private static ClusterNode otherMaster(ClusterNode... not) {
        Set<ClusterNode> excluded = Set.of(not);
        return cluster.masters().stream().filter(n -> !excluded.contains(n)).findFirst().orElseThrow();
    }
}
