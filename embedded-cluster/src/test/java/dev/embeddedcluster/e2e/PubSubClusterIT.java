package dev.embeddedcluster.e2e;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.testing.RespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Pub/Sub across the six nodes: PUBLISH reaches every node, SPUBLISH its shard, shard channels route like keys. */
class PubSubClusterIT {
    private static EmbeddedRedisCluster cluster;

    @BeforeAll
    static void start() {
        cluster = EmbeddedRedisCluster.builder().build().start();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static RespClient connect(ClusterNode node) {
        return new RespClient(node.host(), node.port());
    }

    @Test
    void publishOnAnyNodeReachesSubscribersOnEveryNode() {
        List<RespClient> subscribers = new ArrayList<>();
        try {
            for (ClusterNode node : cluster.nodes()) {
                RespClient subscriber = connect(node);
                assertThat(subscriber.call("SUBSCRIBE", "news")).endsWith(":1\r\n");
                subscribers.add(subscriber);
            }
            try (RespClient publisher = connect(cluster.replicas().get(1))) {
                assertThat(publisher.call("PUBLISH", "news", "hello")).isEqualTo(":1\r\n");
            }
            for (RespClient subscriber : subscribers) {
                assertThat(subscriber.readReply()).isEqualTo("*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nhello\r\n");
            }
        } finally {
            subscribers.forEach(RespClient::close);
        }
    }

    @Test
    void shardChannelsAreServedByTheirShardAndPublishedWithinIt() {
        String channel = "orders";
        ClusterNode owner = cluster.masterForKey(channel);
        ClusterNode replica = cluster.replicasOf(owner).get(0);
        ClusterNode other = cluster.masters().stream().filter(m -> !m.equals(owner)).findFirst().orElseThrow();
        try (RespClient onOwner = connect(owner); RespClient onReplica = connect(replica); RespClient wrong = connect(other);
             RespClient otherShard = connect(other)) {
            assertThat(wrong.call("SSUBSCRIBE", channel))
                    .isEqualTo("-MOVED " + EmbeddedRedisCluster.slotOf(channel) + " " + owner.host() + ":" + owner.port() + "\r\n");
            assertThat(onOwner.call("SSUBSCRIBE", channel)).isEqualTo("*3\r\n$10\r\nssubscribe\r\n$6\r\norders\r\n:1\r\n");
            // A replica serves shard channels of its master's slots without READONLY, as Redis does.
            assertThat(onReplica.call("SSUBSCRIBE", channel)).isEqualTo("*3\r\n$10\r\nssubscribe\r\n$6\r\norders\r\n:1\r\n");
            String otherChannel = channelOn(other);
            otherShard.call("SSUBSCRIBE", otherChannel);
            assertThat(wrong.call("SPUBLISH", channel, "x")).startsWith("-MOVED ");
            try (RespClient publisher = connect(owner)) {
                assertThat(publisher.call("SPUBLISH", channel, "paid")).isEqualTo(":1\r\n");
            }
            String message = "*3\r\n$8\r\nsmessage\r\n$6\r\norders\r\n$4\r\npaid\r\n";
            assertThat(onOwner.readReply()).isEqualTo(message);
            assertThat(onReplica.readReply()).isEqualTo(message);
            try (RespClient publisher = connect(other)) {
                assertThat(publisher.call("SPUBLISH", otherChannel, "only-there")).isEqualTo(":1\r\n");
            }
            assertThat(otherShard.readReply()).contains("only-there");
            assertThat(onOwner.call("PING")).isEqualTo("*2\r\n$4\r\npong\r\n$0\r\n\r\n");
        }
    }

    /** A channel name whose slot the given master serves. */
    private static String channelOn(ClusterNode master) {
        for (int i = 0; ; i++) {
            if (cluster.masterForKey("ch" + i).equals(master)) {
                return "ch" + i;
            }
        }
    }
}
