package dev.embeddedcluster.server;

import dev.embeddedcluster.cluster.ClusterState;
import dev.embeddedcluster.cluster.ClusterTopology;
import dev.embeddedcluster.cluster.NodeInfo;
import dev.embeddedcluster.cluster.TopologyMerge;
import dev.embeddedcluster.command.Errors;

import java.net.InetAddress;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which nodes know each other. The nodes that share a {@link ClusterState} form a group with one
 * view; CLUSTER MEET merges two groups' views as Redis's handshake and gossip would, CLUSTER
 * FORGET and CLUSTER RESET take a node out of its group's view. Group changes are serialized here;
 * changes inside a group go through its state as always.
 */
final class Membership {
    private final ClusterMembers members;

    Membership(ClusterMembers members) {
        this.members = members;
    }

    /**
     * CLUSTER MEET from {@code from} to the node at {@code host:port}: their groups become one.
     * An address that is no node of this cluster changes nothing (a Redis node would list a
     * handshake with it until the node timeout).
     */
    synchronized void meet(Node from, String host, int port) {
        Node to = nodeAt(host, port);
        if (to == null || to.cluster() == from.cluster()) {
            return;
        }
        List<Node> first = group(from.cluster());
        List<Node> second = group(to.cluster());
        ClusterTopology mine = from.topology();
        ClusterTopology theirs = to.topology();
        Set<String> down = new LinkedHashSet<>(mine.failures().keySet());
        down.addAll(theirs.failures().keySet());
        ClusterTopology merged = TopologyMerge.merge(new TopologyMerge.Side(mine, ids(first)),
                new TopologyMerge.Side(theirs, ids(second)), down);
        // A node learns the address it is reached at from the first node that meets it.
        for (Node n : members.all()) {
            NodeInfo known = merged.node(n.id());
            if (known != null && known.host().isEmpty()) {
                merged = merged.withHost(n.id(), announcedHost(n));
            }
        }
        ClusterState joined = new ClusterState(merged, from.cluster().createdMillis());
        first.forEach(n -> n.joinGroup(joined));
        second.forEach(n -> n.joinGroup(joined));
    }

    /** CLUSTER FORGET on {@code at}; the error to reply, or null once forgotten. */
    synchronized String forget(Node at, String nodeId) {
        ClusterState group = at.cluster();
        ClusterTopology topology = at.topology();
        NodeInfo forgotten = topology.node(nodeId);
        if (forgotten == null) {
            Set<String> forgetters = group.forgottenBy(nodeId);
            return !forgetters.isEmpty() && forgetters.add(at.id()) ? null : Errors.unknownNode(nodeId);
        }
        if (nodeId.equals(at.id())) {
            return Errors.FORGET_MYSELF;
        }
        if (nodeId.equals(at.myself().masterId())) {
            return Errors.FORGET_MY_MASTER;
        }
        Node leaving = members.get(nodeId);
        if (leaving != null && leaving.cluster() == group) {
            // It still knows the others, as the forgotten Redis node does until it is reset.
            leaving.joinGroup(new ClusterState(topology, group.createdMillis()));
        }
        group.forgottenBy(nodeId).add(at.id());
        at.changeTopology(t -> t.without(nodeId));
        return null;
    }

    /**
     * CLUSTER RESET: the node forgets every other node and its slots, a replica turns into an
     * empty master; HARD also sets its epochs back to 0. The others still know it as it was.
     */
    synchronized void reset(Node node, boolean hard) {
        ClusterTopology topology = node.topology();
        NodeInfo self = node.myself();
        if (!self.isMaster()) {
            node.forgetData();
        }
        NodeInfo kept = new NodeInfo(self.id(), self.host(), self.port(), null, hard ? 0 : self.configEpoch());
        node.joinGroup(new ClusterState(ClusterTopology.alone(kept, hard ? 0 : topology.currentEpoch()),
                node.cluster().createdMillis()));
    }

    private List<Node> group(ClusterState state) {
        return members.all().stream().filter(n -> n.cluster() == state).toList();
    }

    private static Set<String> ids(List<Node> nodes) {
        Set<String> ids = new LinkedHashSet<>();
        nodes.forEach(n -> ids.add(n.id()));
        return ids;
    }

    /** The node of this cluster listening at that address: its port, and an address of this host. */
    private Node nodeAt(String host, int port) {
        for (Node n : members.all()) {
            if (n.port() == port && (host.equals(n.host()) || host.equals(announcedHost(n)) || isLocal(host))) {
                return n;
            }
        }
        return null;
    }

    private static boolean isLocal(String host) {
        try {
            InetAddress address = InetAddress.getByName(host);
            return address.isLoopbackAddress() || address.isAnyLocalAddress()
                    || java.net.NetworkInterface.getByInetAddress(address) != null;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static String announcedHost(Node node) {
        String announced = node.config().get("cluster-announce-ip");
        return announced == null || announced.isEmpty() ? node.host() : announced;
    }
}
