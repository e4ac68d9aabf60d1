package dev.embeddedcluster.command.tracking;

import dev.embeddedcluster.command.Client;
import dev.embeddedcluster.command.CommandFlag;
import dev.embeddedcluster.command.CommandSpec;
import dev.embeddedcluster.command.KeyExtractor;
import dev.embeddedcluster.command.NodeContext;
import dev.embeddedcluster.keyspace.Key;
import dev.embeddedcluster.resp.RespWriter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Client-side caching on one node (Redis's tracking.c): the keys each tracking client read, and
 * invalidation messages when they change: a RESP3 push ["invalidate", [key]], or through a
 * redirection to another client, a RESP2 one subscribed to __redis__:invalidate getting it as a
 * message. BCAST clients get every key under their prefixes, batched after the commands of one
 * read. A client's invalidations caused by its own command come after that command's reply.
 * Node thread only.
 */
public final class Tracking {
    private static final byte[] CHANNEL = "__redis__:invalidate".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final NodeContext node;
    /** Keys read by tracking clients, with those clients' ids. */
    private final Map<Key, LinkedHashSet<Long>> readers = new HashMap<>();
    /** BCAST prefixes: their clients and the keys changed since the last broadcast. */
    private final Map<Key, Broadcast> prefixes = new LinkedHashMap<>();
    /** Invalidations for the client running the current command, sent after its reply (null: a flush). */
    private final List<byte[]> pendingForCurrent = new ArrayList<>();
    private boolean broadcastScheduled;
    private Client current;

    private static final class Broadcast {
        final LinkedHashSet<Client> clients = new LinkedHashSet<>();
        final TreeMap<byte[], Client> changed = new TreeMap<>(Arrays::compareUnsigned);
    }

    public Tracking(NodeContext node) {
        this.node = node;
    }

    public void enable(Client client, TrackingMode mode) {
        disable(client);
        client.tracking(mode);
        if (mode.broadcast) {
            List<byte[]> own = mode.prefixes.isEmpty() ? List.of(new byte[0]) : mode.prefixes;
            for (byte[] prefix : own) {
                prefixes.computeIfAbsent(new Key(prefix), p -> new Broadcast()).clients.add(client);
            }
        }
    }

    public void disable(Client client) {
        TrackingMode mode = client.tracking();
        if (mode == null) {
            return;
        }
        if (mode.broadcast) {
            prefixes.values().forEach(b -> b.clients.remove(client));
            prefixes.values().removeIf(b -> b.clients.isEmpty());
        }
        client.tracking(null);
    }

    /** The command a client starts: its own invalidations wait for the end of it. */
    public void commandStarting(Client client) {
        current = client;
    }

    /**
     * Another client's command is about to run inside the current one (at a busy script's safe
     * point): the current client's pending invalidations are set aside; run what this returns
     * to take them back.
     */
    public Runnable nest() {
        Client outer = current;
        List<byte[]> outerPending = new ArrayList<>(pendingForCurrent);
        current = null;
        pendingForCurrent.clear();
        return () -> {
            current = outer;
            pendingForCurrent.clear();
            pendingForCurrent.addAll(outerPending);
        };
    }

    /** A command ran (alone or inside EXEC): the keys it read are remembered when its client tracks them. */
    public void commandRan(Client client, CommandSpec spec, byte[][] args) {
        TrackingMode mode = client.tracking();
        if (mode != null && spec.has(CommandFlag.READONLY) && !spec.has(CommandFlag.PUBSUB) && mode.remembersReads()
                && KeyExtractor.hasKeys(spec)) {
            for (int position : KeyExtractor.keyPositions(spec, args)) {
                readers.computeIfAbsent(new Key(args[position]), k -> new LinkedHashSet<>()).add(client.id());
            }
        }
    }

    /**
     * A client's command ended: its own invalidations go out after its reply, and CLIENT CACHING
     * is forgotten (outside MULTI), unless the command was a CLIENT subcommand, as in Redis.
     */
    public void commandEnded(Client client, boolean clientCommand) {
        TrackingMode mode = client.tracking();
        if (mode != null && !clientCommand && client.transaction() == null) {
            mode.caching = false;
        }
        current = null;
        if (!pendingForCurrent.isEmpty()) {
            List<byte[]> keys = new ArrayList<>(pendingForCurrent);
            pendingForCurrent.clear();
            for (byte[] key : keys) {
                send(client, key == null ? null : List.of(key));
            }
        }
    }

    /** A key changed (a write, an expiry): its readers are told once and forgotten; BCAST prefixes note it. */
    public void keyChanged(byte[] key) {
        if (!prefixes.isEmpty()) {
            for (Map.Entry<Key, Broadcast> e : prefixes.entrySet()) {
                byte[] prefix = e.getKey().bytes();
                if (prefix.length <= key.length && Arrays.equals(prefix, 0, prefix.length, key, 0, prefix.length)) {
                    e.getValue().changed.put(key, current);
                }
            }
            scheduleBroadcast();
        }
        LinkedHashSet<Long> ids = readers.remove(new Key(key));
        if (ids == null) {
            return;
        }
        for (long id : ids) {
            Client target = node.clients().get(id);
            if (target == null || target.tracking() == null || target.tracking().broadcast) {
                continue;
            }
            if (target == current) {
                if (!target.tracking().noLoop) {
                    pendingForCurrent.add(key);
                }
                continue;
            }
            send(target, List.of(key));
        }
    }

    /** FLUSHALL and FLUSHDB: every tracking client is told to drop everything (a null key list). */
    public void flushed() {
        readers.clear();
        for (Client client : node.clients().all()) {
            if (client.tracking() != null) {
                if (client == current) {
                    pendingForCurrent.add(null);
                } else {
                    send(client, null);
                }
            }
        }
    }

    /** The keys some client tracks: INFO's tracking_total_keys. */
    public int trackedKeys() {
        return readers.size();
    }

    /** The clients tracking each key, summed over the keys: tracking_total_items. */
    public long trackedItems() {
        long items = 0;
        for (LinkedHashSet<Long> clients : readers.values()) {
            items += clients.size();
        }
        return items;
    }

    /** The BCAST prefixes: tracking_total_prefixes. */
    public int trackedPrefixes() {
        return prefixes.size();
    }

    public boolean anyTracking() {
        return !readers.isEmpty() || !prefixes.isEmpty();
    }

    private void scheduleBroadcast() {
        if (!broadcastScheduled) {
            broadcastScheduled = true;
            node.execute(this::broadcast);
        }
    }

    /** Sends each BCAST client the keys changed under its prefixes (NOLOOP: not those it changed itself). */
    private void broadcast() {
        broadcastScheduled = false;
        for (Broadcast b : prefixes.values()) {
            if (b.changed.isEmpty()) {
                continue;
            }
            for (Client client : b.clients) {
                List<byte[]> keys = new ArrayList<>();
                b.changed.forEach((key, changer) -> {
                    if (!(client.tracking().noLoop && changer == client)) {
                        keys.add(key);
                    }
                });
                if (!keys.isEmpty()) {
                    send(client, keys);
                }
            }
            b.changed.clear();
        }
    }

    /** One invalidation message (keys null: everything), to the client or its redirection target. */
    private void send(Client client, List<byte[]> keys) {
        TrackingMode mode = client.tracking();
        if (mode == null) {
            return;
        }
        Client target = client;
        boolean redirected = false;
        if (mode.redirect != 0) {
            target = node.clients().get(mode.redirect);
            if (target == null) {
                mode.brokenRedirect = true;
                if (client.protocol() == 3) {
                    client.deliver(w -> {
                        w.pushHeader(2);
                        w.bulk("tracking-redir-broken");
                        w.integer(mode.redirect);
                    });
                }
                return;
            }
            redirected = true;
        }
        if (target.protocol() == 3) {
            target.deliver(w -> {
                w.pushHeader(2);
                w.bulk("invalidate");
                keyList(w, keys);
            });
        } else if (redirected && target.subscribed()) {
            target.deliver(w -> {
                w.pushHeader(3);
                w.bulk("message");
                w.bulk(CHANNEL);
                keyList(w, keys);
            });
        }
    }

    private static void keyList(RespWriter w, List<byte[]> keys) {
        if (keys == null) {
            w.nullBulk();
            return;
        }
        w.arrayHeader(keys.size());
        keys.forEach(w::bulk);
    }
}
