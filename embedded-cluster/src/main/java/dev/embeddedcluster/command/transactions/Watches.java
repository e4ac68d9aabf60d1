package dev.embeddedcluster.command.transactions;

import dev.embeddedcluster.command.Client;
import dev.embeddedcluster.keyspace.Key;
import dev.embeddedcluster.keyspace.Keyspace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys clients WATCH on one node. A change to a watched key (any write, an expiry, a flush)
 * makes its watchers' next EXEC fail, as in Redis; a key already expired when watched only counts
 * once it is rewritten, not when its deletion is merely noticed. Node thread only.
 */
public final class Watches {
    /** One key a client watches. */
    static final class Watched {
        final Key key;
        final Client client;
        /** The key was logically expired when watched. */
        boolean expiredWhenWatched;

        Watched(Key key, Client client, boolean expiredWhenWatched) {
            this.key = key;
            this.client = client;
            this.expiredWhenWatched = expiredWhenWatched;
        }
    }

    private final Map<Key, List<Watched>> byKey = new HashMap<>();
    private final Map<Client, List<Watched>> byClient = new HashMap<>();

    public boolean isEmpty() {
        return byKey.isEmpty();
    }

    public void watch(Client client, byte[] key, Keyspace keyspace) {
        Key k = new Key(key);
        List<Watched> own = byClient.computeIfAbsent(client, c -> new ArrayList<>());
        for (Watched w : own) {
            if (w.key.equals(k)) {
                return;
            }
        }
        Watched watched = new Watched(k, client, keyspace.isLogicallyExpired(key));
        own.add(watched);
        byKey.computeIfAbsent(k, x -> new ArrayList<>()).add(watched);
    }

    /** Whether the client watches anything. */
    public boolean watching(Client client) {
        return byClient.containsKey(client);
    }

    /** A key changed: its watchers' transactions will fail. */
    public void touch(byte[] key, Keyspace keyspace) {
        List<Watched> watchers = byKey.get(new Key(key));
        if (watchers == null) {
            return;
        }
        for (Watched w : new ArrayList<>(watchers)) {
            if (w.expiredWhenWatched && !keyspace.isStored(key)) {
                // The expired key being deleted changes nothing the client could have seen.
                w.expiredWhenWatched = false;
                continue;
            }
            w.client.watchedKeyChanged();
            unwatchAll(w.client);
        }
    }

    /** FLUSHALL and FLUSHDB: every watched key that exists now counts as changed. */
    public void touchAllExisting(Keyspace keyspace) {
        for (Key key : new ArrayList<>(byKey.keySet())) {
            if (keyspace.isStored(key.bytes())) {
                touch(key.bytes(), keyspace);
            }
        }
    }

    /** Whether a key the client watched while it was live has expired since (EXEC fails then). */
    public boolean expiredSinceWatched(Client client, Keyspace keyspace) {
        for (Watched w : byClient.getOrDefault(client, List.of())) {
            if (!w.expiredWhenWatched && keyspace.isLogicallyExpired(w.key.bytes())) {
                return true;
            }
        }
        return false;
    }

    public void unwatchAll(Client client) {
        List<Watched> own = byClient.remove(client);
        if (own == null) {
            return;
        }
        for (Watched w : own) {
            List<Watched> watchers = byKey.get(w.key);
            watchers.remove(w);
            if (watchers.isEmpty()) {
                byKey.remove(w.key);
            }
        }
    }
}
