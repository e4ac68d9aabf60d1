package dev.embeddedcluster.command.lists;

import dev.embeddedcluster.keyspace.Entry;
import dev.embeddedcluster.keyspace.Key;
import dev.embeddedcluster.keyspace.ListValue;
import dev.embeddedcluster.resp.RespWriter;
import dev.embeddedcluster.server.ClientSession;
import dev.embeddedcluster.server.Node;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The clients of one node blocked in BLPOP, BRPOP, BLMOVE, BRPOPLPUSH or BLMPOP. When a list
 * they wait for comes into being, they are served after the command that made it, first blocked
 * first served, as Redis serves them; a client whose timeout passes gets its null reply. Node
 * thread only.
 */
public final class BlockedPops {
    /** Takes what a waiter gets from a list that has elements, and returns its reply. */
    interface Pop {
        Consumer<RespWriter> take(byte[] key, ListValue list);
    }

    private static final class Waiter {
        final ClientSession client;
        final List<Key> keys;
        final Pop pop;
        ScheduledFuture<?> timeout;

        Waiter(ClientSession client, List<Key> keys, Pop pop) {
            this.client = client;
            this.keys = keys;
            this.pop = pop;
        }
    }

    private final Node node;
    private final Map<Key, ArrayDeque<Waiter>> waitersByKey = new HashMap<>();
    private final Set<Key> ready = new LinkedHashSet<>();

    public BlockedPops(Node node) {
        this.node = node;
    }

    /**
     * Blocks the client on the keys until one of them holds a list ({@code pop} then takes from
     * it) or the timeout passes (0: never), when it gets {@code timeoutReply}.
     */
    void block(ClientSession client, byte[][] keys, long timeoutMillis, Pop pop, Consumer<RespWriter> timeoutReply) {
        List<Key> distinct = new ArrayList<>();
        for (byte[] key : keys) {
            Key k = new Key(key);
            if (!distinct.contains(k)) {
                distinct.add(k);
            }
        }
        Waiter waiter = new Waiter(client, distinct, pop);
        for (Key k : distinct) {
            waitersByKey.computeIfAbsent(k, x -> new ArrayDeque<>()).add(waiter);
        }
        client.block();
        if (timeoutMillis > 0) {
            waiter.timeout = node.loop().schedule(() -> {
                if (forget(waiter)) {
                    waiter.client.replyAndUnblock(timeoutReply);
                }
            }, timeoutMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** A list was created at this key: its waiters, if any, are served after the current command. */
    public void listCreated(byte[] key) {
        Key k = new Key(key);
        if (waitersByKey.containsKey(k)) {
            ready.add(k);
        }
    }

    /** Whether some waiter can be served; checked after every command, so it must be cheap. */
    public boolean hasReady() {
        return !ready.isEmpty();
    }

    /** Serves the waiters of the lists that appeared, in the order they blocked. */
    public void serveReady() {
        while (!ready.isEmpty()) {
            Iterator<Key> next = ready.iterator();
            Key key = next.next();
            next.remove();
            ArrayDeque<Waiter> queue = waitersByKey.get(key);
            while (queue != null && !queue.isEmpty()) {
                Entry entry = node.keyspace().lookup(key.bytes());
                if (entry == null || !(entry.value() instanceof ListValue list) || list.isEmpty()) {
                    break;
                }
                Waiter waiter = queue.peek();
                forget(waiter);
                Consumer<RespWriter> reply = waiter.pop.take(key.bytes(), list);
                if (list.isEmpty()) {
                    node.keyspace().delete(key.bytes());
                }
                // Its queued commands run in a task of their own, not inside this loop.
                node.loop().execute(() -> waiter.client.replyAndUnblock(reply));
                queue = waitersByKey.get(key);
            }
        }
    }

    /** Forgets a disconnected client's blocked pop. */
    public void clientGone(ClientSession client) {
        List<Waiter> gone = new ArrayList<>();
        waitersByKey.values().forEach(q -> q.forEach(w -> {
            if (w.client == client) {
                gone.add(w);
            }
        }));
        gone.forEach(this::forget);
    }

    /** Removes a waiter from every key; false when it was already gone. */
    private boolean forget(Waiter waiter) {
        boolean found = false;
        for (Key k : waiter.keys) {
            ArrayDeque<Waiter> queue = waitersByKey.get(k);
            if (queue != null && queue.remove(waiter)) {
                found = true;
                if (queue.isEmpty()) {
                    waitersByKey.remove(k);
                }
            }
        }
        if (waiter.timeout != null) {
            waiter.timeout.cancel(false);
        }
        return found;
    }
}
