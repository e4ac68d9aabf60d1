package dev.embeddedcluster.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A standalone redis-server 7.0 for a live test, on a free port of its own, with DEBUG enabled
 * (for DEBUG DIGEST-VALUE) and no persistence but the RDB file it may be told to load.
 */
public final class RedisServerProcess implements AutoCloseable {
    private final Process process;
    private final int port;

    private RedisServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts a server in {@code dir}, loading {@code dbfilename} there when it exists. */
    public static RedisServerProcess start(Path dir, String dbfilename) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--dbfilename", dbfilename,
                "--enable-debug-command", "yes"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis-" + port + ".log").toFile()).start();
        RedisServerProcess server = new RedisServerProcess(process, port);
        try {
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
                try (RespClient c = server.connect()) {
                    return c.call("PING").equals("+PONG\r\n");
                }
            });
        } catch (RuntimeException e) {
            server.close();
            throw new IllegalStateException("redis-server did not start: "
                    + Files.readString(dir.resolve("redis-" + port + ".log")), e);
        }
        return server;
    }

    public int port() {
        return port;
    }

    public RespClient connect() {
        return new RespClient("127.0.0.1", port);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
