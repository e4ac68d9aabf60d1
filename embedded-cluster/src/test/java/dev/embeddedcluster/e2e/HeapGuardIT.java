package dev.embeddedcluster.e2e;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The heap guard in a JVM of 128 MiB ({@link HeapFiller}), under each of the collectors a test
 * JVM commonly runs: the writes end in Redis's OOM error, not in an OutOfMemoryError; the keys
 * written stay readable, a read-only command still runs, and deletes or FLUSHALL let writes in
 * again.
 */
class HeapGuardIT {
    private static final String OOM = "-OOM command not allowed when used memory > 'maxmemory'.";

    @ParameterizedTest
    @ValueSource(strings = {"-XX:+UseG1GC", "-XX:+UseSerialGC", "-XX:+UseParallelGC"})
    void writesEndInRedisOomErrorInsteadOfAnOutOfMemoryError(String collector) throws Exception {
        Map<String, String> steps = runFiller(collector);
        assertThat(steps).containsEntry("setrange-far", OOM)
                .containsEntry("ping", "+PONG")
                .containsEntry("first-fill-writes", "many")
                .containsEntry("refused-write", OOM)
                .containsEntry("first-key", ":65536")
                .containsEntry("last-key", ":65536")
                .containsEntry("read-while-full", ":1")
                .containsEntry("incr-refused", OOM)
                .containsEntry("script-refused", OOM)
                .containsEntry("write-after-del", "+OK")
                .containsEntry("second-fill-writes", "many")
                .containsEntry("flushall", "+OK")
                .containsEntry("write-after-flushall", "+OK")
                .containsKey("done");
    }

    /** Runs the filler in a JVM of its own and returns its steps' outcomes; fails if it did not end well within a minute. */
    private static Map<String, String> runFiller(String collector) throws IOException, InterruptedException {
        Path output = Files.createTempFile("heap-filler", ".log");
        try {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx128m", collector, "-XX:-HeapDumpOnOutOfMemoryError",
                    "-cp", testClassPath(), HeapFiller.class.getName()));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            boolean ended = process.waitFor(60, TimeUnit.SECONDS);
            if (!ended) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            String log = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(ended).as("the filler JVM ended within a minute; its output:%n%s", log).isTrue();
            assertThat(process.exitValue()).as("the filler JVM's exit code; its output:%n%s", log).isZero();
            assertThat(log).as("the filler JVM's output").doesNotContain("OutOfMemoryError");
            Map<String, String> steps = new LinkedHashMap<>();
            for (String line : log.split("\n")) {
                int colon = line.indexOf(": ");
                if (colon > 0) {
                    steps.put(line.substring(0, colon), line.substring(colon + 2).strip());
                } else if (line.strip().equals("done")) {
                    steps.put("done", "");
                }
            }
            return steps;
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** The test JVM's class path: surefire's own when it runs the tests from a manifest-only jar. */
    private static String testClassPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        String path = surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
        return String.join(File.pathSeparator, path.split(File.pathSeparator));
    }
}
