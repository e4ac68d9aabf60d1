package dev.embeddedcluster.command.server;

import dev.embeddedcluster.command.Client;
import dev.embeddedcluster.command.NodeContext;
import dev.embeddedcluster.command.pubsub.Subscriptions;
import dev.embeddedcluster.command.transactions.Transaction;

/**
 * One line of CLIENT LIST and CLIENT INFO, with Redis 7.0's fields in Redis 7.0's order. The
 * emulator keeps no per-client buffers, so the memory fields are the figures Redis shows for the
 * same state: the asking client's command is in its query buffer and its reply buffer is at its
 * full 16 KB, the others' query buffers are empty and their reply buffers shrunk to 1 KB.
 */
public final class ClientListFormat {
    /** Redis's query buffer for a command: a 20,474-byte allocation, the command's bytes in it. */
    private static final int QUERY_BUFFER_BYTES = 20_474;
    private static final int ACTIVE_REPLY_BUFFER_BYTES = 16_384;
    private static final int IDLE_REPLY_BUFFER_BYTES = 1_024;
    /** What a client costs Redis besides its buffers and arguments. */
    private static final int CLIENT_OVERHEAD_BYTES = 790;
    /** Redis counts a pointer beside each queued argument in multi-mem. */
    private static final int ARGUMENT_POINTER_BYTES = 8;

    /** EXEC, the command line in a client's query buffer while its transaction runs. */
    private static final byte[][] EXEC = {{'E', 'X', 'E', 'C'}};

    private ClientListFormat() {
    }

    /**
     * What a client that runs no command takes besides its unsent output and query buffer: its
     * shrunk reply buffer and the fixed overhead, as tot-mem counts them.
     */
    public static long idleClientBytes() {
        return IDLE_REPLY_BUFFER_BYTES + CLIENT_OVERHEAD_BYTES;
    }

    /** What is known only of the client asking: the command it runs and its reply so far. */
    public record Asker(byte[][] args, int outputBytes) {
    }

    /** The client's line; {@code asker} describes it when it is the client asking, null for the others. */
    public static String line(NodeContext node, Client client, int protocol, Asker asker) {
        long now = node.clock().currentTimeMillis();
        Subscriptions subscriptions = node.subscriptions();
        Transaction transaction = client.transaction();
        // Inside EXEC the query buffer holds EXEC, not the queued command running.
        byte[][] runningArgs = asker == null ? null : transaction != null ? EXEC : asker.args();
        int queryBytes = runningArgs == null ? 0 : requestBytes(runningArgs);
        int queryFree = runningArgs == null ? 0 : Math.max(0, QUERY_BUFFER_BYTES - queryBytes);
        int argvBytes = runningArgs == null ? 0 : argumentBytes(runningArgs, 0);
        int multiBytes = 0;
        if (transaction != null) {
            for (Transaction.Queued queued : transaction.queued()) {
                multiBytes += argumentBytes(queued.args(), ARGUMENT_POINTER_BYTES);
            }
        }
        int replyBuffer = runningArgs == null ? IDLE_REPLY_BUFFER_BYTES : ACTIVE_REPLY_BUFFER_BYTES;
        int replyPeak = runningArgs == null ? 0 : ACTIVE_REPLY_BUFFER_BYTES;
        long unsent = client.unsentOutputBytes();
        long total = (long) queryBytes + queryFree + argvBytes + multiBytes + replyBuffer + unsent + CLIENT_OVERHEAD_BYTES;
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
                + " multi=" + (transaction == null ? -1 : transaction.queued().size())
                + " qbuf=" + queryBytes + " qbuf-free=" + queryFree
                + " argv-mem=" + argvBytes + " multi-mem=" + multiBytes
                + " rbs=" + replyBuffer + " rbp=" + replyPeak
                + " obl=" + (asker == null ? 0 : asker.outputBytes()) + " oll=0 omem=" + unsent + " tot-mem=" + total + " events=r"
                + " cmd=" + client.lastCommand()
                + " user=" + (client.user() == null ? "default" : client.user().name()) + " redir=" + (client.tracking() == null ? -1 : client.tracking().redirect()) + " resp=" + protocol;
    }

    /** The command's size in the RESP form clients send: {@code *<n>} then {@code $<len>} and each argument. */
    private static int requestBytes(byte[][] args) {
        int bytes = 3 + digits(args.length);
        for (byte[] arg : args) {
            bytes += 3 + digits(arg.length) + arg.length + 2;
        }
        return bytes;
    }

    private static int argumentBytes(byte[][] args, int perArgument) {
        int bytes = 0;
        for (byte[] arg : args) {
            bytes += arg.length + perArgument;
        }
        return bytes;
    }

    private static int digits(int n) {
        return Integer.toString(n).length();
    }

    /** Redis's flag letters, in its order; N when none applies. */
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
