package dev.embeddedcluster.replication;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.ManualClock;
import dev.embeddedcluster.testing.RespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keyspace notifications across a cluster, as Redis has them: each node publishes to its own
 * subscribers only; a replica publishes the events of the commands it applies from its master
 * (the rewritten ones: SET for INCRBYFLOAT, DEL for an expiry), and never "expired" itself.
 */
class ReplicaKeyspaceEventsIT {
    private static final ManualClock CLOCK = new ManualClock();
    private static EmbeddedRedisCluster cluster;
    private ClusterNode master;
    private RespClient writer;
    private RespClient onMaster;
    private RespClient onReplica;
    private RespClient onOtherMaster;
    private int markers;

    @BeforeAll
    static void start() {
        cluster = EmbeddedRedisCluster.builder().clock(CLOCK).build().start();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @BeforeEach
    void subscribeEverywhere() {
        master = cluster.masterForKey("k");
        ClusterNode replica = cluster.replicasOf(master).get(0);
        ClusterNode otherMaster = cluster.masters().stream().filter(n -> n != master).findFirst().orElseThrow();
        writer = client(master);
        onMaster = subscriber(master);
        onReplica = subscriber(replica);
        onOtherMaster = subscriber(otherMaster);
    }

    private static RespClient client(ClusterNode node) {
        return new RespClient(node.host(), node.port());
    }

    /** A connection that turns notifications on at its node and listens to all of them, and to the marker. */
    private static RespClient subscriber(ClusterNode node) {
        try (RespClient config = client(node)) {
            assertThat(config.call("CONFIG", "SET", "notify-keyspace-events", "KEAmn")).isEqualTo("+OK\r\n");
        }
        RespClient subscriber = client(node);
        subscriber.call("PSUBSCRIBE", "__key*@0__:*");
        subscriber.call("SUBSCRIBE", "marker");
        return subscriber;
    }

    @AfterEach
    void closeAndReset() {
        for (RespClient c : List.of(writer, onMaster, onReplica, onOtherMaster)) {
            c.close();
        }
        for (ClusterNode node : cluster.nodes()) {
            try (RespClient config = client(node)) {
                config.call("CONFIG", "SET", "notify-keyspace-events", "");
            }
        }
        cluster.flushAll();
    }

    /**
     * The events each subscriber got ("channel message"), up to a marker published now: PUBLISH
     * reaches every node of the cluster, after whatever the replica applied before it.
     */
    private List<List<String>> eventsSoFar() {
        String marker = Integer.toString(++markers);
        writer.call("WAIT", "1", "5000");
        writer.call("PUBLISH", "marker", marker);
        List<List<String>> all = new ArrayList<>();
        for (RespClient subscriber : List.of(onMaster, onReplica, onOtherMaster)) {
            List<String> events = new ArrayList<>();
            while (true) {
                String[] lines = subscriber.readReply().split("\r\n");
                if (lines[2].equals("message") && lines[6].equals(marker)) {
                    break;
                }
                events.add(lines[6] + " " + lines[8]);
            }
            all.add(events);
        }
        return all;
    }

    /** What a subscriber to both channels gets for each key and event named, in turn. */
    private static List<String> published(String... keysAndEvents) {
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < keysAndEvents.length; i += 2) {
            messages.add("__keyspace@0__:" + keysAndEvents[i] + " " + keysAndEvents[i + 1]);
            messages.add("__keyevent@0__:" + keysAndEvents[i + 1] + " " + keysAndEvents[i]);
        }
        return messages;
    }

    @Test
    void aReplicaPublishesWhatItApplies() {
        writer.call("SET", "k", "v", "EX", "100");
        writer.call("RPUSH", "{k}list", "a");
        writer.call("LPOP", "{k}list");
        writer.call("INCRBYFLOAT", "{k}f", "1.5");
        List<List<String>> events = eventsSoFar();
        assertThat(events.get(0)).containsExactlyElementsOf(published("k", "new", "k", "set", "k", "expire",
                "{k}list", "new", "{k}list", "rpush", "{k}list", "lpop", "{k}list", "del", "{k}f", "new",
                "{k}f", "incrbyfloat"));
        // SET k v PXAT ... and SET {k}f 1.5 KEEPTTL are what the replica runs.
        assertThat(events.get(1)).containsExactlyElementsOf(published("k", "new", "k", "set", "k", "expire",
                "{k}list", "new", "{k}list", "rpush", "{k}list", "lpop", "{k}list", "del", "{k}f", "new",
                "{k}f", "set"));
        assertThat(events.get(2)).isEmpty();
    }

    @Test
    void onlyTheMasterAnnouncesAnExpiryAndItsReplicaTheDeletion() {
        writer.call("SET", "k", "v", "PX", "1000");
        eventsSoFar();
        CLOCK.advance(Duration.ofSeconds(2));
        try (RespClient replicaReader = client(cluster.replicasOf(master).get(0))) {
            replicaReader.call("READONLY");
            // The replica hides the key but leaves it to its master: a key miss, no expiry.
            assertThat(replicaReader.call("GET", "k")).isEqualTo("$-1\r\n");
        }
        assertThat(writer.call("GET", "k")).isEqualTo("$-1\r\n");
        List<List<String>> events = eventsSoFar();
        assertThat(events.get(0)).containsExactlyElementsOf(published("k", "expired", "k", "keymiss"));
        // The master's DEL may come before or after the replica's own read: both happen, in either order.
        assertThat(events.get(1)).containsExactlyInAnyOrderElementsOf(published("k", "keymiss", "k", "del"));
        assertThat(events.get(2)).isEmpty();
    }
}
