package dev.embeddedcluster.compare;

import dev.embeddedcluster.testing.RespClient;
import org.junit.jupiter.api.Test;

/** Pub/Sub message shapes, subscriber-mode rules and PUBSUB against a real redis-server, RESP2 and RESP3. */
class PubSubIT extends ComparisonSupport {

    @Test
    void subscribersGetMessagesAndConfirmations() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient sub = connect.get(); RespClient pub = connect.get()) {
                t.add(sub.call("SUBSCRIBE", "news", "sport"));
                t.add(sub.readReply());
                t.add(sub.call("PSUBSCRIBE", "n*"));
                t.add(pub.call("PUBLISH", "news", "hello"));
                t.add(sub.readReply());
                t.add(sub.readReply());
                t.add(pub.call("PUBLISH", "nothing-here", "x"));
                t.add(sub.readReply());
                t.add(pub.call("PUBLISH", "weather", "rain"));
                t.add(unordered(pub.call("PUBSUB", "CHANNELS")));
                t.add(pub.call("PUBSUB", "CHANNELS", "s*"));
                t.add(pub.call("PUBSUB", "NUMSUB", "news", "sport", "weather"));
                t.add(pub.call("PUBSUB", "NUMSUB"));
                t.add(pub.call("PUBSUB", "NUMPAT"));
                t.add(sub.call("UNSUBSCRIBE", "sport"));
                t.add(sub.call("PUNSUBSCRIBE"));
                t.add(sub.call("UNSUBSCRIBE", "never"));
                t.add(sub.call("UNSUBSCRIBE"));
                t.add(sub.call("UNSUBSCRIBE"));
                t.add(sub.call("PUNSUBSCRIBE"));
                t.add(sub.call("GET", "k"));
                t.add(pub.call("PUBSUB", "NUMPAT"));
            }
        });
    }

    @Test
    void resp2SubscribersMayOnlyRunPubSubCommands() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient sub = connect.get()) {
                t.add(sub.call("SUBSCRIBE", "c"));
                t.add(sub.call("GET", "k"));
                t.add(sub.call("PING"));
                t.add(sub.call("PING", "hi"));
                t.add(sub.call("CLIENT", "ID").replaceAll("\\d+", "#"));
                t.add(sub.call("SSUBSCRIBE", "sc"));
                t.add(sub.call("SUNSUBSCRIBE"));
                t.add(sub.call("RESET"));
                t.add(sub.call("GET", "k"));
                t.add(sub.call("SUBSCRIBE", "c"));
                t.add(sub.call("MULTI"));
            }
        });
    }

    @Test
    void resp3SubscribersGetPushesAndRunAnything() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient sub = connect.get(); RespClient pub = connect.get()) {
                sub.call("HELLO", "3");
                t.add(sub.call("SUBSCRIBE", "c"));
                t.add(sub.call("SET", "k", "v"));
                t.add(sub.call("PING"));
                t.add(pub.call("PUBLISH", "c", "m"));
                t.add(sub.readReply());
                t.add(sub.call("PUBLISH", "c", "to-myself"));
                t.add(sub.readReply());
                t.add(sub.call("PSUBSCRIBE", "*"));
                t.add(pub.call("PUBLISH", "c", "twice"));
                t.add(sub.readReply());
                t.add(sub.readReply());
                t.add(pub.call("PUBSUB", "NUMSUB", "c"));
                pub.call("HELLO", "3");
                t.add(pub.call("PUBSUB", "NUMSUB", "c"));
            }
        });
    }

    @Test
    void shardChannelsLiveInSlots() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient sub = connect.get(); RespClient pub = connect.get()) {
                t.add(sub.call("SSUBSCRIBE", "{s}a", "{s}b"));
                t.add(sub.readReply());
                t.add(sub.call("SSUBSCRIBE", "x", "y"));
                t.add(pub.call("SPUBLISH", "{s}a", "hello"));
                t.add(sub.readReply());
                t.add(pub.call("PUBLISH", "{s}a", "not-sharded"));
                t.add(unordered(pub.call("PUBSUB", "SHARDCHANNELS")));
                t.add(pub.call("PUBSUB", "SHARDCHANNELS", "*a"));
                t.add(pub.call("PUBSUB", "SHARDNUMSUB", "{s}a", "x"));
                t.add(pub.call("PUBSUB", "CHANNELS"));
                t.add(sub.call("SUNSUBSCRIBE", "{s}a"));
                t.add(sub.call("SUNSUBSCRIBE"));
                t.add(sub.call("SUNSUBSCRIBE"));
                t.add(pub.call("PUBSUB", "HELP").lines().count() > 3 ? "help" : "no help");
                t.add(pub.call("PUBSUB", "FOO"));
            }
        });
    }

    /** A flat array of bulk strings with its elements sorted: Redis lists channels in its hash table's order. */
    private static String unordered(String reply) {
        String[] lines = reply.split("\r\n");
        java.util.List<String> elements = new java.util.ArrayList<>();
        for (int i = 2; i < lines.length; i += 2) {
            elements.add(lines[i]);
        }
        java.util.Collections.sort(elements);
        return lines[0] + " " + elements;
    }
}
