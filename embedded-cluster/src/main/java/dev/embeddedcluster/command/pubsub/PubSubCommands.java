package dev.embeddedcluster.command.pubsub;

import dev.embeddedcluster.cluster.NodeInfo;
import dev.embeddedcluster.command.CommandHandler;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.NodeContext;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.command.pubsub.Subscriptions.Kind;
import dev.embeddedcluster.resp.RespWriter;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * Pub/Sub (Redis's pubsub.c) on a cluster node: PUBLISH reaches the subscribers of every node,
 * as the cluster bus carries it; SPUBLISH those of the channel's shard (its master and replicas),
 * the channel being routed like a key. PUBSUB answers about this node alone, as in Redis.
 */
public final class PubSubCommands {
    private static final List<String> HELP = List.of(
            "PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "CHANNELS [<pattern>]",
            "    The channels with subscribers on this node, optionally those matching <pattern>.",
            "NUMPAT",
            "    How many patterns clients of this node subscribe to.",
            "NUMSUB [<channel> ...]",
            "    How many clients of this node subscribe to each channel.",
            "SHARDCHANNELS [<pattern>]",
            "    The shard channels with subscribers on this node, optionally those matching <pattern>.",
            "SHARDNUMSUB [<shardchannel> ...]",
            "    How many clients of this node subscribe to each shard channel.",
            "HELP",
            "    This text.");

    private PubSubCommands() {
    }

    public static void register(BiConsumer<String, CommandHandler> registry) {
        registry.accept("subscribe", r -> subscribe(r, Kind.CHANNEL));
        registry.accept("psubscribe", r -> subscribe(r, Kind.PATTERN));
        registry.accept("ssubscribe", r -> subscribe(r, Kind.SHARD));
        registry.accept("unsubscribe", r -> unsubscribe(r, Kind.CHANNEL));
        registry.accept("punsubscribe", r -> unsubscribe(r, Kind.PATTERN));
        registry.accept("sunsubscribe", r -> unsubscribe(r, Kind.SHARD));
        registry.accept("publish", r -> publish(r, false));
        registry.accept("spublish", r -> publish(r, true));
        registry.accept("pubsub|channels", r -> channels(r, false));
        registry.accept("pubsub|shardchannels", r -> channels(r, true));
        registry.accept("pubsub|numsub", r -> numberOfSubscribers(r, false));
        registry.accept("pubsub|shardnumsub", r -> numberOfSubscribers(r, true));
        registry.accept("pubsub|numpat", r -> r.reply().integer(r.node().subscriptions().patternCount()));
        registry.accept("pubsub|help", r -> r.reply().simpleArray(HELP));
    }

    /** The confirmations are pushes: CLIENT REPLY OFF does not drop them. */
    private static void subscribe(Request r, Kind kind) {
        int from = r.reply().pendingBytes();
        for (int i = 1; i < r.argc(); i++) {
            r.node().subscriptions().subscribe(r.client(), kind, r.arg(i), r.reply());
        }
        r.client().pushWritten(from, r.reply().pendingBytes());
    }

    private static void unsubscribe(Request r, Kind kind) {
        Subscriptions subscriptions = r.node().subscriptions();
        int from = r.reply().pendingBytes();
        if (r.argc() == 1) {
            subscriptions.unsubscribe(r.client(), kind, null, r.reply());
        } else {
            for (int i = 1; i < r.argc(); i++) {
                subscriptions.unsubscribe(r.client(), kind, r.arg(i), r.reply());
            }
        }
        r.client().pushWritten(from, r.reply().pendingBytes());
    }

    /**
     * Delivers here at once and on the other nodes (of the shard, for SPUBLISH) in a task on
     * their own threads; replies how many subscribers of this node got it, as Redis does.
     */
    private static void publish(Request r, boolean shard) {
        NodeContext node = r.node();
        byte[] channel = r.arg(1);
        byte[] message = r.arg(2);
        int receivers = node.subscriptions().deliver(channel, message, shard);
        String shardId = shard ? shardOf(node.myself()) : null;
        for (NodeContext other : node.members().all()) {
            if (other != node && (!shard || shardOf(other.myself()).equals(shardId))) {
                other.execute(() -> other.subscriptions().deliver(channel, message, shard));
            }
        }
        r.reply().integer(receivers);
    }

    /** A shard by its master's id. */
    private static String shardOf(NodeInfo node) {
        return node.isMaster() ? node.id() : node.masterId();
    }

    private static void channels(Request r, boolean shard) {
        if (r.argc() > 3) {
            r.reply().error(Errors.subcommandSyntax(r.text(1), "pubsub"));
            return;
        }
        List<byte[]> names = r.node().subscriptions().channels(shard, r.argc() > 2 ? r.arg(2) : null);
        RespWriter reply = r.reply();
        reply.arrayHeader(names.size());
        names.forEach(reply::bulk);
    }

    private static void numberOfSubscribers(Request r, boolean shard) {
        RespWriter reply = r.reply();
        // A flat array in RESP3 too, as Redis 7.0 replies it.
        reply.arrayHeader((r.argc() - 2) * 2);
        for (int i = 2; i < r.argc(); i++) {
            reply.bulk(r.arg(i));
            reply.integer(r.node().subscriptions().subscriberCount(shard, r.arg(i)));
        }
    }
}
