package dev.embeddedcluster.compare;

import dev.embeddedcluster.testing.RespClient;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A real redis-server (Debian's 7.0) in cluster mode, owning all 16384 slots: the reference the
 * comparison tests hold the emulator to. Fails, never skips, when redis-server is missing.
 */
final class RedisOracle implements AutoCloseable {
    private final Process process;
    private final Path directory;
    private final int port;

    private RedisOracle(Process process, Path directory, int port) {
        this.process = process;
        this.directory = directory;
        this.port = port;
    }

    static RedisOracle start() {
        try {
            Path directory = Files.createTempDirectory("redis-oracle");
            int port = freePort();
            Process process;
            try {
                process = new ProcessBuilder(List.of("redis-server", "--port", Integer.toString(port),
                        "--bind", "127.0.0.1", "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                        "--save", "", "--appendonly", "no", "--dir", directory.toString()))
                        .redirectErrorStream(true)
                        .redirectOutput(directory.resolve("redis.log").toFile())
                        .start();
            } catch (IOException e) {
                throw new IllegalStateException("redis-server is needed on the PATH for comparison tests "
                        + "(Debian: apt-get install redis-server)", e);
            }
            RedisOracle oracle = new RedisOracle(process, directory, port);
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
                try (RespClient c = oracle.connect()) {
                    return c.call("PING").equals("+PONG\r\n");
                }
            });
            try (RespClient c = oracle.connect()) {
                c.call("CLUSTER", "ADDSLOTSRANGE", "0", "16383");
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                try (RespClient c = oracle.connect()) {
                    return c.call("CLUSTER", "INFO").contains("cluster_state:ok");
                }
            });
            return oracle;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    RespClient connect() {
        return new RespClient("127.0.0.1", port);
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
