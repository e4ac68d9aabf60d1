package dev.embeddedcluster.e2e;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.testing.RespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * maxmemory-clients over real sockets, for what depends on how much of a client's output the
 * kernel took: a client that asks for big replies and does not read them is evicted unless it
 * set CLIENT NO-EVICT on. (The deterministic cases are compared with redis-server in
 * compare/ClientEvictionIT.)
 */
class ClientEvictionClusterIT {
    private static final int VALUE_BYTES = 1 << 20;
    private static final int GETS = 32;
    private static EmbeddedRedisCluster cluster;
    private static ClusterNode node;

    @BeforeAll
    static void start() {
        cluster = EmbeddedRedisCluster.builder().masters(1).replicasPerMaster(0).build().start();
        node = cluster.nodes().get(0);
        try (RespClient c = connect()) {
            c.call("SET", "big", "x".repeat(VALUE_BYTES));
        }
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @AfterEach
    void restore() {
        cluster.restoreConfig();
    }

    private static RespClient connect() {
        return new RespClient(node.host(), node.port());
    }

    private static long evicted(RespClient client) {
        String info = client.call("INFO", "stats");
        return Long.parseLong(info.replaceFirst("(?s).*\r\nevicted_clients:(\\d+)\r\n.*", "$1"));
    }

    /** A connection with a small receive buffer that pipelines GETs of the big value and reads nothing. */
    private static Socket stalledReader(boolean noEvict) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress(node.host(), node.port()), 5000);
        StringBuilder commands = new StringBuilder();
        if (noEvict) {
            commands.append("CLIENT NO-EVICT on\r\n");
        }
        commands.append("GET big\r\n".repeat(GETS));
        socket.getOutputStream().write(commands.toString().getBytes(StandardCharsets.US_ASCII));
        return socket;
    }

    /** Reads until the server closes (the bytes read) or for the time with no byte (-1 - bytes read). */
    private static long readToEnd(Socket socket, int quietMillis) throws IOException {
        socket.setSoTimeout(quietMillis);
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        try {
            int n;
            while ((n = in.read(buffer)) != -1) {
                total += n;
            }
            return total;
        } catch (SocketTimeoutException quiet) {
            return -1 - total;
        } catch (SocketException reset) {
            return total;
        }
    }

    private static void awaitEvicted(RespClient admin, long count) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (evicted(admin) != count) {
            assertThat(System.nanoTime()).as("evicted_clients still not " + count).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void aClientThatDoesNotReadItsBigRepliesIsEvicted() throws Exception {
        try (RespClient admin = connect(); RespClient other = connect()) {
            long before = evicted(admin);
            assertThat(admin.call("CONFIG", "SET", "maxmemory-clients", "4mb")).isEqualTo("+OK\r\n");
            try (Socket stalled = stalledReader(false)) {
                awaitEvicted(admin, before + 1);
                long read = readToEnd(stalled, 10_000);
                assertThat(read).as("bytes read before the close").isNotNegative().isLessThan((long) GETS * VALUE_BYTES);
            }
            assertThat(other.call("PING")).isEqualTo("+PONG\r\n");
            assertThat(admin.call("DBSIZE")).isEqualTo(":1\r\n");
        }
    }

    @Test
    void noEvictKeepsItAndItsRepliesArriveWhole() throws Exception {
        try (RespClient admin = connect()) {
            long before = evicted(admin);
            assertThat(admin.call("CLIENT", "NO-EVICT", "on")).isEqualTo("+OK\r\n");
            assertThat(admin.call("CONFIG", "SET", "maxmemory-clients", "4mb")).isEqualTo("+OK\r\n");
            try (Socket stalled = stalledReader(true)) {
                // Let the node's timer run its check a few times while the output waits.
                Thread.sleep(500);
                assertThat(evicted(admin)).isEqualTo(before);
                long read = readToEnd(stalled, 1000);
                long expected = "+OK\r\n".length() + (long) GETS * (("$" + VALUE_BYTES + "\r\n").length() + VALUE_BYTES + 2);
                assertThat(-1 - read).as("bytes read; the connection stays open").isEqualTo(expected);
            }
            assertThat(evicted(admin)).isEqualTo(before);
        }
    }
}
