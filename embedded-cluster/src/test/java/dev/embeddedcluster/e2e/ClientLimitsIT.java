package dev.embeddedcluster.e2e;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.ManualClock;
import dev.embeddedcluster.testing.ConfiguredRedisServer;
import dev.embeddedcluster.testing.RespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client limits CONFIG SET brings into effect, over real sockets: each scenario runs against
 * one of our nodes and (tagged live) against redis-server 7.0.15, asserting the same bytes, closes
 * and statistics on both (the comparison tests replay replies to commands, not what happens to a
 * connection).
 */
class ClientLimitsIT {
    private static EmbeddedRedisCluster cluster;

    @BeforeAll
    static void start() {
        cluster = EmbeddedRedisCluster.builder().masters(2).replicasPerMaster(0).build().start();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static RespClient connect(ClusterNode node) {
        return new RespClient(node.host(), node.port());
    }

    /** Where a scenario runs: one of our nodes, or a redis-server; {@code busLinks} count with the clients under maxclients. */
    private record Target(Supplier<RespClient> connector, int busLinks) {
        RespClient connect() {
            return connector.get();
        }
    }

    /** A master of the two-master cluster: one other node, so two bus links. */
    private static Target emulated() {
        ClusterNode node = cluster.nodes().get(0);
        return new Target(() -> connect(node), 2);
    }

    @Test
    void maxclients() {
        aConnectionBeyondMaxclientsIsRefusedAndClosed(emulated());
    }

    @Test
    void timeout() throws InterruptedException {
        idleClientsAreClosedButSubscribersMonitorsAndBlockedClientsStay(emulated());
    }

    @Test
    void protoMaxBulkLen() {
        aBulkLongerThanProtoMaxBulkLenIsAProtocolError(emulated());
    }

    @Test
    void clientQueryBufferLimit() {
        aQueryBufferOverTheLimitClosesTheConnectionWithoutAReply(emulated());
    }

    @Test
    void pubsubHardOutputLimit() {
        aSubscriberThatDoesNotReadIsClosedAtTheHardOutputLimit(emulated());
    }

    @Test
    void pubsubSoftOutputLimit() throws InterruptedException {
        aSubscriberOverTheSoftOutputLimitIsClosedAfterItsSeconds(emulated());
    }

    @Test
    void normalHardOutputLimit() {
        aNormalClientThatDoesNotReadItsRepliesIsClosedAtTheHardOutputLimit(emulated());
    }

    /** Every scenario but the clock's, against redis-server 7.0.15 (standalone: no bus links). */
    @Test
    @Tag("live") // needs redis-server 7.0: runs with -Dcompare.live=true
    void redisServerEnforcesTheSameLimits() throws Exception {
        try (ConfiguredRedisServer redis = ConfiguredRedisServer.start(null)) {
            Target real = new Target(redis::connect, 0);
            aConnectionBeyondMaxclientsIsRefusedAndClosed(real);
            idleClientsAreClosedButSubscribersMonitorsAndBlockedClientsStay(real);
            aBulkLongerThanProtoMaxBulkLenIsAProtocolError(real);
            aQueryBufferOverTheLimitClosesTheConnectionWithoutAReply(real);
            aSubscriberThatDoesNotReadIsClosedAtTheHardOutputLimit(real);
            aSubscriberOverTheSoftOutputLimitIsClosedAfterItsSeconds(real);
            aNormalClientThatDoesNotReadItsRepliesIsClosedAtTheHardOutputLimit(real);
        }
    }

    private static long stat(RespClient client, String name) {
        String info = client.call("INFO", "stats");
        return Long.parseLong(info.replaceFirst("(?s).*\r\n" + name + ":(\\d+)\r\n.*", "$1"));
    }

    /** Waits (at most 5 s) until the node has forgotten closed connections. */
    private static void awaitClients(RespClient client, int count) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (client.call("CLIENT", "LIST").lines().filter(l -> l.contains("id=")).count() != count) {
            assertThat(System.nanoTime()).as("clients still listed").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    /**
     * Redis 7.0.15, standalone, maxclients 2 with two clients connected: the third connection
     * receives exactly "-ERR max number of clients reached\r\n", is closed, and counts in
     * rejected_connections but not in total_connections_received. In a cluster the two bus links
     * to each other node count with the clients: here one other node, so maxclients 4 leaves room
     * for two clients.
     */
    private static void aConnectionBeyondMaxclientsIsRefusedAndClosed(Target target) {
        try (RespClient first = target.connect()) {
            long rejectedBefore = stat(first, "rejected_connections");
            String maxclients = first.call("CONFIG", "GET", "maxclients").replaceFirst("(?s).*\\$\\d+\r\n(\\d+)\r\n$", "$1");
            // Room for two clients: in cluster mode the two bus links to each other node count too.
            assertThat(first.call("CONFIG", "SET", "maxclients", Integer.toString(2 + target.busLinks()))).isEqualTo("+OK\r\n");
            try (RespClient second = target.connect()) {
                assertThat(second.call("PING")).isEqualTo("+PONG\r\n");
                long receivedBefore = stat(first, "total_connections_received");
                try (RespClient third = target.connect()) {
                    assertThat(third.readReply()).isEqualTo("-ERR max number of clients reached\r\n");
                    assertThat(third.closedByServer()).isTrue();
                }
                assertThat(stat(first, "rejected_connections")).isEqualTo(rejectedBefore + 1);
                assertThat(stat(first, "total_connections_received")).isEqualTo(receivedBefore);
                assertThat(second.call("PING")).isEqualTo("+PONG\r\n");
            }
            awaitClients(first, 1);
            try (RespClient again = target.connect()) {
                assertThat(again.call("PING")).isEqualTo("+PONG\r\n");
            } finally {
                assertThat(first.call("CONFIG", "SET", "maxclients", maxclients)).isEqualTo("+OK\r\n");
            }
        }
    }

    /**
     * Redis 7.0.15 with timeout 1 closed an idle normal client without a reply after about
     * 1.9 s, and kept a subscriber, a MONITOR client and a client blocked in BLPOP open.
     */
    private static void idleClientsAreClosedButSubscribersMonitorsAndBlockedClientsStay(Target target) throws InterruptedException {
        try (RespClient observer = target.connect(); RespClient subscriber = target.connect(); RespClient monitor = target.connect();
                RespClient blocked = target.connect(); RespClient idle = target.connect()) {
            String key = "list";
            for (int i = 0; observer.call("LLEN", key).startsWith("-MOVED"); i++) {
                key = "list" + i;
            }
            String monitorId = "id=" + monitor.call("CLIENT", "ID").substring(1).trim() + " ";
            assertThat(subscriber.call("SUBSCRIBE", "news")).contains("subscribe");
            assertThat(monitor.call("MONITOR")).isEqualTo("+OK\r\n");
            blocked.send("BLPOP", key, "0");
            String idleId = "id=" + idle.call("CLIENT", "ID").substring(1).trim() + " ";
            try {
                assertThat(observer.call("CONFIG", "SET", "timeout", "1")).isEqualTo("+OK\r\n");
                long deadline = System.nanoTime() + 5_000_000_000L;
                // The observer stays active while it watches the idle client go.
                while (observer.call("CLIENT", "LIST").contains(idleId)) {
                    assertThat(System.nanoTime()).as("idle client still open").isLessThan(deadline);
                    Thread.sleep(50);
                }
                assertThat(idle.closedByServer()).isTrue();
                assertThat(observer.call("PUBLISH", "news", "hello")).isEqualTo(":1\r\n");
                assertThat(subscriber.readReply()).contains("hello");
                assertThat(observer.call("LPUSH", key, "x")).isEqualTo(":1\r\n");
                assertThat(blocked.readReply()).contains("x");
                assertThat(observer.call("CLIENT", "LIST")).contains(monitorId);
                assertThat(monitor.readReply()).contains("\"BLPOP\"");
            } finally {
                assertThat(observer.call("CONFIG", "SET", "timeout", "0")).isEqualTo("+OK\r\n");
            }
        }
    }

    /** Idle time is the cluster clock's: with a manual clock, real time passing closes no one, advancing it does. */
    @Test
    void idleTimeFollowsTheClustersClock() throws InterruptedException {
        ManualClock clock = new ManualClock();
        try (EmbeddedRedisCluster manual = EmbeddedRedisCluster.builder().masters(2).replicasPerMaster(0).clock(clock).build().start();
                RespClient idle = connect(manual.nodes().get(0))) {
            assertThat(idle.call("CONFIG", "SET", "timeout", "1")).isEqualTo("+OK\r\n");
            Thread.sleep(1_500);
            assertThat(idle.call("PING")).isEqualTo("+PONG\r\n");
            clock.advance(Duration.ofSeconds(2));
            assertThat(idle.closedByServer()).isTrue();
        }
    }

    /**
     * Redis 7.0.15 with proto-max-bulk-len 1mb answered a longer bulk length with exactly
     * "-ERR Protocol error: invalid bulk length\r\n" and closed; a bulk of exactly 1mb passed.
     */
    private static void aBulkLongerThanProtoMaxBulkLenIsAProtocolError(Target target) {
        try (RespClient admin = target.connect()) {
            assertThat(admin.call("CONFIG", "SET", "proto-max-bulk-len", "1mb")).isEqualTo("+OK\r\n");
            try (RespClient tooLong = target.connect(); RespClient longest = target.connect()) {
                tooLong.sendRaw("*2\r\n$4\r\nECHO\r\n$1048577\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(tooLong.readReply()).isEqualTo("-ERR Protocol error: invalid bulk length\r\n");
                assertThat(tooLong.closedByServer()).isTrue();
                byte[] value = new byte[1024 * 1024];
                Arrays.fill(value, (byte) 'v');
                assertThat(longest.callBinary("ECHO".getBytes(StandardCharsets.US_ASCII), value).length).isEqualTo(value.length + 12);
            } finally {
                assertThat(admin.call("CONFIG", "SET", "proto-max-bulk-len", "512mb")).isEqualTo("+OK\r\n");
            }
        }
    }

    /**
     * Redis 7.0.15 with client-query-buffer-limit 1mb closed, without a reply, a client whose
     * unparsed input (a bulk still arriving) passed 1mb, and logged it.
     */
    private static void aQueryBufferOverTheLimitClosesTheConnectionWithoutAReply(Target target) {
        try (RespClient admin = target.connect()) {
            assertThat(admin.call("CONFIG", "SET", "proto-max-bulk-len", "10mb", "client-query-buffer-limit", "1mb"))
                    .isEqualTo("+OK\r\n");
            try (RespClient flooding = target.connect()) {
                byte[] header = "*2\r\n$4\r\nECHO\r\n$2000000\r\n".getBytes(StandardCharsets.US_ASCII);
                byte[] input = new byte[1024 * 1024 + 1];
                Arrays.fill(input, (byte) 'q');
                System.arraycopy(header, 0, input, 0, header.length);
                flooding.sendRaw(input);
                assertThat(flooding.closedByServer()).isTrue();
                assertThat(admin.call("PING")).isEqualTo("+PONG\r\n");
            } finally {
                assertThat(admin.call("CONFIG", "SET", "proto-max-bulk-len", "512mb", "client-query-buffer-limit", "1gb"))
                        .isEqualTo("+OK\r\n");
            }
        }
    }

    /** Subscribes to "news" and sets the pubsub output limit; returns the subscriber's "id=... " prefix. */
    private static String subscribeUnder(RespClient admin, RespClient subscriber, String limit) {
        String subscriberId = "id=" + subscriber.call("CLIENT", "ID").substring(1).trim() + " ";
        assertThat(subscriber.call("SUBSCRIBE", "news")).contains("subscribe");
        assertThat(admin.call("CONFIG", "SET", "client-output-buffer-limit", limit)).isEqualTo("+OK\r\n");
        return subscriberId;
    }

    private static long omem(String clientList, String id) {
        return clientList.lines().filter(line -> line.startsWith(id)).findFirst()
                .map(line -> Long.parseLong(line.replaceFirst(".* omem=(\\d+) .*", "$1"))).orElse(0L);
    }

    /**
     * Redis 7.0.15 with "pubsub 1mb 512kb 2": a subscriber that never reads was closed once its
     * pending output reached 1mb beyond what the kernel took (after about 500 messages of 10 kB
     * there), after which PUBLISH counted no receiver; the publisher kept working.
     */
    private static void aSubscriberThatDoesNotReadIsClosedAtTheHardOutputLimit(Target target) {
        try (RespClient publisher = target.connect(); RespClient subscriber = target.connect()) {
            String subscriberId = subscribeUnder(publisher, subscriber, "pubsub 1mb 512kb 2");
            try {
                String message = "m".repeat(10_000);
                int published = 0;
                long largestUnsent = 0;
                while (publisher.call("PUBLISH", "news", message).equals(":1\r\n")) {
                    published++;
                    if (published % 20 == 0) {
                        largestUnsent = Math.max(largestUnsent, omem(publisher.call("CLIENT", "LIST"), subscriberId));
                    }
                    assertThat(published).as("messages published to a subscriber that does not read").isLessThan(5_000);
                }
                assertThat(largestUnsent).as("omem of the subscriber").isPositive().isLessThan(1024 * 1024);
                assertThat(publisher.call("CLIENT", "LIST")).doesNotContain(subscriberId);
                assertThat(publisher.call("PUBLISH", "news", "after")).isEqualTo(":0\r\n");
                assertThat(publisher.call("PING")).isEqualTo("+PONG\r\n");
            } finally {
                assertThat(publisher.call("CONFIG", "SET", "client-output-buffer-limit", "pubsub 32mb 8mb 60"))
                        .isEqualTo("+OK\r\n");
            }
        }
    }

    /**
     * With only a soft limit ("pubsub 0 512kb 1"), a subscriber over it is closed once it has
     * stayed over it for more than a second, at a message sent to it after that, not before.
     * Redis 7.0.15, in the same steps, closed it 1.6 s after its omem passed 512kb (it counts
     * whole seconds of its clock).
     */
    private static void aSubscriberOverTheSoftOutputLimitIsClosedAfterItsSeconds(Target target) throws InterruptedException {
        try (RespClient publisher = target.connect(); RespClient subscriber = target.connect()) {
            String subscriberId = subscribeUnder(publisher, subscriber, "pubsub 0 512kb 1");
            try {
                String message = "m".repeat(10_000);
                for (int published = 0; omem(publisher.call("CLIENT", "LIST"), subscriberId) < 512 * 1024; published++) {
                    assertThat(published).as("messages published before the soft limit").isLessThan(5_000);
                    assertThat(publisher.call("PUBLISH", "news", message)).isEqualTo(":1\r\n");
                }
                long overSince = System.nanoTime();
                while (publisher.call("PUBLISH", "news", "tick").equals(":1\r\n")) {
                    assertThat(System.nanoTime() - overSince).as("still subscribed").isLessThan(5_000_000_000L);
                    Thread.sleep(50);
                }
                assertThat(System.nanoTime() - overSince).as("closed after").isGreaterThan(900_000_000L);
                assertThat(publisher.call("CLIENT", "LIST")).doesNotContain(subscriberId);
            } finally {
                assertThat(publisher.call("CONFIG", "SET", "client-output-buffer-limit", "pubsub 32mb 8mb 60"))
                        .isEqualTo("+OK\r\n");
            }
        }
    }

    /**
     * Redis 7.0.15 with "normal 1mb 0 0" closed a client that pipelined GETs of a 10 kB value
     * without reading the replies (after about 2,500 of them there) and went on serving others.
     */
    private static void aNormalClientThatDoesNotReadItsRepliesIsClosedAtTheHardOutputLimit(Target target) {
        try (RespClient admin = target.connect(); RespClient reader = target.connect()) {
            String key = "big";
            for (int i = 0; admin.call("GET", key).startsWith("-MOVED"); i++) {
                key = "big" + i;
            }
            assertThat(admin.call("SET", key, "b".repeat(10_000))).isEqualTo("+OK\r\n");
            String readerId = "id=" + reader.call("CLIENT", "ID").substring(1).trim() + " ";
            assertThat(admin.call("CONFIG", "SET", "client-output-buffer-limit", "normal 1mb 0 0")).isEqualTo("+OK\r\n");
            try {
                byte[] gets = ("*2\r\n$3\r\nGET\r\n$" + key.length() + "\r\n" + key + "\r\n").repeat(10)
                        .getBytes(StandardCharsets.US_ASCII);
                for (int batch = 0; admin.call("CLIENT", "LIST").contains(readerId); batch++) {
                    assertThat(batch).as("batches of GETs sent without reading").isLessThan(5_000);
                    try {
                        reader.sendRaw(gets);
                    } catch (java.io.UncheckedIOException closed) {
                        break;
                    }
                }
                assertThat(admin.call("CLIENT", "LIST")).doesNotContain(readerId);
                assertThat(admin.call("PING")).isEqualTo("+PONG\r\n");
            } finally {
                assertThat(admin.call("CONFIG", "SET", "client-output-buffer-limit", "normal 0 0 0")).isEqualTo("+OK\r\n");
                admin.call("DEL", key);
            }
        }
    }
}
