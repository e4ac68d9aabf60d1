package dev.embeddedcluster.cluster;

/**
 * One node as the cluster knows it: identity, address, role and epoch. Its slots live in the
 * {@link ClusterTopology}, which owns the slot map.
 *
 * @param masterId the master this node replicates, or null for a master
 */
public record NodeInfo(String id, String host, int port, String masterId, long configEpoch) {

    public boolean isMaster() {
        return masterId == null;
    }

    /** The cluster bus port Redis derives from the client port. */
    public int busPort() {
        return port + 10000;
    }

    public String address() {
        return host + ":" + port;
    }
}
