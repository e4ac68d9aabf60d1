package dev.embeddedcluster.fuzz;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.testing.ConfiguredRedisServer;
import dev.embeddedcluster.testing.RespClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * A live redis-server 7.0 in cluster mode owning every slot, and a one-master emulator cluster:
 * the two sides of the fuzzer, with a connection to each and what each did with an input.
 */
final class ServerPair implements AutoCloseable {
    /** What a side did with an input: its reply's bytes, or that it closed the connection, or no answer in time. */
    record Outcome(byte[] reply, boolean closed, boolean silent) {
        static final Outcome CLOSED = new Outcome(null, true, false);
        static final Outcome SILENT = new Outcome(null, false, true);

        String shown() {
            return closed ? "<closed>" : silent ? "<no reply within 5 s>"
                    : new String(reply, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    private final ConfiguredRedisServer redis;
    private final EmbeddedRedisCluster cluster;
    RespClient real;
    RespClient ours;

    ServerPair() throws IOException {
        redis = ConfiguredRedisServer.start(null, "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf");
        try (RespClient admin = redis.connect()) {
            admin.call("CLUSTER", "ADDSLOTSRANGE", "0", "16383");
            await().atMost(Duration.ofSeconds(10)).until(() -> admin.call("CLUSTER", "INFO").contains("cluster_state:ok"));
        }
        cluster = EmbeddedRedisCluster.builder().masters(1).replicasPerMaster(0).build().start();
        reconnect();
    }

    int realPort() {
        return redis.port();
    }

    int ourPort() {
        return cluster.nodes().get(0).port();
    }

    RespClient connectReal() {
        return redis.connect();
    }

    RespClient connectOurs() {
        ClusterNode node = cluster.nodes().get(0);
        return new RespClient(node.host(), node.port());
    }

    /** New connections to both sides (after one closed, or to leave a state behind). */
    void reconnect() {
        if (real != null) {
            real.close();
            ours.close();
        }
        real = connectReal();
        ours = connectOurs();
    }

    /**
     * Sends the command on both connections; returns {real, ours}. The UNSUBSCRIBE family answers
     * once per channel named: those replies are read and joined as one.
     */
    Outcome[] call(byte[][] argv) {
        String name = new String(argv[0], java.nio.charset.StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
        int replies = name.endsWith("unsubscribe") ? Math.max(1, argv.length - 1) : 1;
        return new Outcome[] {call(real, argv, replies), call(ours, argv, replies)};
    }

    private static Outcome call(RespClient client, byte[][] argv, int replies) {
        try {
            client.send(argv);
        } catch (UncheckedIOException e) {
            return Outcome.CLOSED; // writing to a connection the server closed
        }
        Outcome outcome = read(client);
        for (int i = 1; i < replies && outcome.reply() != null; i++) {
            Outcome next = read(client);
            if (next.reply() == null) {
                return next;
            }
            byte[] joined = java.util.Arrays.copyOf(outcome.reply(), outcome.reply().length + next.reply().length);
            System.arraycopy(next.reply(), 0, joined, outcome.reply().length, next.reply().length);
            outcome = new Outcome(joined, false, false);
        }
        return outcome;
    }

    static Outcome read(RespClient client) {
        try {
            return new Outcome(client.readReplyBytes(), false, false);
        } catch (RespClient.ClosedByServer e) {
            return Outcome.CLOSED;
        } catch (UncheckedIOException e) {
            return e.getCause() instanceof java.net.SocketTimeoutException ? Outcome.SILENT : Outcome.CLOSED;
        }
    }

    /** On new connections, deletes every key and function on both sides and runs the setup commands on both. */
    void reset(Iterable<String[]> setup) {
        reconnect();
        List<String[]> commands = new ArrayList<>(List.of(new String[] {"FLUSHALL"}, new String[] {"FUNCTION", "FLUSH"},
                new String[] {"SCRIPT", "FLUSH"}));
        setup.forEach(commands::add);
        for (RespClient side : new RespClient[] {real, ours}) {
            for (String[] command : commands) {
                try {
                    side.call(command);
                } catch (UncheckedIOException e) {
                    throw new AssertionError((side == real ? "redis-server" : "our node") + " did not answer "
                            + String.join(" ", command) + " on a new connection", e);
                }
            }
        }
    }

    @Override
    public void close() throws Exception {
        try {
            real.close();
            ours.close();
            cluster.close();
        } finally {
            redis.close();
        }
    }
}
