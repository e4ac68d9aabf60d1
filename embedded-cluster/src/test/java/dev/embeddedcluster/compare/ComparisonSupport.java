package dev.embeddedcluster.compare;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.testing.RespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sends the same commands to a real redis-server and to a one-master emulator cluster (both own
 * every slot) and asserts equal replies, byte for byte, in RESP2 and in RESP3. The real server's
 * replies are replayed from its recording unless {@code -Dcompare.live=true} (see {@link RedisOracle}).
 */
abstract class ComparisonSupport {
    private static RedisOracle oracle;
    private static EmbeddedRedisCluster cluster;
    private RespClient real;
    private RespClient emulated;
    private RespClient real3;
    private RespClient emulated3;

    /** Tells the oracle whether the test failed (its recording is then neither checked to the end nor written). */
    @RegisterExtension
    static final AfterTestExecutionCallback OUTCOME = context -> oracle.testFailed(context.getExecutionException().isPresent());

    @BeforeAll
    static void startBoth(TestInfo info) {
        oracle = RedisOracle.start(info.getTestClass().orElseThrow());
        cluster = EmbeddedRedisCluster.builder().masters(1).replicasPerMaster(0).clock(oracle.clock()).build().start();
    }

    @AfterAll
    static void stopBoth() throws Exception {
        cluster.close();
        oracle.close();
    }

    @BeforeEach
    void connect(TestInfo info) {
        oracle.begin(info);
        ClusterNode node = cluster.nodes().get(0);
        real = oracle.connect();
        emulated = new RespClient(node.host(), node.port());
        real3 = oracle.connect();
        emulated3 = new RespClient(node.host(), node.port());
        real3.call("HELLO", "3");
        emulated3.call("HELLO", "3");
    }

    @AfterEach
    void flushAndDisconnect() {
        oracle.flushAll();
        cluster.flushAll();
        real.close();
        emulated.close();
        real3.close();
        emulated3.close();
        oracle.end();
    }

    /** A new connection to the real server (recorded or replayed with the test's others). */
    protected RespClient realConnection() {
        return oracle.connect();
    }

    /** A new connection to the emulator. */
    protected RespClient emulatedConnection() {
        ClusterNode node = cluster.nodes().get(0);
        return new RespClient(node.host(), node.port());
    }

    /** Runs the command on both servers over RESP2 and asserts identical replies; returns the reply. */
    protected String same(String... command) {
        return new String(sameReply(real, emulated, utf8(command), Arrays.toString(command), "RESP2", false),
                StandardCharsets.UTF_8);
    }

    /**
     * Runs the command on a real and an emulated connection and asserts byte-identical replies (shown in
     * hex when {@code hex}); returns the emulator's. A long real reply may be recorded as its SHA-256 only.
     */
    private static byte[] sameReply(RespClient realSide, RespClient emulatedSide, byte[][] args, String shown,
            String protocol, boolean hex) {
        byte[] expected = realSide.callBinary(args);
        oracle.compared(realSide, null);
        byte[] actual = emulatedSide.callBinary(args);
        Recording.Event digest = oracle.recordedDigest(realSide);
        if (digest != null) {
            assertThat(Recording.sha256(actual)).as("%s reply to %s: redis-server's has %d bytes, recorded as their SHA-256 "
                    + "(-Dcompare.live=true shows them); the emulator's has %d: %s", protocol, shown, digest.length,
                    actual.length, Recording.escape(actual, false)).isEqualTo(digest.sha256);
        } else if (hex) {
            assertThat(HexFormat.of().formatHex(actual)).as("%s reply to %s", protocol, shown)
                    .isEqualTo(HexFormat.of().formatHex(expected));
        } else {
            assertThat(new String(actual, StandardCharsets.UTF_8)).as("%s reply to %s", protocol, shown)
                    .isEqualTo(new String(expected, StandardCharsets.UTF_8));
        }
        return actual;
    }

    /** The replies of both servers to a command sent on a new connection (not authenticated, if a password is set). */
    protected String[] repliesOnNewConnections(String... command) {
        ClusterNode node = cluster.nodes().get(0);
        try (RespClient newReal = oracle.connect(); RespClient newEmulated = new RespClient(node.host(), node.port())) {
            return new String[] {newReal.call(command), newEmulated.call(command)};
        }
    }

    /** The same over RESP3 connections. */
    protected String same3(String... command) {
        return new String(sameReply(real3, emulated3, utf8(command), Arrays.toString(command), "RESP3", false),
                StandardCharsets.UTF_8);
    }

    /**
     * Runs a command with binary arguments on both servers over RESP2 (RESP3 when {@code resp3})
     * and asserts byte-identical replies (shown in hex when they differ); returns the reply.
     */
    protected byte[] sameBinary(boolean resp3, byte[]... command) {
        return sameReply(resp3 ? real3 : real, resp3 ? emulated3 : emulated, command, describe(command),
                resp3 ? "RESP3" : "RESP2", true);
    }

    private static byte[][] utf8(String... command) {
        return Arrays.stream(command).map(word -> word.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    }

    /** Binary arguments as text for a failure message, long ones cut short. */
    private static String describe(byte[][] command) {
        StringBuilder text = new StringBuilder();
        for (byte[] arg : command) {
            String word = new String(arg, java.nio.charset.StandardCharsets.ISO_8859_1);
            text.append(text.length() == 0 ? "" : " ").append(word.length() > 40 ? word.substring(0, 40) + "..." : word);
        }
        return text.toString();
    }

    /**
     * Each command line, in order, compared over RESP2 (words split on spaces, see {@link #cmd}).
     * PTTL is compared within {@link #CLOCK_SKEW_MILLIS}: the two servers are asked one after the other.
     */
    protected void script(String... lines) {
        for (String line : lines) {
            String[] command = cmd(line);
            if (command[0].equalsIgnoreCase("PTTL")) {
                sameWithinSkew(command);
            } else {
                same(command);
            }
        }
    }

    protected static final long CLOCK_SKEW_MILLIS = 100;

    /** Integer replies that may differ by the time passed between asking the two servers. */
    protected void sameWithinSkew(String... command) {
        sameWithin(CLOCK_SKEW_MILLIS, command);
    }

    /**
     * Integer replies that may differ by {@code tolerance}: OBJECT IDLETIME counts whole seconds of a clock
     * that may tick between the two servers' replies.
     */
    protected void sameWithin(long tolerance, String... command) {
        String expected = real.call(command);
        String actual = emulated.call(command);
        assertThat(actual).as("RESP2 reply to %s", Arrays.toString(command)).matches(":-?\\d+\r\n");
        assertThat(expected).matches(":-?\\d+\r\n");
        long e = Long.parseLong(expected.substring(1).trim());
        long a = Long.parseLong(actual.substring(1).trim());
        if (e < 0 || a < 0) {
            assertThat(a).as("reply to %s", Arrays.toString(command)).isEqualTo(e);
        } else {
            assertThat(a).as("reply to %s", Arrays.toString(command)).isBetween(e - tolerance, e + tolerance);
        }
    }

    /** Splits a command line on spaces (no quoting: use {@link #same(String...)} for spaces). */
    protected static String[] cmd(String line) {
        return line.split(" ");
    }

    /** Sends a command to both servers without comparing (setup whose reply may differ legitimately). */
    protected void both(String... command) {
        real.call(command);
        emulated.call(command);
    }

    /** Sends a command to both servers without reading a reply (CLIENT REPLY OFF and SKIP send none). */
    protected void sendBoth(String... command) {
        real.send(command);
        emulated.send(command);
    }

    /**
     * Sends the commands to both servers as one pipeline each; element i holds {real, emulated} replies,
     * which the test compares byte for byte.
     */
    protected String[][] pipelined(java.util.List<String[]> commands) {
        return pipelined(commands, (command, reply) -> reply);
    }

    /** The same, for replies the test compares as {@code comparedAs} shows them (sorted, say). */
    protected String[][] pipelined(java.util.List<String[]> commands,
            java.util.function.BiFunction<String[], String, String> comparedAs) {
        for (String[] command : commands) {
            real.send(command);
            emulated.send(command);
        }
        String[][] replies = new String[commands.size()][];
        for (int i = 0; i < replies.length; i++) {
            String[] command = commands.get(i);
            String expected = real.readReply();
            oracle.compared(real, reply -> comparedAs.apply(command, reply));
            replies[i] = new String[] {expected, emulated.readReply()};
        }
        return replies;
    }

    /** A reply from each side, for comparisons that allow for time passing or unordered results. */
    protected String[] replies(String... command) {
        return new String[] {real.call(command), emulated.call(command)};
    }

    /** The same over RESP3 connections. */
    protected String[] replies3(String... command) {
        return new String[] {real3.call(command), emulated3.call(command)};
    }

    /**
     * DUMPs a key on each server and RESTOREs each payload on the server that made it (payload
     * formats differ); returns the two RESTORE replies.
     */
    protected String[] dumpAndRestoreOnEachSide(String key, String target, String ttl, String... options) {
        return dumpAndRestoreOnEachSide(key, target, new String[] {ttl, ttl}, options);
    }

    /** The same with a TTL for each side: {real, emulated}. */
    protected String[] dumpAndRestoreOnEachSide(String key, String target, String[] ttls, String... options) {
        String[] replies = new String[2];
        RespClient[] sides = {real, emulated};
        for (int i = 0; i < 2; i++) {
            byte[] payload = sides[i].callForBulk("DUMP", key);
            byte[][] command = new byte[4 + options.length][];
            command[0] = "RESTORE".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            command[1] = target.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            command[2] = ttls[i].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            command[3] = payload;
            for (int j = 0; j < options.length; j++) {
                command[4 + j] = options[j].getBytes(java.nio.charset.StandardCharsets.UTF_8);
            }
            replies[i] = sides[i].call(command);
        }
        return replies;
    }

    /** A bulk reply from each side, exact bytes: {real, emulated}. */
    protected byte[][] bulkFromEachSide(String... command) {
        return new byte[][] {real.callForBulk(command), emulated.callForBulk(command)};
    }

    /** Runs one binary command on the real server and another on the emulator: {real, emulated} replies. */
    protected String[] callEachSide(byte[][] onReal, byte[][] onEmulated) {
        return new String[] {real.call(onReal), emulated.call(onEmulated)};
    }

    /** The emulator's DUMP payload of a key. */
    protected byte[] emulatedDump(String key) {
        return emulated.callForBulk("DUMP", key);
    }

    /** Sends a binary command to the emulator only. */
    protected String emulatedCall(byte[]... command) {
        return emulated.call(command);
    }

    /** Waits until the server answers BUSY: a script passed busy-reply-threshold. */
    protected static void awaitBusy(RespClient other) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).pollDelay(java.time.Duration.ZERO)
                .pollInterval(java.time.Duration.ofMillis(20)).until(() -> other.call("PING").startsWith("-BUSY"));
    }

    /** A play with several connections, recording the replies it reads. */
    protected interface Scenario {
        void play(java.util.function.Supplier<RespClient> connect, java.util.List<String> transcript) throws Exception;
    }

    /** Plays the scenario on the real server, then on the emulator, and asserts equal transcripts. */
    protected void sameOnBoth(Scenario scenario) throws Exception {
        java.util.List<String> expected = oracle.play(scenario);
        java.util.List<String> actual = new java.util.ArrayList<>();
        scenario.play(this::emulatedConnection, actual);
        assertThat(actual).containsExactlyElementsOf(expected);
    }
}
