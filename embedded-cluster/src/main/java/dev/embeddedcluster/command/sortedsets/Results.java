package dev.embeddedcluster.command.sortedsets;

import dev.embeddedcluster.command.PairsReply;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.command.notifications.EventClass;
import dev.embeddedcluster.keyspace.ScoreSkipList.Node;
import dev.embeddedcluster.keyspace.EncodingLimits;
import dev.embeddedcluster.keyspace.SortedSetValue;
import dev.embeddedcluster.resp.RespWriter;

import java.util.List;

/** What ZRANGE, ZUNION and their kin do with the elements they computed: reply them or store them. */
public final class Results {
    private Results() {
    }

    static SortedSetValue of(List<Node> nodes, EncodingLimits limits) {
        SortedSetValue set = new SortedSetValue(limits);
        for (Node node : nodes) {
            set.put(node.member(), node.score());
        }
        return set;
    }

    /** The elements as members, or members with scores ({@link PairsReply}). */
    static void reply(RespWriter reply, List<Node> nodes, boolean withScores) {
        PairsReply.write(reply, nodes, withScores, Node::member, (w, node) -> w.doubleValue(node.score()));
    }

    /**
     * Stores the result at the destination, replacing whatever it held (and its TTL); an empty
     * result deletes the destination instead. Replies the result's size and publishes
     * {@code event} (or "del" when an empty result deleted the destination), after the reply as
     * the sorted set commands do or, when {@code eventFirst}, before it as GEO*STORE does.
     */
    public static void store(Request r, byte[] destination, SortedSetValue result, String event, boolean eventFirst) {
        if (result.isEmpty()) {
            boolean deleted = r.keyspace().delete(destination);
            if (deleted) {
                r.propagate();
            }
            replyAndPublish(r, 0, deleted ? EventClass.GENERIC : null, "del", destination, eventFirst);
            return;
        }
        boolean existed = r.keyspace().lookup(destination) != null;
        r.keyspace().put(destination, result);
        if (!existed) {
            r.node().blockedPops().keyCreated(destination);
        }
        r.propagate();
        replyAndPublish(r, result.size(), EventClass.ZSET, event, destination, eventFirst);
    }

    private static void replyAndPublish(Request r, int size, EventClass eventClass, String event, byte[] key,
                                        boolean eventFirst) {
        if (!eventFirst) {
            r.reply().integer(size);
        }
        if (eventClass != null) {
            r.notify(eventClass, event, key);
        }
        if (eventFirst) {
            r.reply().integer(size);
        }
    }
}
