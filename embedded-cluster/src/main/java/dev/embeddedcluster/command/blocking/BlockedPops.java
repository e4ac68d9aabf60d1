package dev.embeddedcluster.command.blocking;

import dev.embeddedcluster.cluster.ClusterTopology;
import dev.embeddedcluster.cluster.NodeInfo;
import dev.embeddedcluster.command.Client;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.NodeContext;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.command.notifications.EventClass;
import dev.embeddedcluster.keyspace.Container;
import dev.embeddedcluster.keyspace.Entry;
import dev.embeddedcluster.keyspace.Key;
import dev.embeddedcluster.keyspace.KeySlot;
import dev.embeddedcluster.resp.RespWriter;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import java.util.function.Consumer;

/**
 * The clients of one node blocked in a pop: BLPOP, BRPOP, BLMOVE, BRPOPLPUSH and BLMPOP wait for
 * a list, BZPOPMIN, BZPOPMAX and BZMPOP for a sorted set. When a value of the awaited type comes
 * into being at a key, its waiters are served after the command that made it, first blocked
 * first served, as Redis serves them; a waiter for another type stays blocked, except XREADGROUP,
 * which ends with an error when its stream is deleted or overwritten. A client whose timeout
 * passes gets its null reply. Node thread only.
 */
public final class BlockedPops {
    /** Takes what a waiter gets from a value of its type that is ready for it, and returns its reply. */
    public interface Pop<T> {
        Consumer<RespWriter> take(byte[] key, T value);
    }

    private static final class Waiter<T> {
        final Client client;
        final List<Key> keys;
        final Class<T> type;
        final BiPredicate<byte[], T> ready;
        final Pop<T> pop;
        final Consumer<RespWriter> timeoutReply;
        /** The reply when a key it waits on is deleted or holds another type (XREADGROUP), or null: it keeps waiting. */
        final Consumer<RespWriter> keyGoneReply;
        ScheduledFuture<?> timeout;

        Waiter(Client client, List<Key> keys, Class<T> type, BiPredicate<byte[], T> ready, Pop<T> pop,
               Consumer<RespWriter> timeoutReply, Consumer<RespWriter> keyGoneReply) {
            this.client = client;
            this.keys = keys;
            this.type = type;
            this.ready = ready;
            this.pop = pop;
            this.timeoutReply = timeoutReply;
            this.keyGoneReply = keyGoneReply;
        }

        /** The value to serve this waiter from, or null when the key holds nothing ready for it. */
        T servable(byte[] key, Entry entry) {
            if (entry == null || !type.isInstance(entry.value())) {
                return null;
            }
            T value = type.cast(entry.value());
            return ready.test(key, value) ? value : null;
        }
    }

    private final NodeContext node;
    private final Map<Key, ArrayDeque<Waiter<?>>> waitersByKey = new HashMap<>();
    private final Set<Key> ready = new LinkedHashSet<>();
    /** Keys written since the last command whose waiters end if the key is now gone or of another type. */
    private final Set<Key> mayBeGone = new LinkedHashSet<>();
    /** How many waiters end when one of their keys is deleted or overwritten; while 0, writes cost nothing here. */
    private int keyGoneWaiters;

    public BlockedPops(NodeContext node) {
        this.node = node;
    }

    /**
     * Blocks the client on the keys until one of them holds a non-empty value of the type
     * ({@code pop} then takes from it) or the timeout passes (0: never), when it gets
     * {@code timeoutReply}.
     */
    public <T extends Container> void block(Request request, byte[][] keys, long timeoutMillis, Class<T> type,
                                            Pop<T> pop, Consumer<RespWriter> timeoutReply) {
        block(request, keys, timeoutMillis, type, (key, value) -> !value.isEmpty(), pop, timeoutReply, null);
    }

    /**
     * Blocks the client on the keys until one of them holds a value of the type for which
     * {@code ready} holds (XREAD waits for entries above an ID, not for any), then serves it
     * with {@code pop}; or until the timeout (0: never), when it gets {@code timeoutReply}. Inside
     * EXEC, which cannot wait, the timeout reply comes at once, as in Redis. When
     * {@code keyGoneReply} is not null, a key deleted or overwritten by another type ends the
     * wait with it (checked after the command that did it).
     */
    public <T> void block(Request request, byte[][] keys, long timeoutMillis, Class<T> type,
                          BiPredicate<byte[], T> ready, Pop<T> pop, Consumer<RespWriter> timeoutReply,
                          Consumer<RespWriter> keyGoneReply) {
        Client client = request.client();
        if (client.denyBlocking()) {
            timeoutReply.accept(request.reply());
            return;
        }
        List<Key> distinct = new ArrayList<>();
        for (byte[] key : keys) {
            Key k = new Key(key);
            if (!distinct.contains(k)) {
                distinct.add(k);
            }
        }
        Waiter<T> waiter = new Waiter<>(client, distinct, type, ready, pop, timeoutReply, keyGoneReply);
        if (keyGoneReply != null) {
            keyGoneWaiters++;
        }
        for (Key k : distinct) {
            waitersByKey.computeIfAbsent(k, x -> new ArrayDeque<>()).add(waiter);
        }
        client.block();
        if (timeoutMillis > 0) {
            waiter.timeout = node.schedule(() -> {
                if (forget(waiter)) {
                    waiter.client.replyAndUnblock(timeoutReply);
                }
            }, timeoutMillis, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * A list or sorted set was created at this key, or a stream got entries or lost a group:
     * its waiters, if any, are served (when ready) after the current command.
     */
    public void keyCreated(byte[] key) {
        Key k = new Key(key);
        if (waitersByKey.containsKey(k)) {
            ready.add(k);
        }
    }

    /** Whether some waiter ends when a key of its is deleted or overwritten: then writes must tell {@link #keyWritten}. */
    public boolean waitsForKeyLoss() {
        return keyGoneWaiters > 0;
    }

    /** A write touched this key: a waiter that ends when its key goes is looked at after the current command. */
    public void keyWritten(byte[] key) {
        Key k = new Key(key);
        if (waitersByKey.containsKey(k)) {
            mayBeGone.add(k);
        }
    }

    /** The keyspace was emptied: every waiter that ends when its key goes is looked at after the current command. */
    public void flushed() {
        if (keyGoneWaiters > 0) {
            mayBeGone.addAll(waitersByKey.keySet());
        }
    }

    /** Whether some waiter can be served; checked after every command, so it must be cheap. */
    public boolean hasReady() {
        return !ready.isEmpty() || !mayBeGone.isEmpty();
    }

    /** Serves the waiters of the values that appeared, in the order they blocked. */
    public void serveReady() {
        if (!mayBeGone.isEmpty()) {
            endWaitsOnLostKeys();
        }
        while (!ready.isEmpty()) {
            Iterator<Key> next = ready.iterator();
            Key key = next.next();
            next.remove();
            ArrayDeque<Waiter<?>> queue = waitersByKey.get(key);
            if (queue == null) {
                continue;
            }
            for (Waiter<?> waiter : new ArrayList<>(queue)) {
                Entry entry = node.keyspace().lookup(key.bytes());
                if (entry == null) {
                    break;
                }
                serve(waiter, key.bytes(), entry);
            }
        }
    }

    /** Answers the waiters whose key was deleted or now holds another type, when they end on that. */
    private void endWaitsOnLostKeys() {
        List<Key> written = new ArrayList<>(mayBeGone);
        mayBeGone.clear();
        for (Key key : written) {
            ArrayDeque<Waiter<?>> queue = waitersByKey.get(key);
            if (queue == null) {
                continue;
            }
            Entry entry = node.keyspace().lookup(key.bytes());
            for (Waiter<?> waiter : new ArrayList<>(queue)) {
                if (waiter.keyGoneReply != null && (entry == null || !waiter.type.isInstance(entry.value()))) {
                    forget(waiter);
                    node.post(() -> waiter.client.replyAndUnblock(waiter.keyGoneReply));
                }
            }
        }
    }

    private <T> void serve(Waiter<T> waiter, byte[] key, Entry entry) {
        T value = waiter.servable(key, entry);
        if (value == null) {
            return;
        }
        forget(waiter);
        node.replication().beginUnit();
        Consumer<RespWriter> reply;
        try {
            reply = waiter.pop.take(key, value);
        } finally {
            node.replication().endUnit();
        }
        if (value instanceof Container container && container.isEmpty()) {
            node.keyspace().delete(key);
            node.keyspaceEvents().notify(EventClass.GENERIC, "del", key);
        }
        // Its queued commands run in a task of their own, not inside this loop.
        node.post(() -> waiter.client.replyAndUnblock(reply));
    }

    /**
     * Unblocks, with the error Redis gives, every client whose keys this node no longer serves:
     * MOVED when their slot went to another master, CLUSTERDOWN when no node serves it or the
     * cluster is down. A READONLY client on a replica keeps waiting while its master serves the slot.
     */
    public void redirectUnserved() {
        ClusterTopology topology = node.topology();
        NodeInfo myself = node.myself();
        Map<Waiter<?>, String> redirected = new LinkedHashMap<>();
        for (ArrayDeque<Waiter<?>> queue : waitersByKey.values()) {
            for (Waiter<?> waiter : queue) {
                if (!redirected.containsKey(waiter)) {
                    String error = unservedError(topology, myself, waiter);
                    if (error != null) {
                        redirected.put(waiter, error);
                    }
                }
            }
        }
        redirected.keySet().forEach(this::forget);
        redirected.forEach((waiter, error) -> waiter.client.replyAndUnblock(w -> w.error(error)));
    }

    private static String unservedError(ClusterTopology topology, NodeInfo myself, Waiter<?> waiter) {
        if (!topology.isOk()) {
            return Errors.CLUSTERDOWN_STATE;
        }
        int slot = KeySlot.of(waiter.keys.get(0).bytes());
        NodeInfo owner = topology.ownerOf(slot);
        if (owner == null) {
            return Errors.CLUSTERDOWN_UNBOUND;
        }
        boolean servedHere = owner.id().equals(myself.id())
                || (waiter.client.readonly() && owner.id().equals(myself.masterId()))
                || topology.importing(myself.id()).containsKey(slot);
        return servedHere ? null : Errors.moved(slot, owner.host(), owner.port());
    }

    /**
     * Unblocks every blocked client with an error and closes its connection after it, as Redis
     * does when a master becomes a replica.
     */
    public void unblockAll(String error) {
        List<Waiter<?>> all = new ArrayList<>();
        waitersByKey.values().forEach(queue -> queue.forEach(w -> {
            if (!all.contains(w)) {
                all.add(w);
            }
        }));
        all.forEach(this::forget);
        for (Waiter<?> waiter : all) {
            waiter.client.closeAfterReply(true);
            waiter.client.replyAndUnblock(w -> w.error(error));
        }
    }

    /** Forgets a disconnected client's blocked pop. */
    public void clientGone(Client client) {
        waitersOf(client).forEach(this::forget);
    }

    /**
     * CLIENT UNBLOCK: ends the client's wait with its timeout reply, or with {@code error} when
     * not null; false when the client waits for no key.
     */
    public boolean unblock(Client client, String error) {
        List<Waiter<?>> waiters = waitersOf(client);
        if (waiters.isEmpty()) {
            return false;
        }
        waiters.forEach(this::forget);
        Waiter<?> waiter = waiters.get(0);
        client.replyAndUnblock(error == null ? waiter.timeoutReply : w -> w.error(error));
        return true;
    }

    private List<Waiter<?>> waitersOf(Client client) {
        List<Waiter<?>> found = new ArrayList<>();
        waitersByKey.values().forEach(q -> q.forEach(w -> {
            if (w.client == client && !found.contains(w)) {
                found.add(w);
            }
        }));
        return found;
    }

    /** Removes a waiter from every key; false when it was already gone. */
    private boolean forget(Waiter<?> waiter) {
        boolean found = false;
        for (Key k : waiter.keys) {
            ArrayDeque<Waiter<?>> queue = waitersByKey.get(k);
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
        if (found && waiter.keyGoneReply != null) {
            keyGoneWaiters--;
        }
        return found;
    }
}
