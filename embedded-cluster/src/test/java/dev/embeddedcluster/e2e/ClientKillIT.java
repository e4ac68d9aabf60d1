package dev.embeddedcluster.e2e;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.testing.RespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CLIENT KILL over real sockets: exactly the connections its filters choose are closed, on the
 * node that runs it only, and the others (there and on the other nodes) keep working; a client
 * that kills itself gets its reply before its connection closes.
 */
class ClientKillIT {
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

    private static String field(RespClient client, String name) {
        return client.call("CLIENT", "INFO").replaceFirst("(?s).*? " + name + "=(\\S*) .*", "$1");
    }

    @Test
    void theChosenConnectionsCloseAndTheOthersKeepWorking() {
        ClusterNode a = cluster.nodes().get(0);
        ClusterNode b = cluster.nodes().get(1);
        try (RespClient subscriber = connect(a); RespClient blocked = connect(a); RespClient killer = connect(a);
                RespClient publisher = connect(a); RespClient elsewhere = connect(b)) {
            assertThat(subscriber.call("SUBSCRIBE", "news")).contains("subscribe");
            String key = "list";
            for (int i = 0; killer.call("LLEN", key).startsWith("-MOVED"); i++) {
                key = "list" + i;
            }
            blocked.send("BLPOP", key, "0");
            assertThat(blocked.replyWithin(100)).isFalse();
            String elsewhereNormals = elsewhere.call("CLIENT", "LIST", "TYPE", "normal");

            // Normal clients but the killer itself: the blocked one and the publisher.
            assertThat(killer.call("CLIENT", "KILL", "TYPE", "normal")).isEqualTo(":2\r\n");
            assertThat(blocked.closedByServer()).isTrue();
            assertThat(publisher.closedByServer()).isTrue();
            assertThat(elsewhere.call("PING")).isEqualTo("+PONG\r\n");
            assertThat(elsewhere.call("CLIENT", "LIST", "TYPE", "normal").lines().count())
                    .isEqualTo(elsewhereNormals.lines().count());
            try (RespClient second = connect(a)) {
                assertThat(second.call("PUBLISH", "news", "still here")).isEqualTo(":1\r\n");
                assertThat(subscriber.readReply()).contains("still here");
            }

            assertThat(killer.call("CLIENT", "KILL", "ADDR", "127.0.0.1:1")).isEqualTo(":0\r\n");
            assertThat(killer.call("CLIENT", "KILL", "TYPE", "pubsub")).isEqualTo(":1\r\n");
            assertThat(subscriber.closedByServer()).isTrue();

            String laddr = field(killer, "laddr");
            assertThat(killer.call("CLIENT", "KILL", "LADDR", laddr, "SKIPME", "no")).isEqualTo(":1\r\n");
            assertThat(killer.closedByServer()).isTrue();
            assertThat(elsewhere.call("PING")).isEqualTo("+PONG\r\n");
        }
    }
}
