package dev.embeddedcluster.e2e;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.testing.RespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Many clients at once on a node whose scripts keep going past the threshold and being killed:
 * plain commands, pipelined short scripts, the commands allowed while busy, subscribers,
 * connections that come and go, callers that leave while their script runs, and another master
 * whose scripts wait for the shared Lua engine. Every command gets its reply (or BUSY), no write
 * is lost or doubled (the counter equals the increments acknowledged, on the replica too), and
 * the node serves normally at the end.
 */
class BusyScriptConcurrencyIT {
    private static final long RUN_MILLIS = 3000;
    private static final String COUNTER = "{c}counter";

    private static EmbeddedRedisCluster cluster;

    @BeforeAll
    static void start() {
        cluster = EmbeddedRedisCluster.builder().masters(2).replicasPerMaster(1).build().start();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void everyClientIsAnsweredAndNoWriteIsLost() throws Exception {
        ClusterNode busy = cluster.masterForKey(COUNTER);
        ClusterNode other = cluster.masters().stream().filter(m -> !m.equals(busy)).findFirst().orElseThrow();
        String otherCounter = keyOn(other);
        AtomicLong increments = new AtomicLong();
        AtomicLong otherIncrements = new AtomicLong();
        AtomicLong messages = new AtomicLong();
        try (RespClient admin = connect(busy); RespClient subscriber = connect(busy)) {
            admin.call("CONFIG", "SET", "busy-reply-threshold", "20");
            subscriber.call("SUBSCRIBE", "ticks");
            long end = System.currentTimeMillis() + RUN_MILLIS;
            List<Callable<Void>> clients = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                clients.add(() -> {
                    try (RespClient client = connect(busy)) {
                        while (System.currentTimeMillis() < end) {
                            countIncrement(client.call("INCR", COUNTER), increments);
                            assertThat(client.call("PING")).matches("(?s)\\+PONG\r\n|-BUSY .*");
                        }
                    }
                    return null;
                });
            }
            clients.add(() -> {
                try (RespClient client = connect(busy)) {
                    while (System.currentTimeMillis() < end) {
                        for (int i = 0; i < 10; i++) {
                            client.send("EVAL", "return redis.call('INCR', KEYS[1])", "1", COUNTER);
                        }
                        for (int i = 0; i < 10; i++) {
                            countIncrement(client.readReply(), increments);
                        }
                    }
                }
                return null;
            });
            clients.add(() -> {
                try (RespClient client = connect(busy)) {
                    while (System.currentTimeMillis() < end) {
                        assertThat(client.call("EVAL", "redis.call('PUBLISH', 'ticks', 't') "
                                + "local i = 0 while i < 3000000 do i = i + 1 end return i", "0"))
                                .matches("(?s):3000000\r\n|-ERR Script killed by user with SCRIPT KILL.*|-BUSY .*");
                    }
                }
                return null;
            });
            clients.add(() -> {
                try (RespClient killer = connect(busy)) {
                    while (System.currentTimeMillis() < end) {
                        assertThat(killer.call("SCRIPT", "KILL")).matches("(?s)\\+OK\r\n|-NOTBUSY .*|-UNKILLABLE .*");
                        Thread.sleep(10);
                    }
                }
                return null;
            });
            clients.add(() -> {
                try (RespClient client = connect(busy)) {
                    while (System.currentTimeMillis() < end) {
                        assertThat(client.call("MULTI")).isEqualTo("+OK\r\n");
                        assertThat(client.call("GET", COUNTER)).matches("(?s)\\+QUEUED\r\n|-BUSY .*");
                        assertThat(client.call("DISCARD")).isEqualTo("+OK\r\n");
                        assertThat(client.call("WATCH", COUNTER)).isEqualTo("+OK\r\n");
                        assertThat(client.call("UNWATCH")).isEqualTo("+OK\r\n");
                        assertThat(client.call("HELLO", "3")).startsWith("%7\r\n");
                        assertThat(client.call("RESET")).isEqualTo("+RESET\r\n");
                        assertThat(client.call("FUNCTION", "STATS")).matches("(?s)\\*4\r\n.*|-BUSY .*");
                    }
                }
                return null;
            });
            clients.add(() -> {
                while (System.currentTimeMillis() < end) {
                    try (RespClient client = connect(busy)) {
                        assertThat(client.call("WATCH", COUNTER)).isEqualTo("+OK\r\n");
                        assertThat(client.call("MULTI")).isEqualTo("+OK\r\n");
                        client.call("GET", COUNTER);
                        client.send("EXEC");
                    }
                    Thread.sleep(20);
                }
                return null;
            });
            clients.add(() -> {
                while (System.currentTimeMillis() < end) {
                    try (RespClient leaving = connect(busy)) {
                        leaving.send("EVAL", "local i = 0 while i < 1000000 do i = i + 1 end return i", "0");
                        Thread.sleep(15);
                    }
                    Thread.sleep(100);
                }
                return null;
            });
            clients.add(() -> {
                try (RespClient client = connect(other)) {
                    while (System.currentTimeMillis() < end) {
                        countIncrement(client.call("EVAL", "return redis.call('INCR', KEYS[1])", "1", otherCounter),
                                otherIncrements);
                    }
                }
                return null;
            });
            clients.add(() -> {
                while (System.currentTimeMillis() < end + 200) {
                    if (subscriber.replyWithin(50)) {
                        assertThat(subscriber.readReply()).contains("message");
                        messages.incrementAndGet();
                    }
                }
                return null;
            });
            ExecutorService threads = Executors.newFixedThreadPool(clients.size());
            try {
                List<Future<Void>> running = new ArrayList<>();
                clients.forEach(client -> running.add(threads.submit(client)));
                for (Future<Void> client : running) {
                    client.get(RUN_MILLIS + 30_000, TimeUnit.MILLISECONDS);
                }
            } finally {
                threads.shutdownNow();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> admin.call("PING").equals("+PONG\r\n"));
            assertThat(admin.call("GET", COUNTER)).isEqualTo(bulk(increments.get()));
            assertThat(messages.get()).isPositive();
            try (RespClient replica = connect(cluster.replicasOf(busy).get(0));
                 RespClient onOther = connect(other)) {
                replica.call("READONLY");
                await().atMost(Duration.ofSeconds(5)).until(() -> replica.call("GET", COUNTER).equals(bulk(increments.get())));
                assertThat(onOther.call("GET", otherCounter)).isEqualTo(bulk(otherIncrements.get()));
            }
            admin.call("CONFIG", "SET", "busy-reply-threshold", "5000");
        }
    }

    /** Counts an acknowledged increment; anything but an integer or BUSY fails the test. */
    private static void countIncrement(String reply, AtomicLong increments) {
        assertThat(reply).matches("(?s):\\d+\r\n|-BUSY .*");
        if (reply.startsWith(":")) {
            increments.incrementAndGet();
        }
    }

    private static String bulk(long value) {
        String text = Long.toString(value);
        return "$" + text.length() + "\r\n" + text + "\r\n";
    }

    private static String keyOn(ClusterNode master) {
        for (int i = 0; ; i++) {
            if (cluster.masterForKey("other" + i).equals(master)) {
                return "other" + i;
            }
        }
    }

    private static RespClient connect(ClusterNode node) {
        return new RespClient(node.host(), node.port());
    }
}
