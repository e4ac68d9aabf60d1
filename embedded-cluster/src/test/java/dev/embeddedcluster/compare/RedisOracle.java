package dev.embeddedcluster.compare;

import dev.embeddedcluster.ClusterClock;
import dev.embeddedcluster.compare.Recording.Event;
import dev.embeddedcluster.testing.RespClient;
import org.junit.jupiter.api.TestInfo;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.awaitility.Awaitility.await;

/**
 * The reference the comparison tests hold the emulator to: redis-server 7.0.15 in cluster mode,
 * owning all 16384 slots. By default its replies come from the recording stored beside the tests
 * ({@code src/test/resources/redis-7.0.15/<TestClass>.txt}), and no binary is needed. With
 * {@code -Dcompare.live=true} they come from a live redis-server 7.0.x on the PATH, and each reply
 * a test compares must still be the recorded one, else the recording is out of date; with
 * {@code -Dcompare.record=true} too, the recording is written anew.
 *
 * <p>Each test's connections to the real server are numbered in the order it opens them; the
 * recording holds, test by test, what was sent and received on each. Replaying, what the test
 * sends must be what was recorded. Live, only what the test compares is checked, since the rest
 * differs from run to run of redis-server (client ids, times, hash-table order, random picks, how
 * often a wait polled): each reply compared byte for byte where it is read ({@link #compared}),
 * and a scenario's transcript, which it plays on the recording too ({@link #play}).
 */
final class RedisOracle implements AutoCloseable {
    static final String RERECORD = "./mvnw -pl embedded-cluster verify -Dcompare.live=true -Dcompare.record=true";
    static final boolean RECORD = Boolean.getBoolean("compare.record");
    static final boolean LIVE = RECORD || Boolean.getBoolean("compare.live");
    private static final Path RECORDINGS = Path.of(System.getProperty("compare.recordings", "src/test/resources/redis-7.0.15"));

    private final Class<?> testClass;
    private final Path file;
    private final Recording recording;
    private final Server server;
    private final boolean record;

    // The test under way.
    private String test;
    private boolean liveOnly;
    private boolean failed;
    private List<Event> recorded;
    private List<Event> events;
    private int connections;
    private final Map<RespClient, RecordingTransport> live = new IdentityHashMap<>();
    private final Map<RespClient, ReplayTransport> replayed = new IdentityHashMap<>();
    private Iterator<Event> toCompare;
    private int compared;
    private volatile long clockOffset;

    private RedisOracle(Class<?> testClass, Path file, Server server, boolean record) {
        this.testClass = testClass;
        this.file = file;
        this.recording = Recording.read(file);
        this.server = server;
        this.record = record;
    }

    /** The real side of {@code testClass}'s comparisons, live or replayed as the system properties say. */
    static RedisOracle start(Class<?> testClass) {
        return new RedisOracle(testClass, RECORDINGS.resolve(testClass.getSimpleName() + ".txt"),
                LIVE ? Server.start() : null, RECORD);
    }

    /** The recording {@code file} replayed (for tests of the oracle itself). */
    static RedisOracle replaying(Class<?> testClass, Path file) {
        return new RedisOracle(testClass, file, null, false);
    }

    /** The server on {@code port} live, checked against the recording {@code file} or recorded there (for tests of the oracle). */
    static RedisOracle live(Class<?> testClass, Path file, int port, boolean record) {
        return new RedisOracle(testClass, file, new Server(null, null, port), record);
    }

    /** Starts a test: its events, numbered connections and checks. */
    void begin(TestInfo info) {
        String method = info.getTestMethod().orElseThrow().getName();
        begin(info.getDisplayName().equals(method + "()") ? method : method + " " + info.getDisplayName(),
                info.getTags().contains("live"));
    }

    void begin(String test, boolean liveOnly) {
        this.test = test;
        this.liveOnly = liveOnly;
        failed = true;
        connections = 0;
        compared = 0;
        live.clear();
        replayed.clear();
        recorded = recording.events(test);
        events = Collections.synchronizedList(new ArrayList<>());
        events.add(Event.clock(System.currentTimeMillis()));
        if (server == null && liveOnly) {
            throw new AssertionError(test + " runs only against a live redis-server: -Dcompare.live=true");
        }
        if (recorded == null && !record && !liveOnly) {
            throw outOfDate("the recording has no such test");
        }
        toCompare = recorded == null ? null : recorded.stream().filter(e -> e.compared).iterator();
        if (server == null) {
            clockOffset = recorded.get(0).millis - System.currentTimeMillis();
        }
    }

    /**
     * The emulator's clock: the system's, but replaying, from the time each test began when it was
     * recorded, so that TTLs towards absolute times (EXAT, PXAT) match the recorded ones.
     */
    ClusterClock clock() {
        return new ClusterClock() {
            @Override
            public long currentTimeMillis() {
                return System.currentTimeMillis() + clockOffset;
            }

            @Override
            public long currentTimeMicros() {
                return ClusterClock.system().currentTimeMicros() + clockOffset * 1000;
            }
        };
    }

    /** Whether the test failed: its recording is then neither checked to its end nor written. */
    void testFailed(boolean failed) {
        this.failed = failed;
    }

    /** A new connection to the real server: the test's next one. */
    RespClient connect() {
        int number = ++connections;
        if (server == null) {
            ReplayTransport transport = new ReplayTransport(number, recorded, this::outOfDate);
            RespClient client = new RespClient(transport);
            replayed.put(client, transport);
            return client;
        }
        RecordingTransport transport = new RecordingTransport("127.0.0.1", server.port, number, events);
        RespClient client = new RespClient(transport);
        live.put(client, transport);
        return client;
    }

    /**
     * The test compares the last reply read on {@code real} byte for byte, as {@code view} shows it
     * (null: as it is, and the caller compares it at once, so a digest of a long one is enough to
     * record): live, it must be the recorded reply; recording, it is marked so.
     */
    void compared(RespClient real, UnaryOperator<String> view) {
        if (server == null || liveOnly) {
            return;
        }
        Event now = live.get(real).lastReply();
        if (record) {
            now.compared = true;
            now.digestible = view == null;
            return;
        }
        compared++;
        if (!toCompare.hasNext()) {
            throw outOfDate("the test compares a reply (#" + compared + ") that the recording does not have: "
                    + context(events, now));
        }
        Event then = toCompare.next();
        boolean same = then.kind == Recording.Kind.REPLY_DIGEST ? then.sha256.equals(Recording.sha256(now.bytes))
                : Arrays.equals(shown(then, view), shown(now, view));
        if (then.connection != now.connection || !same) {
            throw outOfDate("a reply the test compares (#" + compared + ") is not the recorded one"
                    + "\n  recorded: " + context(recorded, then) + "\n  live:     " + context(events, now));
        }
    }

    /** Replaying, the last reply read on {@code real} when the recording has only its digest; else null. */
    Event recordedDigest(RespClient real) {
        ReplayTransport transport = replayed.get(real);
        Event reply = transport == null ? null : transport.lastReply();
        return reply != null && reply.kind == Recording.Kind.REPLY_DIGEST ? reply : null;
    }

    private static byte[] shown(Event reply, UnaryOperator<String> view) {
        return view == null ? reply.bytes
                : view.apply(new String(reply.bytes, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    }

    /** A reply with the command last sent on its connection before it. */
    private static String context(List<Event> events, Event reply) {
        String command = "(none)";
        synchronized (events) {
            for (Event event : events.subList(0, events.indexOf(reply))) {
                if (event.connection == reply.connection && event.kind != Recording.Kind.REPLY
                        && event.kind != Recording.Kind.WAIT) {
                    command = event.describe();
                }
            }
        }
        return "connection " + reply.connection + ", after " + command + ": "
                + (reply.bytes == null ? reply.describe() : Recording.escape(reply.bytes, false));
    }

    /**
     * Plays a scenario of several connections on the real side and returns its transcript. Live, it
     * is played on the recording too, and both transcripts must be the same: the test compares them.
     */
    List<String> play(ComparisonSupport.Scenario scenario) throws Exception {
        int first = connections + 1;
        List<String> transcript = new ArrayList<>();
        scenario.play(this::connect, transcript);
        if (server != null && !record && !liveOnly) {
            List<ReplayTransport> opened = new ArrayList<>();
            List<String> fromRecording = new ArrayList<>();
            scenario.play(() -> {
                ReplayTransport transport = new ReplayTransport(first + opened.size(), recorded, this::outOfDate);
                opened.add(transport);
                return new RespClient(transport);
            }, fromRecording);
            for (ReplayTransport transport : opened) {
                if (transport.firstLeft() != null) {
                    throw outOfDate("the scenario no longer reaches the recording's " + transport.firstLeft().describe());
                }
            }
            if (!fromRecording.equals(transcript)) {
                throw outOfDate("the scenario's transcript is not the recorded one\n  recorded: " + fromRecording
                        + "\n  live:     " + transcript);
            }
        }
        return transcript;
    }

    /** Deletes every key of the real server (nothing to do on a recording). */
    void flushAll() {
        if (server != null) {
            try (RespClient flusher = new RespClient("127.0.0.1", server.port)) {
                flusher.call("FLUSHALL");
            }
        }
    }

    /** Ends the test: replayed, it must have come to the recording's end; recording, its events are kept. */
    void end() {
        if (failed || liveOnly) {
            if (record && failed && !liveOnly) {
                System.err.println("Not recorded (the test failed): " + testClass.getSimpleName() + " " + test);
            }
            return;
        }
        if (record) {
            recording.put(test, new ArrayList<>(events));
        } else if (server == null) {
            int last = recorded.stream().mapToInt(e -> e.connection).max().orElse(0);
            if (last > connections) {
                throw outOfDate("the test ends before the recording's connection " + last);
            }
            for (ReplayTransport transport : replayed.values()) {
                Event left = transport.firstLeft();
                if (left != null) {
                    throw outOfDate("the test ends before the recording's connection " + left.connection
                            + " event " + left.describe());
                }
            }
        } else if (toCompare.hasNext()) {
            throw outOfDate("the test ends before the recording's compared " + context(recorded, toCompare.next()));
        }
    }

    AssertionError outOfDate(String what) {
        return new AssertionError("Recording out of date: " + file + ", test \"" + test + "\": " + what
                + "\nRe-record with: " + RERECORD + " (redis-server 7.0.x on the PATH)");
    }

    @Override
    public void close() throws Exception {
        if (record) {
            List<String> methods = Arrays.stream(testClass.getDeclaredMethods()).map(java.lang.reflect.Method::getName).toList();
            recording.retain(test -> methods.contains(test.split(" ")[0]));
            recording.write(file);
        }
        if (server != null) {
            server.close();
        }
    }

    /** A live redis-server 7.0 started for a test class (or a server already running, with no process). */
    private static final class Server implements AutoCloseable {
        private final Process process;
        private final Path directory;
        private final int port;

        private Server(Process process, Path directory, int port) {
            this.process = process;
            this.directory = directory;
            this.port = port;
        }

        static Server start() {
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
                    throw new IllegalStateException("-Dcompare.live=true needs redis-server 7.0 on the PATH "
                            + "(Debian 12: apt-get install redis-server)", e);
                }
                Server server = new Server(process, directory, port);
                await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
                    try (RespClient c = server.connect()) {
                        return c.call("PING").equals("+PONG\r\n");
                    }
                });
                // One connection for the rest, so that each test's client ids are the same from run to run.
                try (RespClient c = server.connect()) {
                    String version = c.call("INFO", "server").replaceAll("(?s).*\r\nredis_version:([^\r]*)\r\n.*", "$1");
                    if (!version.startsWith("7.0.")) {
                        server.close();
                        throw new IllegalStateException("-Dcompare.live=true compares with redis-server 7.0, whose replies the "
                                + "recordings hold (7.0.15), but the redis-server on the PATH is " + version);
                    }
                    c.call("CLUSTER", "ADDSLOTSRANGE", "0", "16383");
                    await().atMost(Duration.ofSeconds(10)).until(() -> c.call("CLUSTER", "INFO").contains("cluster_state:ok"));
                }
                return server;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            }
        }

        private RespClient connect() {
            return new RespClient("127.0.0.1", port);
        }

        @Override
        public void close() {
            if (process == null) {
                return;
            }
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
                try (var files = Files.walk(directory)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
