package dev.embeddedcluster.examples.support;

import dev.embeddedcluster.EmbeddedRedisCluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The standalone cluster as a user starts it, {@code java -jar embedded-cluster-<version>.jar}, in a
 * JVM of its own: the jar this class path holds (the packaged one, in the reactor's verify).
 * Closing it stops that JVM.
 */
public final class StandaloneCluster implements AutoCloseable {
    private final Process process;
    private final int basePort;

    private StandaloneCluster(Process process, int basePort) {
        this.process = process;
        this.basePort = basePort;
    }

    /** Starts six nodes on a range of ports found free, another range when one was taken meanwhile. */
    public static StandaloneCluster start() throws Exception {
        for (int attempt = 0; ; attempt++) {
            int base;
            try (ServerSocket probe = new ServerSocket(0)) {
                base = Math.min(probe.getLocalPort(), 50000);
            }
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", jar().toString(), "--port", Integer.toString(base))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (readyWithin30Seconds(process)) {
                return new StandaloneCluster(process, base);
            }
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            if (attempt == 10) {
                throw new IllegalStateException("the standalone cluster did not start in 10 attempts");
            }
        }
    }

    /** The seed a user would give: the first node. */
    public String seed() {
        return "127.0.0.1:" + basePort;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private static boolean readyWithin30Seconds(Process process) throws Exception {
        CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> {
            BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            try {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("Cluster ready")) {
                        return true;
                    }
                }
                return false; // it exited: a port of the range was taken
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return ready.get(30, TimeUnit.SECONDS);
    }

    private static Path jar() throws URISyntaxException {
        return Path.of(EmbeddedRedisCluster.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
