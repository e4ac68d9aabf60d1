package dev.embeddedcluster.e2e;

import dev.embeddedcluster.StandaloneMain;
import dev.embeddedcluster.testing.RespClient;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
        for (int attempt = 0; ; attempt++) {
            int base;
            try (ServerSocket probe = new ServerSocket(0)) {
                base = Math.min(probe.getLocalPort(), 50000);
            }
            Path errors = Files.createTempFile("standalone", ".err");
            Process process = javaCommand("--port", Integer.toString(base), "--masters", "2", "--replicas", "1")
                    .redirectError(errors.toFile()).start();
            try {
                List<String> lines = linesUntilReady(process);
                if (lines.isEmpty() && process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 1
                        && Files.readString(errors).contains("error:") && attempt < 10) {
                    continue; // a port of the range was taken: try another range
                }
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
                process.destroy(); // SIGTERM
                assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
                for (int port = base; port < base + 4; port++) {
                    try (ServerSocket rebind = new ServerSocket()) {
                        rebind.setReuseAddress(true);
                        rebind.bind(new InetSocketAddress("127.0.0.1", port));
                    }
                }
                return;
            } finally {
                process.destroyForcibly();
                Files.delete(errors);
            }
        }
    }

    @Test
    void helpDocumentsEveryFlag() throws Exception {
        Process process = launch("--help");
        String output = outputOf(process, process.getInputStream());
        assertThat(process.exitValue()).isZero();
        assertThat(output).startsWith("Usage: java -jar embedded-cluster-<version>.jar [options]")
                .contains("--port <port>", "--masters <n>", "--replicas <n>", "--bind <address>", "--help");
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
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            Process process = javaCommand("--port", Integer.toString(port - 1), "--masters", "1", "--replicas", "1").start();
            String errors = outputOf(process, process.getErrorStream());
            assertThat(process.exitValue()).isEqualTo(1);
            assertThat(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEmpty();
            assertThat(errors).contains("error: cannot bind 127.0.0.1:" + port + ": ").contains("Address already in use");
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

    /** The lines printed up to the ready line, or up to the end of the output (errors go to standard error). */
    private static List<String> linesUntilReady(Process process) throws Exception {
        CompletableFuture<List<String>> lines = CompletableFuture.supplyAsync(() -> {
            List<String> read = new ArrayList<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            try {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    read.add(line);
                    if (line.startsWith("Cluster ready")) {
                        break;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return read;
        });
        return lines.get(30, TimeUnit.SECONDS);
    }

    private static String outputOf(Process process, java.io.InputStream stream) throws Exception {
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    }
}
