package dev.embeddedcluster.compare;

import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.testing.RespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The oracle's recordings: a replay gives the recorded replies and fails, saying how to re-record,
 * where the test does something else; live, a compared reply that changed is flagged. The emulator
 * stands in for the live redis-server here, so no Redis binary is needed.
 */
class RecordingReplayTest {
    private static EmbeddedRedisCluster cluster;

    @TempDir
    Path directory;

    @BeforeAll
    static void start() {
        cluster = EmbeddedRedisCluster.builder().masters(1).replicasPerMaster(0).build().start();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private Path recording(String... events) throws IOException {
        Path file = directory.resolve("Recorded.txt");
        Files.writeString(file, Recording.HEADER + "\n== t\n0 clock 1000\n" + String.join("\n", events) + "\n");
        return file;
    }

    private static RedisOracle live(Path file, boolean record) {
        return RedisOracle.live(RecordingReplayTest.class, file, cluster.nodes().get(0).port(), record);
    }

    @Test
    void aReplayGivesTheRecordedRepliesWaitsAndCloses() throws Exception {
        Path file = recording("1 > SET \"a b\" \"x\\r\\ny\\x00\"", "1 = +OK\\r\\n", "2 >> PING\\r\\n", "2 wait 150 ms",
                "2 < +PONG\\r\\n", "2 closed", "1 replyWithin 10 false", "1 closedByServer true");
        try (RedisOracle oracle = RedisOracle.replaying(getClass(), file)) {
            oracle.begin("t", false);
            RespClient one = oracle.connect();
            RespClient two = oracle.connect();
            assertThat(one.call("SET", "a b", "x\r\ny\u0000")).isEqualTo("+OK\r\n");
            two.sendRaw("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            long started = System.nanoTime();
            assertThat(two.readReply()).isEqualTo("+PONG\r\n");
            assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(150);
            assertThatThrownBy(two::readReply).isInstanceOf(RespClient.ClosedByServer.class);
            assertThat(one.replyWithin(10)).isFalse();
            assertThat(one.closedByServer()).isTrue();
            oracle.testFailed(false);
            oracle.end();
        }
    }

    @Test
    void aCommandTheRecordingDoesNotHaveFailsSayingHowToReRecord() throws Exception {
        Path file = recording("1 > GET a", "1 = $-1\\r\\n");
        try (RedisOracle oracle = RedisOracle.replaying(getClass(), file)) {
            oracle.begin("t", false);
            RespClient real = oracle.connect();
            assertThatThrownBy(() -> real.call("GET", "b")).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("Recording out of date: " + file + ", test \"t\"")
                    .hasMessageContaining("on connection 1 the test sends: > GET b\n  where the recording has: > GET a")
                    .hasMessageContaining("Re-record with: " + RedisOracle.RERECORD);
        }
    }

    @Test
    void aTestThatStopsShortOfItsRecordingOrIsNotInItFails() throws Exception {
        Path file = recording("1 > GET a", "1 = $-1\\r\\n", "1 > GET c", "1 = $-1\\r\\n");
        try (RedisOracle oracle = RedisOracle.replaying(getClass(), file)) {
            oracle.begin("t", false);
            assertThat(oracle.connect().call("GET", "a")).isEqualTo("$-1\r\n");
            oracle.testFailed(false);
            assertThatThrownBy(oracle::end).hasMessageContaining("Recording out of date")
                    .hasMessageContaining("the test ends before the recording's connection 1 event > GET c");
            assertThatThrownBy(() -> oracle.begin("other", false)).hasMessageContaining("Recording out of date")
                    .hasMessageContaining("test \"other\": the recording has no such test");
        }
    }

    @Test
    void liveAComparedReplyThatChangedIsFlaggedAndALooseOneIsNot() throws Exception {
        Path file = recording("1 > CLIENT ID", "1 < :999\\r\\n", "1 > GET k", "1 = $3\\r\\nold\\r\\n");
        try (RedisOracle oracle = live(file, false); RespClient setup = new RespClient("127.0.0.1", cluster.nodes().get(0).port())) {
            setup.call("SET", "k", "new");
            oracle.begin("t", false);
            RespClient real = oracle.connect();
            assertThat(real.call("CLIENT", "ID")).isNotEqualTo(":999\r\n");
            assertThat(real.call("GET", "k")).isEqualTo("$3\r\nnew\r\n");
            assertThatThrownBy(() -> oracle.compared(real, null)).hasMessageContaining("Recording out of date")
                    .hasMessageContaining("a reply the test compares (#1) is not the recorded one"
                            + "\n  recorded: connection 1, after > GET k: $3\\r\\nold\\r\\n"
                            + "\n  live:     connection 1, after > GET k: $3\\r\\nnew\\r\\n")
                    .hasMessageContaining("Re-record with: " + RedisOracle.RERECORD);
        } finally {
            cluster.flushAll();
        }
    }

    @Test
    void liveAScenarioWhoseTranscriptChangedIsFlagged() throws Exception {
        Path file = recording("1 > GET k", "1 < $-1\\r\\n");
        try (RedisOracle oracle = live(file, false); RespClient setup = new RespClient("127.0.0.1", cluster.nodes().get(0).port())) {
            setup.call("SET", "k", "v");
            oracle.begin("t", false);
            ComparisonSupport.Scenario scenario = (connect, transcript) -> {
                try (RespClient c = connect.get()) {
                    transcript.add(c.call("GET", "k"));
                }
            };
            assertThatThrownBy(() -> oracle.play(scenario)).hasMessageContaining("Recording out of date")
                    .hasMessageContaining("the scenario's transcript is not the recorded one\n  recorded: [$-1\r\n]\n  live:     [$1\r\nv\r\n]");
        } finally {
            cluster.flushAll();
        }
    }

    @Test
    void whatIsRecordedReplaysTheSame() throws Exception {
        Path file = directory.resolve("Recorded.txt");
        String big = "x".repeat(3000);
        List<String[]> commands = List.of(new String[] {"SET", "k", big}, new String[] {"GET", "k"},
                new String[] {"ECHO", "\u0000 \"quoted\" \u00e9t\u00e9\r\n"}, new String[] {"ECHO", ""});
        try (RedisOracle oracle = live(file, true)) {
            oracle.begin("whatIsRecordedReplaysTheSame", false);
            RespClient real = oracle.connect();
            for (String[] command : commands) {
                real.call(command);
                oracle.compared(real, null);
            }
            oracle.testFailed(false);
            oracle.end();
        } finally {
            cluster.flushAll();
        }
        assertThat(Files.readString(file)).contains("1 ># ").contains(" 3029 bytes: SET k xxx").contains("1 =# ")
                .contains("1 > ECHO \"\\x00 \\\"quoted\\\" \\xc3\\xa9t\\xc3\\xa9\\r\\n\"").contains("1 > ECHO \"\"");
        try (RedisOracle oracle = RedisOracle.replaying(getClass(), file)) {
            oracle.begin("whatIsRecordedReplaysTheSame", false);
            RespClient real = oracle.connect();
            assertThat(real.call(commands.get(0))).isEqualTo("+OK\r\n");
            real.call(commands.get(1));
            assertThat(oracle.recordedDigest(real).sha256)
                    .isEqualTo(Recording.sha256(("$3000\r\n" + big + "\r\n").getBytes(StandardCharsets.US_ASCII)));
            assertThat(real.call(commands.get(2))).isEqualTo("$18\r\n\u0000 \"quoted\" \u00e9t\u00e9\r\n\r\n");
            assertThat(real.call(commands.get(3))).isEqualTo("$0\r\n\r\n");
            oracle.testFailed(false);
            oracle.end();
        }
    }
}
