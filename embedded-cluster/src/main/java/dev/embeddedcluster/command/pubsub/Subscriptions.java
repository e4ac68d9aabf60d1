package dev.embeddedcluster.command.pubsub;

import dev.embeddedcluster.command.Client;
import dev.embeddedcluster.command.Glob;
import dev.embeddedcluster.keyspace.Key;
import dev.embeddedcluster.keyspace.KeySlot;
import dev.embeddedcluster.resp.RespWriter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One node's subscribers: channels, patterns and shard channels, each in subscription order, and
 * each client's own subscriptions. Delivering writes the message into each subscriber's
 * connection, as a push in RESP3 and an array in RESP2. Node thread only.
 */
public final class Subscriptions {
    /** The three kinds of subscription, with the words Redis uses for them. */
    public enum Kind {
        CHANNEL("subscribe", "unsubscribe", "message"),
        PATTERN("psubscribe", "punsubscribe", "pmessage"),
        SHARD("ssubscribe", "sunsubscribe", "smessage");

        final String subscribeWord;
        final String unsubscribeWord;
        final String messageWord;

        Kind(String subscribeWord, String unsubscribeWord, String messageWord) {
            this.subscribeWord = subscribeWord;
            this.unsubscribeWord = unsubscribeWord;
            this.messageWord = messageWord;
        }
    }

    private final Map<Kind, Map<Key, LinkedHashSet<Client>>> subscribers = new HashMap<>();
    private final Map<Client, Map<Kind, LinkedHashSet<Key>>> byClient = new HashMap<>();

    public Subscriptions() {
        for (Kind kind : Kind.values()) {
            subscribers.put(kind, new LinkedHashMap<>());
        }
    }

    /** Subscribes; replies the confirmation with the client's new count (of that family). */
    public void subscribe(Client client, Kind kind, byte[] name, RespWriter reply) {
        Key key = new Key(name);
        Set<Key> own = own(client, kind, true);
        client.subscribed(true);
        if (own.add(key)) {
            subscribers.get(kind).computeIfAbsent(key, k -> new LinkedHashSet<>()).add(client);
        }
        confirm(reply, kind.subscribeWord, name, count(client, kind));
    }

    /** Unsubscribes from one (null: from all, or a lone confirmation with no name when there are none). */
    public void unsubscribe(Client client, Kind kind, byte[] name, RespWriter reply) {
        if (name == null) {
            List<Key> all = new ArrayList<>(own(client, kind, false));
            if (all.isEmpty()) {
                confirm(reply, kind.unsubscribeWord, null, count(client, kind));
            }
            for (Key key : all) {
                unsubscribe(client, kind, key.bytes(), reply);
            }
            return;
        }
        Key key = new Key(name);
        Set<Key> own = own(client, kind, false);
        if (own.remove(key)) {
            LinkedHashSet<Client> clients = subscribers.get(kind).get(key);
            clients.remove(client);
            if (clients.isEmpty()) {
                subscribers.get(kind).remove(key);
            }
        }
        confirm(reply, kind.unsubscribeWord, name, count(client, kind));
        forgetIfDone(client);
    }

    /**
     * The shard channels of slots this node's shard no longer serves lose their subscribers, each
     * told with a {@code sunsubscribe} message, as Redis does when a slot leaves a shard.
     */
    public void removeShardChannels(java.util.BitSet slots) {
        List<Key> channels = new ArrayList<>();
        for (Key channel : subscribers.get(Kind.SHARD).keySet()) {
            if (slots.get(KeySlot.of(channel.bytes()))) {
                channels.add(channel);
            }
        }
        for (Key channel : channels) {
            for (Client client : new ArrayList<>(subscribers.get(Kind.SHARD).get(channel))) {
                own(client, Kind.SHARD, false).remove(channel);
                int remaining = count(client, Kind.SHARD);
                forgetIfDone(client);
                client.deliver(w -> confirm(w, Kind.SHARD.unsubscribeWord, channel.bytes(), remaining));
            }
            subscribers.get(Kind.SHARD).remove(channel);
        }
    }

    /** A client left or was reset: it drops every subscription, with no replies. */
    public void clientGone(Client client) {
        Map<Kind, LinkedHashSet<Key>> own = byClient.remove(client);
        client.subscribed(false);
        if (own == null) {
            return;
        }
        own.forEach((kind, keys) -> keys.forEach(key -> {
            LinkedHashSet<Client> clients = subscribers.get(kind).get(key);
            clients.remove(client);
            if (clients.isEmpty()) {
                subscribers.get(kind).remove(key);
            }
        }));
    }

    /**
     * The count a confirmation carries, as Redis counts: channels and patterns together, shard
     * channels apart.
     */
    private int count(Client client, Kind kind) {
        if (kind == Kind.SHARD) {
            return subscriptionCount(client, Kind.SHARD);
        }
        return subscriptionCount(client, Kind.CHANNEL) + subscriptionCount(client, Kind.PATTERN);
    }

    /** The channels (patterns, shard channels) the client subscribes to. */
    public List<byte[]> subscribedBy(Client client, Kind kind) {
        List<byte[]> names = new ArrayList<>();
        for (Key key : own(client, kind, false)) {
            names.add(key.bytes());
        }
        return names;
    }

    /** How many channels (patterns, shard channels) the client subscribes to (CLIENT LIST's sub, psub, ssub). */
    public int subscriptionCount(Client client, Kind kind) {
        return own(client, kind, false).size();
    }

    /**
     * Delivers a message to this node's subscribers of the channel and of the patterns matching
     * it (or, for a shard channel, its shard subscribers); returns how many got it.
     */
    public int deliver(byte[] channel, byte[] message, boolean shard) {
        int receivers = 0;
        Set<Client> direct = subscribers.get(shard ? Kind.SHARD : Kind.CHANNEL).get(new Key(channel));
        Kind kind = shard ? Kind.SHARD : Kind.CHANNEL;
        if (direct != null) {
            for (Client client : new ArrayList<>(direct)) {
                client.deliver(w -> message(w, kind.messageWord, null, channel, message));
                receivers++;
            }
        }
        if (shard) {
            return receivers;
        }
        for (Map.Entry<Key, LinkedHashSet<Client>> e : new ArrayList<>(subscribers.get(Kind.PATTERN).entrySet())) {
            byte[] pattern = e.getKey().bytes();
            if (!Glob.matches(pattern, channel, false)) {
                continue;
            }
            for (Client client : new ArrayList<>(e.getValue())) {
                client.deliver(w -> message(w, Kind.PATTERN.messageWord, pattern, channel, message));
                receivers++;
            }
        }
        return receivers;
    }

    /** The channels (or shard channels) with subscribers here, optionally matching a pattern. */
    public List<byte[]> channels(boolean shard, byte[] pattern) {
        List<byte[]> names = new ArrayList<>();
        for (Key key : subscribers.get(shard ? Kind.SHARD : Kind.CHANNEL).keySet()) {
            if (pattern == null || Glob.matches(pattern, key.bytes(), false)) {
                names.add(key.bytes());
            }
        }
        return names;
    }

    /** How many clients here subscribe to a channel (or shard channel). */
    public int subscriberCount(boolean shard, byte[] channel) {
        Set<Client> clients = subscribers.get(shard ? Kind.SHARD : Kind.CHANNEL).get(new Key(channel));
        return clients == null ? 0 : clients.size();
    }

    /** How many distinct patterns clients here subscribe to. */
    public int patternCount() {
        return subscribers.get(Kind.PATTERN).size();
    }

    private Set<Key> own(Client client, Kind kind, boolean create) {
        Map<Kind, LinkedHashSet<Key>> kinds = create ? byClient.computeIfAbsent(client, c -> new HashMap<>())
                : byClient.getOrDefault(client, Map.of());
        return create ? kinds.computeIfAbsent(kind, k -> new LinkedHashSet<>()) : kinds.getOrDefault(kind, new LinkedHashSet<>());
    }

    private void forgetIfDone(Client client) {
        Map<Kind, LinkedHashSet<Key>> kinds = byClient.get(client);
        if (kinds != null && kinds.values().stream().allMatch(Set::isEmpty)) {
            byClient.remove(client);
            client.subscribed(false);
        }
    }

    private static void confirm(RespWriter w, String word, byte[] name, int count) {
        w.pushHeader(3);
        w.bulk(word);
        w.bulk(name);
        w.integer(count);
    }

    private static void message(RespWriter w, String word, byte[] pattern, byte[] channel, byte[] message) {
        w.pushHeader(pattern == null ? 3 : 4);
        w.bulk(word);
        if (pattern != null) {
            w.bulk(pattern);
        }
        w.bulk(channel);
        w.bulk(message);
    }
}
