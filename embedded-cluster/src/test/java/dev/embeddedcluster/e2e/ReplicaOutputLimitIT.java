package dev.embeddedcluster.e2e;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.testing.ConfiguredRedisServer;
import dev.embeddedcluster.testing.RespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * client-output-buffer-limit of the replica class: a raw connection attaches with PSYNC, reads
 * its snapshot and then stops reading while writes flow. Redis 7.0.15 and the node both close it
 * at the hard limit (lifted to repl-backlog-size when lower), or once it stayed over the soft
 * limit for longer than its seconds; connected_slaves drops to 0 and the connection sees the end
 * of the stream.
 */
class ReplicaOutputLimitIT {
    private static final byte[] VALUE = "v".repeat(8192).getBytes(StandardCharsets.US_ASCII);
    private static EmbeddedRedisCluster cluster;
    private static ClusterNode master;

    @BeforeAll
    static void start() {
        cluster = EmbeddedRedisCluster.builder().masters(1).replicasPerMaster(0).build().start();
        master = cluster.masters().get(0);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static RespClient emulated() {
        return new RespClient(master.host(), master.port());
    }

    private static String field(String info, String name) {
        return Arrays.stream(info.split("\r\n")).filter(l -> l.startsWith(name + ":")).map(l -> l.substring(name.length() + 1))
                .findFirst().orElse(null);
    }

    private static boolean replicaOnline(RespClient c) {
        String info = c.call("INFO", "replication");
        return "1".equals(field(info, "connected_slaves")) && field(info, "slave0").contains("state=online");
    }

    private static boolean noReplica(RespClient c) {
        return "0".equals(field(c.call("INFO", "replication"), "connected_slaves"));
    }

    /** A replica connection that read the handshake and snapshot and reads nothing more until {@link #closedWithin}. */
    private static final class StalledReplica implements AutoCloseable {
        private final Socket socket = new Socket();
        private final InputStream in;

        StalledReplica(int port) throws IOException {
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(10_000);
            in = socket.getInputStream();
            socket.getOutputStream().write("PSYNC ? -1\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(line()).startsWith("+FULLRESYNC ");
            String bulk = line();
            assertThat(bulk).startsWith("$");
            long length = Long.parseLong(bulk.substring(1));
            in.skipNBytes(length);
        }

        /** The next line, skipping the newlines a master sends to keep the link alive. */
        private String line() throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1) {
                if (b == '\n') {
                    if (out.size() == 0) {
                        continue;
                    }
                    break;
                }
                out.write(b);
            }
            String text = out.toString(StandardCharsets.US_ASCII);
            return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        }

        /** Reads what arrived until the server closes (true) or nothing came for the time (false). */
        boolean closedWithin(int millis) throws IOException {
            socket.setSoTimeout(millis);
            byte[] buffer = new byte[65536];
            try {
                while (in.read(buffer) != -1) {
                    // the stream the server had sent before closing
                }
                return true;
            } catch (SocketTimeoutException e) {
                return false;
            } catch (SocketException reset) {
                return true;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /**
     * Writes 8 KB values until the replica is gone (at most 64 MB, 30 s); returns the bytes written.
     */
    private static long writeUntilDropped(RespClient c) {
        long written = 0;
        long deadline = System.nanoTime() + 30_000_000_000L;
        for (int i = 0; written < 64L << 20 && System.nanoTime() < deadline; i++) {
            c.send("SET".getBytes(StandardCharsets.US_ASCII), ("k" + (i % 512)).getBytes(StandardCharsets.US_ASCII), VALUE);
            assertThat(c.readReply()).isEqualTo("+OK\r\n");
            written += VALUE.length;
            if (i % 16 == 0 && noReplica(c)) {
                return written;
            }
        }
        throw new AssertionError("the stalled replica was still attached after " + written + " bytes");
    }

    private static void hardLimitCloses(Supplier<RespClient> client, int port) throws IOException {
        try (RespClient c = client.get()) {
            c.call("CONFIG", "SET", "repl-backlog-size", "16384", "client-output-buffer-limit", "replica 0 0 0");
            // Below repl-backlog-size the hard limit is lifted to it: 16 KB here, not 1 byte.
            assertThat(c.call("CONFIG", "SET", "client-output-buffer-limit", "replica 1 0 0")).isEqualTo("+OK\r\n");
            try (StalledReplica replica = new StalledReplica(port)) {
                awaitTrue(() -> replicaOnline(c), "the replica online");
                long written = writeUntilDropped(c);
                assertThat(written).as("bytes written until the replica was dropped").isLessThan(32L << 20);
                assertThat(replica.closedWithin(10_000)).isTrue();
                assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
            } finally {
                c.call("CONFIG", "SET", "client-output-buffer-limit", "replica 268435456 67108864 60",
                        "repl-backlog-size", "1048576");
            }
        }
    }

    private static void softLimitClosesAfterItsSeconds(Supplier<RespClient> client, int port) throws Exception {
        try (RespClient c = client.get()) {
            c.call("CONFIG", "SET", "client-output-buffer-limit", "replica 0 65536 2");
            try (StalledReplica replica = new StalledReplica(port)) {
                awaitTrue(() -> replicaOnline(c), "the replica online");
                // Far more than socket buffers hold: the replica is over the soft limit from here on.
                long burst = System.nanoTime();
                for (int i = 0; i < 1024; i++) {
                    c.send("SET".getBytes(StandardCharsets.US_ASCII), ("k" + (i % 512)).getBytes(StandardCharsets.US_ASCII), VALUE);
                }
                for (int i = 0; i < 1024; i++) {
                    c.readReply();
                }
                assertThat(replicaOnline(c)).as("still attached right after going over the soft limit").isTrue();
                long deadline = burst + 15_000_000_000L;
                while (!noReplica(c)) {
                    assertThat(System.nanoTime()).as("the replica still attached after 15 s").isLessThan(deadline);
                    c.call("SET", "tick", "x");
                    Thread.sleep(50);
                }
                assertThat((System.nanoTime() - burst) / 1_000_000).as("ms from the burst until dropped").isGreaterThan(2000);
                assertThat(replica.closedWithin(10_000)).isTrue();
            } finally {
                c.call("CONFIG", "SET", "client-output-buffer-limit", "replica 268435456 67108864 60");
            }
        }
    }

    private static void awaitTrue(Supplier<Boolean> condition, String what) {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!condition.get()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    @Test
    void aStalledReplicaIsClosedAtTheHardLimit() throws IOException {
        hardLimitCloses(ReplicaOutputLimitIT::emulated, master.port());
    }

    @Test
    void aStalledReplicaIsClosedAfterTheSoftLimitSeconds() throws Exception {
        softLimitClosesAfterItsSeconds(ReplicaOutputLimitIT::emulated, master.port());
    }

    /** The same scenarios against redis-server 7.0.15 (disk-based sync: the raw replica is not EOF-capable). */
    @Test
    @Tag("live") // needs redis-server 7.0: runs with -Dcompare.live=true
    void redisServerDoesTheSame() throws Exception {
        try (ConfiguredRedisServer redis = ConfiguredRedisServer.start(null)) {
            hardLimitCloses(redis::connect, redis.port());
            softLimitClosesAfterItsSeconds(redis::connect, redis.port());
        }
    }
}
