package dev.embeddedcluster.e2e;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.testing.ConfiguredRedisServer;
import dev.embeddedcluster.testing.RespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * protected-mode, compared with a redis-server 7.0.15 bound to all interfaces: a connection from
 * this host's non-loopback address gets the same bytes from both, byte for byte, whatever the
 * connection sends. Needs such an address (skipped without one) and a live redis-server.
 */
@Tag("live") // needs redis-server 7.0: runs with -Dcompare.live=true
class ProtectedModeIT {
    private static InetAddress external;
    private static ConfiguredRedisServer redis;
    private static EmbeddedRedisCluster cluster;
    private static ClusterNode node;
    /** Connections from loopback opened first: they stay authenticated whatever the tests change. */
    private static RespClient realAdmin;
    private static RespClient emulatedAdmin;

    @BeforeAll
    static void start() throws IOException {
        external = nonLoopbackAddress();
        assumeTrue(external != null, "this machine has no non-loopback address to connect from");
        redis = ConfiguredRedisServer.start(null, "--bind", "0.0.0.0");
        cluster = EmbeddedRedisCluster.builder().masters(1).replicasPerMaster(0).bindAddress("0.0.0.0").build().start();
        node = cluster.nodes().get(0);
        realAdmin = redis.connect();
        emulatedAdmin = new RespClient("127.0.0.1", node.port());
    }

    @AfterAll
    static void stop() throws Exception {
        if (realAdmin != null) {
            realAdmin.close();
            emulatedAdmin.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @AfterEach
    void restore() {
        realAdmin.call("CONFIG", "SET", "protected-mode", "yes", "requirepass", "");
        realAdmin.call("ACL", "SETUSER", "default", "on", "resetpass", "nopass");
        cluster.restoreConfig();
    }

    private static InetAddress nonLoopbackAddress() throws SocketException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
                    return address;
                }
            }
        }
        return null;
    }

    /** What a connection from {@code from} to {@code port} receives after sending PING: one line, and whether the server then closed it. */
    private static String pingFrom(InetAddress from, int port) {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress(from.isLoopbackAddress() ? from : external, port), 5000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1) {
                line.write(b);
                if (b == '\n') {
                    break;
                }
            }
            socket.setSoTimeout(300);
            String closed;
            try {
                closed = in.read() == -1 ? " (closed)" : " (more bytes)";
            } catch (SocketTimeoutException e) {
                closed = " (open)";
            } catch (SocketException e) {
                closed = " (closed)";
            }
            return line.toString(StandardCharsets.US_ASCII) + closed;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void bothFromExternal(String expectedStart) {
        String real = pingFrom(external, redis.port());
        String emulated = pingFrom(external, node.port());
        assertThat(real).startsWith(expectedStart);
        assertThat(emulated).isEqualTo(real);
    }

    private static void both(String... command) {
        assertThat(emulatedAdmin.call(command)).isEqualTo(realAdmin.call(command));
    }

    private static long stat(RespClient client, String name) {
        String info = client.call("INFO", "stats");
        return Long.parseLong(info.replaceFirst("(?s).*\r\n" + name + ":(\\d+)\r\n.*", "$1"));
    }

    @Test
    void aConnectionFromAnotherAddressIsDeniedAndClosed() {
        long realRejected = stat(realAdmin, "rejected_connections");
        long realReceived = stat(realAdmin, "total_connections_received");
        long rejected = stat(emulatedAdmin, "rejected_connections");
        long received = stat(emulatedAdmin, "total_connections_received");
        bothFromExternal("-DENIED Redis is running in protected mode because protected mode is enabled");
        assertThat(pingFrom(external, node.port())).endsWith("\r\n (closed)");
        assertThat(stat(realAdmin, "rejected_connections")).isEqualTo(realRejected + 1);
        assertThat(stat(emulatedAdmin, "rejected_connections")).isEqualTo(rejected + 2);
        assertThat(stat(realAdmin, "total_connections_received")).isEqualTo(realReceived);
        assertThat(stat(emulatedAdmin, "total_connections_received")).isEqualTo(received);
    }

    @Test
    void loopbackIsAlwaysAccepted() {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        assertThat(pingFrom(loopback, node.port())).isEqualTo(pingFrom(loopback, redis.port())).isEqualTo("+PONG\r\n (open)");
    }

    @Test
    void protectedModeCanBeSwitchedOffAndOnAtRunTime() {
        both("CONFIG", "SET", "protected-mode", "no");
        both("CONFIG", "GET", "protected-mode");
        bothFromExternal("+PONG\r\n (open)");
        both("CONFIG", "SET", "protected-mode", "yes");
        bothFromExternal("-DENIED");
    }

    @Test
    void aPasswordForTheDefaultUserLetsOtherAddressesIn() {
        both("CONFIG", "SET", "requirepass", "secret");
        bothFromExternal("-NOAUTH Authentication required.\r\n (open)");
        both("CONFIG", "SET", "requirepass", "");
        bothFromExternal("-DENIED");
        both("ACL", "SETUSER", "default", ">pw");
        bothFromExternal("-NOAUTH Authentication required.\r\n (open)");
    }

    /** The nopass flag decides, not whether the default user is enabled. */
    @Test
    void aDisabledDefaultUserWithoutPasswordStillDenies() {
        both("ACL", "SETUSER", "default", "off");
        bothFromExternal("-DENIED");
    }

    /** maxclients is checked first: over it, that error, not DENIED. */
    @Test
    void maxclientsComesFirst() {
        both("CONFIG", "SET", "maxclients", "1");
        try {
            bothFromExternal("-ERR max number of clients reached\r\n (closed)");
        } finally {
            both("CONFIG", "SET", "maxclients", "10000");
        }
    }

    /** Redis 7.0 denies whatever it is bound to: here the very address the client comes from. */
    @Test
    void bindingTheExternalAddressItselfStillDenies() throws Exception {
        try (ConfiguredRedisServer bound = ConfiguredRedisServer.start(null, "--bind", "127.0.0.1 " + external.getHostAddress());
                EmbeddedRedisCluster own = EmbeddedRedisCluster.builder().masters(1).replicasPerMaster(0)
                        .bindAddress(external.getHostAddress()).build().start()) {
            String real = pingFrom(external, bound.port());
            assertThat(real).startsWith("-DENIED");
            assertThat(pingFrom(external, own.nodes().get(0).port())).isEqualTo(real);
        }
    }

    @Test
    void theBuilderCanSwitchItOff() {
        try (EmbeddedRedisCluster open = EmbeddedRedisCluster.builder().masters(1).replicasPerMaster(0)
                .bindAddress("0.0.0.0").protectedMode(false).build().start();
                RespClient c = new RespClient("127.0.0.1", open.nodes().get(0).port())) {
            assertThat(c.call("CONFIG", "GET", "protected-mode")).isEqualTo("*2\r\n$14\r\nprotected-mode\r\n$2\r\nno\r\n");
            assertThat(pingFrom(external, open.nodes().get(0).port())).isEqualTo("+PONG\r\n (open)");
        }
    }
}
