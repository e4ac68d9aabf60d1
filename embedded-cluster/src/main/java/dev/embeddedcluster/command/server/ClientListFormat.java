package dev.embeddedcluster.command.server;

import dev.embeddedcluster.command.Client;
import dev.embeddedcluster.command.NodeContext;
import dev.embeddedcluster.command.pubsub.Subscriptions;

/**
 * One line of CLIENT LIST and CLIENT INFO in Redis 7.0's field order. Buffer and memory fields
 * are 0: the emulator keeps no per-client query or output buffers to measure.
 */
public final class ClientListFormat {
    private ClientListFormat() {
    }

    public static String line(NodeContext node, Client client, int protocol) {
        long now = node.clock().currentTimeMillis();
        Subscriptions subscriptions = node.subscriptions();
        return "id=" + client.id()
                + " addr=" + client.remoteAddress()
                + " laddr=" + client.localAddress()
                + " fd=" + client.fd()
                + " name=" + (client.name() == null ? "" : client.name())
                + " age=" + Math.max(0, (now - client.createdMillis()) / 1000)
                + " idle=" + Math.max(0, (now - client.lastInteractionMillis()) / 1000)
                + " flags=" + flags(client)
                + " db=0 sub=" + subscriptions.subscriptionCount(client, Subscriptions.Kind.CHANNEL)
                + " psub=" + subscriptions.subscriptionCount(client, Subscriptions.Kind.PATTERN)
                + " ssub=" + subscriptions.subscriptionCount(client, Subscriptions.Kind.SHARD)
                + " multi=" + (client.transaction() == null ? -1 : client.transaction().queued().size())
                + " qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=0 rbp=0"
                + " obl=0 oll=0 omem=0 tot-mem=0 events=r"
                + " cmd=" + client.lastCommand()
                + " user=" + (client.user() == null ? "default" : client.user().name()) + " redir=" + (client.tracking() == null ? -1 : client.tracking().redirect()) + " resp=" + protocol;
    }

    private static String flags(Client client) {
        StringBuilder flags = new StringBuilder();
        if (client.monitoring()) {
            flags.append('O');
        }
        if (client.subscribed()) {
            flags.append('P');
        }
        if (client.transaction() != null) {
            flags.append('x');
        }
        if (client.blocked()) {
            flags.append('b');
        }
        if (client.tracking() != null) {
            flags.append('t');
            if (client.tracking().brokenRedirect()) {
                flags.append('R');
            }
            if (client.tracking().broadcast()) {
                flags.append('B');
            }
        }
        if (client.watchedKeyHasChanged()) {
            flags.append('d');
        }
        if (client.closeAfterReply()) {
            flags.append('c');
        }
        if (client.readonly()) {
            flags.append('r');
        }
        if (client.noEvict()) {
            flags.append('e');
        }
        if (client.noTouch()) {
            flags.append('T');
        }
        return flags.length() == 0 ? "N" : flags.toString();
    }
}
