package dev.embeddedcluster.command.transactions;

import dev.embeddedcluster.command.Client;
import dev.embeddedcluster.command.CommandHandler;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.NodeContext;
import dev.embeddedcluster.command.Request;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * MULTI, EXEC, DISCARD, WATCH and UNWATCH (Redis's multi.c). Queueing itself happens in the
 * dispatcher, which also checks a transaction's keys against the cluster before EXEC runs it.
 */
public final class TransactionCommands {
    private TransactionCommands() {
    }

    public static void register(BiConsumer<String, CommandHandler> registry) {
        registry.accept("multi", TransactionCommands::multi);
        registry.accept("exec", TransactionCommands::exec);
        registry.accept("discard", TransactionCommands::discard);
        registry.accept("watch", TransactionCommands::watch);
        registry.accept("unwatch", r -> {
            unwatch(r.node(), r.client());
            r.reply().ok();
        });
    }

    private static void multi(Request r) {
        if (r.client().transaction() != null) {
            r.reply().error(Errors.MULTI_NESTED);
            return;
        }
        r.client().transaction(new Transaction());
        r.reply().ok();
    }

    private static void discard(Request r) {
        if (r.client().transaction() == null) {
            r.reply().error(Errors.DISCARD_WITHOUT_MULTI);
            return;
        }
        discardTransaction(r.node(), r.client());
        r.reply().ok();
    }

    /** Ends a client's MULTI and its WATCH, as EXEC, DISCARD, RESET and a disconnection do. */
    public static void discardTransaction(NodeContext node, Client client) {
        client.transaction(null);
        unwatch(node, client);
    }

    private static void unwatch(NodeContext node, Client client) {
        node.watches().unwatchAll(client);
        client.watching(false);
    }

    private static void watch(Request r) {
        if (r.client().transaction() != null) {
            r.reply().error(Errors.WATCH_INSIDE_MULTI);
            return;
        }
        for (int i = 1; i < r.argc(); i++) {
            r.node().watches().watch(r.client(), r.arg(i), r.keyspace());
        }
        r.client().watching(true);
        r.reply().ok();
    }

    /**
     * Runs the queued commands, nothing interleaved, their replies in one array; or refuses:
     * EXECABORT when one was refused while queueing, a null reply when a watched key changed.
     */
    private static void exec(Request r) {
        Client client = r.client();
        Transaction transaction = client.transaction();
        if (transaction == null) {
            r.reply().error(Errors.EXEC_WITHOUT_MULTI);
            return;
        }
        NodeContext node = r.node();
        boolean changed = client.watchedKeyHasChanged() || node.watches().expiredSinceWatched(client, r.keyspace());
        discardTransaction(node, client);
        if (transaction.aborted()) {
            r.reply().error(Errors.EXECABORT);
            return;
        }
        if (changed) {
            r.reply().nullArray();
            return;
        }
        List<Transaction.Queued> queued = transaction.queued();
        r.reply().arrayHeader(queued.size());
        client.denyBlocking(true);
        // The transaction shows while it runs (CLIENT LIST's x flag and multi count), as in Redis.
        client.transaction(transaction);
        try {
            for (Transaction.Queued command : queued) {
                node.dispatcher().executeQueued(r, command.spec(), command.args());
            }
        } finally {
            client.transaction(null);
            client.denyBlocking(false);
        }
    }
}
