package dev.embeddedcluster.command;

import java.util.List;

/** The clients connected to a node, as CLIENT LIST, CLIENT KILL and INFO see them. */
public interface Clients {
    /** The id of the latest client connected. */
    long lastId();

    /** The client with that id, or null. */
    Client get(long id);

    /** A copy of the connected clients, in the order they connected. */
    List<? extends Client> all();

    int size();

    /**
     * A client with no connection, registered nowhere (the one Lua scripts run their commands
     * as): authenticated, created now.
     */
    Client detached(long id, long createdMillis);
}
