package dev.embeddedcluster.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A real redis-server (not in cluster mode) on a free port and a directory of its own, for the
 * tests that attach real servers to the emulator; stopped and its directory removed on close.
 */
public final class ConfiguredRedisServer implements AutoCloseable {
    private final Process process;
    private final Path directory;
    private final int port;
    private final String password;

    private ConfiguredRedisServer(Process process, Path directory, int port, String password) {
        this.process = process;
        this.directory = directory;
        this.port = port;
        this.password = password;
    }

    /** Starts one with these extra arguments, in {@code directory} (null: a new temporary one). */
    public static ConfiguredRedisServer start(Path directory, String... extraArgs) throws IOException {
        Path dir = directory != null ? directory : Files.createTempDirectory("redis-server");
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--cluster-enabled", "no", "--save", "", "--appendonly", "no", "--dir", dir.toString()));
        command.addAll(List.of(extraArgs));
        String password = null;
        for (int i = 0; i < extraArgs.length - 1; i++) {
            if (extraArgs[i].equals("--requirepass")) {
                password = extraArgs[i + 1];
            }
        }
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("redis-server 7.0 is needed on the PATH (Debian: apt-get install redis-server)", e);
        }
        ConfiguredRedisServer server = new ConfiguredRedisServer(process, dir, port, password);
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
            try (RespClient c = server.connect()) {
                return c.call("PING").equals("+PONG\r\n");
            }
        });
        return server;
    }

    public int port() {
        return port;
    }

    public Path directory() {
        return directory;
    }

    /** What the server logged so far. */
    public String log() throws IOException {
        return Files.readString(directory.resolve("redis.log"));
    }

    /** A connection, authenticated when the server requires a password. */
    public RespClient connect() {
        RespClient client = new RespClient("127.0.0.1", port);
        if (password != null) {
            client.call("AUTH", password);
        }
        return client;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        try (var files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
