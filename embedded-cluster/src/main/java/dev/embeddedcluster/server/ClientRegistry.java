package dev.embeddedcluster.server;

import io.netty.channel.Channel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The node's connected clients, in connection order, with ids that only grow. Synchronized: the
 * node's thread registers connections while a busy script's worker may look clients up.
 */
public final class ClientRegistry implements dev.embeddedcluster.command.Clients {
    private final Map<Long, ClientSession> clients = new LinkedHashMap<>();
    private long nextId = 1;

    synchronized ClientSession register(Channel channel, long nowMillis, boolean authenticated) {
        ClientSession session = new ClientSession(nextId++, channel, nowMillis, authenticated);
        clients.put(session.id(), session);
        return session;
    }

    synchronized void unregister(ClientSession session) {
        clients.remove(session.id());
    }

    /** An id for an internal client (the replication link) that never appears in CLIENT LIST. */
    synchronized long reserveId() {
        return nextId++;
    }

    /** The id given to the latest connection (0 before the first). */
    public synchronized long lastId() {
        return nextId - 1;
    }

    public synchronized ClientSession get(long id) {
        return clients.get(id);
    }

    public synchronized List<ClientSession> all() {
        return new ArrayList<>(clients.values());
    }

    @Override
    public ClientSession detached(long id, long createdMillis) {
        return new ClientSession(id, null, createdMillis, true);
    }

    public synchronized int size() {
        return clients.size();
    }
}
