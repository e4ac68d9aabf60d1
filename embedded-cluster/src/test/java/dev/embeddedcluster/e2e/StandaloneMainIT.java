package dev.embeddedcluster.e2e;

import dev.embeddedcluster.StandaloneMain;
import dev.embeddedcluster.testing.RespClient;
import dev.embeddedcluster.testing.TlsPing;
import dev.embeddedcluster.tls.Pem;
import dev.embeddedcluster.tls.ThrowawayCa;
import dev.embeddedcluster.tls.TlsKeys;
import org.junit.jupiter.api.Test;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line, in a JVM of its own as {@code java -jar} runs it: output, flags, exit codes, SIGTERM. */
class StandaloneMainIT {
    private static final String ID = "[0-9a-f]{40}";

    @Test
    void printsTheTopologyAndReadyServesAndStopsOnSigterm() throws Exception {
        try (Started started = startOnFreePorts("--masters", "2", "--replicas", "1")) {
            List<String> lines = started.lines;
            int base = started.base;
            assertThat(lines).hasSize(5);
            String firstMaster = lines.get(0).split(" {2}")[1];
            String secondMaster = lines.get(1).split(" {2}")[1];
            assertThat(lines.get(0)).matches("127\\.0\\.0\\.1:" + base + "  " + ID + "  master  slots 0-8191");
            assertThat(lines.get(1)).matches("127\\.0\\.0\\.1:" + (base + 1) + "  " + ID + "  master  slots 8192-16383");
            assertThat(lines.get(2)).matches("127\\.0\\.0\\.1:" + (base + 2) + "  " + ID + "  replica of " + firstMaster);
            assertThat(lines.get(3)).matches("127\\.0\\.0\\.1:" + (base + 3) + "  " + ID + "  replica of " + secondMaster);
            assertThat(lines.get(4)).matches("Cluster ready: 4 nodes \\(2 masters, 2 replicas\\) in \\d+ ms\\. Ctrl-C stops it\\.");
            try (RespClient client = new RespClient("127.0.0.1", base + 3)) {
                assertThat(client.call("CLUSTER", "MYID")).isEqualTo("$40\r\n" + lines.get(3).split(" {2}")[1] + "\r\n");
                assertThat(client.call("SET", "a", "1")).isEqualTo("-MOVED 15495 127.0.0.1:" + (base + 1) + "\r\n");
            }
            assertThat(started.stop()).isEqualTo("Cluster stopped.\n");
            for (int port = base; port < base + 4; port++) {
                try (ServerSocket rebind = new ServerSocket()) {
                    rebind.setReuseAddress(true);
                    rebind.bind(new InetSocketAddress("127.0.0.1", port));
                }
            }
        }
    }

    @Test
    void announcesTheAddressItIsGivenAndCountsInTheSingular() throws Exception {
        try (Started started = startOnFreePorts("--masters", "1", "--replicas", "0", "--announce-ip", "10.1.2.3")) {
            int base = started.base;
            assertThat(started.lines).hasSize(2);
            assertThat(started.lines.get(0)).matches("10\\.1\\.2\\.3:" + base + "  " + ID + "  master  slots 0-16383");
            assertThat(started.lines.get(1)).matches("Cluster ready: 1 node \\(1 master, 0 replicas\\) in \\d+ ms\\. Ctrl-C stops it\\.");
            try (RespClient client = new RespClient("127.0.0.1", base)) {
                assertThat(client.call("CLUSTER", "NODES")).contains(" 10.1.2.3:" + base + "@" + (base + 10000) + " myself,master ");
                assertThat(client.call("CONFIG", "GET", "cluster-announce-ip"))
                        .isEqualTo("*2\r\n$19\r\ncluster-announce-ip\r\n$8\r\n10.1.2.3\r\n");
                assertThat(client.call("CONFIG", "GET", "bind")).isEqualTo("*2\r\n$4\r\nbind\r\n$9\r\n127.0.0.1\r\n");
            }
        }
    }

    @Test
    void aNodeShutDownStopsAloneAndIsReported() throws Exception {
        try (Started started = startOnFreePorts("--masters", "1", "--replicas", "1")) {
            int base = started.base;
            try (RespClient master = new RespClient("127.0.0.1", base)) {
                master.send("SHUTDOWN", "NOSAVE");
                assertThat(master.closedByServer()).isTrue();
            }
            try (RespClient replica = new RespClient("127.0.0.1", base + 1)) {
                assertThat(replica.call("PING")).isEqualTo("+PONG\r\n");
            }
            assertThat(started.stop()).isEqualTo("127.0.0.1:" + base + " stopped by SHUTDOWN; the other nodes keep running.\n"
                    + "Cluster stopped.\n");
        }
    }

    @Test
    void seedsTheClusterFromAnRdbFile() throws Exception {
        Path rdb = Path.of("src/test/resources/rdb/seed-7.0.15.rdb").toAbsolutePath();
        try (Started started = startOnFreePorts("--masters", "1", "--replicas", "1", "--rdb", rdb.toString())) {
            try (RespClient client = new RespClient("127.0.0.1", started.base)) {
                assertThat(client.call("DBSIZE")).isEqualTo(":208\r\n");
                assertThat(client.call("GET", "user:7")).isEqualTo("$6\r\nname-7\r\n");
            }
        }
        Process missing = javaCommand("--rdb", "/no/such/file.rdb").start();
        assertThat(outputOf(missing, missing.getErrorStream())).startsWith("error: cannot read the RDB file /no/such/file.rdb");
        assertThat(missing.exitValue()).isEqualTo(1);
    }

    @Test
    void servesTlsOnCertificatesItMakesAndPrintsTheirFiles() throws Exception {
        try (Started started = startOnFreePorts("--masters", "1", "--replicas", "0", "--tls")) {
            assertThat(started.lines).hasSize(3);
            assertThat(started.lines.get(1)).matches("TLS: CA certificate (/\\S+/ca\\.crt), client certificate (\\S+/client\\.crt), client key (\\S+/client\\.key)");
            String[] files = started.lines.get(1).replaceAll("TLS: CA certificate |client certificate |client key ", "").split(", ");
            SSLContext context = sslContext(Path.of(files[0]), Path.of(files[1]), Path.of(files[2]));
            assertThat(TlsPing.ping(context, "127.0.0.1", started.base)).isEqualTo("+PONG\r\n");
            assertThat(TlsPing.ping(sslContext(Path.of(files[0]), null, null), "127.0.0.1", started.base)).as("no client certificate").isEmpty();
        }
    }

    @Test
    void servesTlsOnTheGivenCertificates() throws Exception {
        TlsKeys keys = ThrowawayCa.issue(List.of());
        Path directory = Files.createTempDirectory("standalone-tls");
        Path chain = Files.writeString(directory.resolve("server.crt"), Pem.certificates(keys.serverChain()));
        Path key = Files.writeString(directory.resolve("server.key"), Pem.privateKey(keys.serverKey()));
        Path ca = Files.writeString(directory.resolve("ca.crt"), Pem.certificates(List.of(keys.ca())));
        try (Started started = startOnFreePorts("--masters", "1", "--replicas", "0", "--tls-cert-file", chain.toString(),
                "--tls-key-file", key.toString(), "--tls-ca-cert-file", ca.toString(), "--tls-auth-clients", "no")) {
            assertThat(started.lines.get(1)).startsWith("TLS: CA certificate /").endsWith("/ca.crt");
            assertThat(TlsPing.ping(sslContext(ca, null, null), "127.0.0.1", started.base)).isEqualTo("+PONG\r\n");
        }
        Process incomplete = javaCommand("--tls-cert-file", chain.toString()).start();
        assertThat(outputOf(incomplete, incomplete.getErrorStream()))
                .isEqualTo("error: --tls-cert-file, --tls-key-file and --tls-ca-cert-file go together\nTry --help.\n");
        Process wrongMode = javaCommand("--tls-auth-clients", "maybe").start();
        assertThat(outputOf(wrongMode, wrongMode.getErrorStream()))
                .isEqualTo("error: --tls-auth-clients takes yes, no or optional, got 'maybe'\nTry --help.\n");
    }

    /** Trusts the CA of this PEM file and, when given, presents this client certificate and key. */
    private static SSLContext sslContext(Path ca, Path certificate, Path key) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", Pem.readCertificates(ca).get(0));
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
        trustManagers.init(trust);
        KeyManagerFactory keyManagers = null;
        if (certificate != null) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("client", Pem.readPrivateKey(key), new char[0],
                    Pem.readCertificates(certificate).toArray(java.security.cert.Certificate[]::new));
            keyManagers = KeyManagerFactory.getInstance("PKIX");
            keyManagers.init(keys, new char[0]);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers == null ? null : keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }

    @Test
    void helpDocumentsEveryFlag() throws Exception {
        Process process = launch("--help");
        String output = outputOf(process, process.getInputStream());
        assertThat(process.exitValue()).isZero();
        assertThat(output).startsWith("Usage: java -jar embedded-cluster-<version>.jar [options]")
                .contains("--port <port>", "--masters <n>", "--replicas <n>", "--bind <address>", "--rdb <file>", "--heap-guard <fraction|off>",
                        "--protected-mode <yes|no>", "--tls", "--tls-auth-clients yes|no|optional", "--tls-cert-file <file>", "--help");
    }

    @Test
    void aBadFlagExitsWithAMessage() throws Exception {
        Process unknown = javaCommand("--nodes", "6").start();
        assertThat(outputOf(unknown, unknown.getErrorStream())).isEqualTo("error: unknown option '--nodes'\nTry --help.\n");
        assertThat(unknown.exitValue()).isEqualTo(2);

        Process notANumber = javaCommand("--port", "x").start();
        assertThat(outputOf(notANumber, notANumber.getErrorStream())).isEqualTo("error: --port takes a number, got 'x'\nTry --help.\n");
        assertThat(notANumber.exitValue()).isEqualTo(2);

        Process missingValue = javaCommand("--masters").start();
        assertThat(outputOf(missingValue, missingValue.getErrorStream())).isEqualTo("error: --masters needs a value\nTry --help.\n");
        assertThat(missingValue.exitValue()).isEqualTo(2);
    }

    @Test
    void aTakenPortExitsWithAMessage() throws Exception {
        try (ServerSocket taken = bindSomePortWithRoomAbove()) {
            int port = taken.getLocalPort();
            Process process = javaCommand("--port", Integer.toString(port), "--masters", "1", "--replicas", "1").start();
            String errors = outputOf(process, process.getErrorStream());
            assertThat(process.exitValue()).isEqualTo(1);
            assertThat(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEmpty();
            assertThat(errors).contains("error: cannot bind 127.0.0.1:" + port + ": ").contains("Address already in use");
        }
    }

    @Test
    void optionsThatCannotWorkExitWithUsageErrors() throws Exception {
        Process noRoom = javaCommand("--port", "55535").start();
        assertThat(outputOf(noRoom, noRoom.getErrorStream())).isEqualTo("error: base port 55535 leaves no room for 6 nodes "
                + "and their cluster bus ports (port + 10000 must stay within 65535)\nTry --help.\n");
        assertThat(noRoom.exitValue()).isEqualTo(2);

        Process unknownHost = javaCommand("--bind", "no.such.host.invalid").start();
        assertThat(outputOf(unknownHost, unknownHost.getErrorStream()))
                .isEqualTo("error: unknown bind address 'no.such.host.invalid'\nTry --help.\n");
        assertThat(unknownHost.exitValue()).isEqualTo(2);
    }

    /** A port of ours from 20000 up, with room for a second node and the bus ports above it. */
    private static ServerSocket bindSomePortWithRoomAbove() throws IOException {
        for (int port = 20000 + new java.util.Random().nextInt(30000); ; port++) {
            ServerSocket socket = new ServerSocket();
            try {
                socket.bind(new InetSocketAddress("127.0.0.1", port), 1);
                return socket;
            } catch (IOException taken) {
                socket.close();
            }
        }
    }

    /** A runner started on a range of ports found free (another range when one of them was taken meanwhile). */
    private static Started startOnFreePorts(String... options) throws Exception {
        for (int attempt = 0; ; attempt++) {
            int base;
            try (ServerSocket probe = new ServerSocket(0)) {
                base = Math.min(probe.getLocalPort(), 50000);
            }
            List<String> args = new ArrayList<>(List.of("--port", Integer.toString(base)));
            args.addAll(List.of(options));
            Path errors = Files.createTempFile("standalone", ".err");
            Process process = javaCommand(args.toArray(String[]::new)).redirectError(errors.toFile()).start();
            try {
                Output output = new Output(process);
                List<String> lines = output.untilReady.get(30, TimeUnit.SECONDS);
                if (lines.isEmpty() && process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 1
                        && Files.readString(errors).contains("error:") && attempt < 10) {
                    continue; // a port of the range was taken: try another range
                }
                return new Started(process, base, lines, output.rest);
            } finally {
                Files.delete(errors);
            }
        }
    }

    /** A running runner, what it printed until ready, and its first port; closing kills it. */
    private record Started(Process process, int base, List<String> lines, CompletableFuture<String> rest)
            implements AutoCloseable {
        /** SIGTERM; what it printed from then until it exited. */
        String stop() throws Exception {
            process.toHandle().destroy(); // unlike Process.destroy, leaves its output open to read

            return rest.get(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    /** Standard error is discarded: the test class path holds slf4j, which warns there that it has no binding. */
    private static Process launch(String... args) throws IOException {
        return javaCommand(args).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static ProcessBuilder javaCommand(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StandaloneMain.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    /**
     * Reads a runner's standard output on a thread of its own: the lines up to the ready line (all
     * of them when it ends before), then the rest until it exits.
     */
    private static final class Output {
        final CompletableFuture<List<String>> untilReady = new CompletableFuture<>();
        final CompletableFuture<String> rest = new CompletableFuture<>();

        Output(Process process) {
            Thread reader = new Thread(() -> {
                List<String> read = new ArrayList<>();
                StringBuilder after = new StringBuilder();
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        if (untilReady.isDone()) {
                            after.append(line).append('\n');
                        } else {
                            read.add(line);
                            if (line.startsWith("Cluster ready")) {
                                untilReady.complete(read);
                            }
                        }
                    }
                    untilReady.complete(read);
                    rest.complete(after.toString());
                } catch (IOException e) {
                    untilReady.completeExceptionally(e);
                    rest.completeExceptionally(e);
                }
            }, "standalone-output");
            reader.setDaemon(true);
            reader.start();
        }
    }

    private static String outputOf(Process process, java.io.InputStream stream) throws Exception {
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    }
}
