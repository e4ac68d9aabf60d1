package dev.embeddedcluster.e2e;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.testing.RespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client limits CONFIG SET brings into effect, over real sockets. The bytes a refused or
 * closed connection receives were checked by hand against redis-server 7.0.15 (the comparison
 * tests replay replies to commands, not what happens to a connection).
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
    @Test
    void aConnectionBeyondMaxclientsIsRefusedAndClosed() {
        ClusterNode a = cluster.nodes().get(0);
        try (RespClient first = connect(a)) {
            long rejectedBefore = stat(first, "rejected_connections");
            assertThat(first.call("CONFIG", "SET", "maxclients", "4")).isEqualTo("+OK\r\n");
            try (RespClient second = connect(a)) {
                assertThat(second.call("PING")).isEqualTo("+PONG\r\n");
                long receivedBefore = stat(first, "total_connections_received");
                try (RespClient third = connect(a)) {
                    assertThat(third.readReply()).isEqualTo("-ERR max number of clients reached\r\n");
                    assertThat(third.closedByServer()).isTrue();
                }
                assertThat(stat(first, "rejected_connections")).isEqualTo(rejectedBefore + 1);
                assertThat(stat(first, "total_connections_received")).isEqualTo(receivedBefore);
                assertThat(second.call("PING")).isEqualTo("+PONG\r\n");
            }
            awaitClients(first, 1);
            try (RespClient again = connect(a)) {
                assertThat(again.call("PING")).isEqualTo("+PONG\r\n");
            } finally {
                assertThat(first.call("CONFIG", "SET", "maxclients", "10000")).isEqualTo("+OK\r\n");
            }
        }
    }
}
