package dev.embeddedcluster.server;

import io.netty.channel.Channel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The node's connected clients, in connection order, with ids that only grow. */
public final class ClientRegistry {
    private final Map<Long, ClientSession> clients = new LinkedHashMap<>();
    private long nextId = 1;

    ClientSession register(Channel channel, long nowMillis, boolean authenticated) {
        ClientSession session = new ClientSession(nextId++, channel, nowMillis, authenticated);
        clients.put(session.id(), session);
        return session;
    }

    void unregister(ClientSession session) {
        clients.remove(session.id());
    }

    /** An id for an internal client (the replication link) that never appears in CLIENT LIST. */
    long reserveId() {
        return nextId++;
    }

    /** The id given to the latest connection (0 before the first). */
    public long lastId() {
        return nextId - 1;
    }

    public ClientSession get(long id) {
        return clients.get(id);
    }

    public List<ClientSession> all() {
        return new ArrayList<>(clients.values());
    }

    public int size() {
        return clients.size();
    }
}
