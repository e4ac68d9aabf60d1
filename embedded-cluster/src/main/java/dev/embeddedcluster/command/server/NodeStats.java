package dev.embeddedcluster.command.server;

/** Counters INFO reports. Written only on the node's thread; read there too. */
public final class NodeStats {
    public long commandsProcessed;
    public long connectionsReceived;
    public long rejectedConnections;
    public long expiredKeys;
    public long evictedKeys;
    public long keyspaceHits;
    public long keyspaceMisses;
    public long netInputBytes;
    public long netOutputBytes;
    public long errorReplies;

    public void reset() {
        commandsProcessed = 0;
        connectionsReceived = 0;
        rejectedConnections = 0;
        expiredKeys = 0;
        evictedKeys = 0;
        keyspaceHits = 0;
        keyspaceMisses = 0;
        netInputBytes = 0;
        netOutputBytes = 0;
        errorReplies = 0;
    }
}
