package dev.embeddedcluster;

import dev.embeddedcluster.cluster.ClusterTopology;
import dev.embeddedcluster.cluster.NodeInfo;
import dev.embeddedcluster.server.Node;
import dev.embeddedcluster.util.RandomIds;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The nodes added to a cluster and removed from it at run time, as {@code redis-cli --cluster
 * add-node} and {@code del-node} do, and the way back to the nodes it started with.
 */
final class Roster {
    private final EmbeddedRedisCluster cluster;
    private final Set<String> added = new LinkedHashSet<>();
    /** Nodes of the starting layout removed since, with their port. */
    private final Map<String, Integer> removed = new LinkedHashMap<>();

    Roster(EmbeddedRedisCluster cluster) {
        this.cluster = cluster;
    }

    /** A new master without slots, known to every node. */
    Node addMaster() {
        Node node = join(cluster.launch(RandomIds.hex40(), 0));
        added.add(node.id());
        return node;
    }

    /** A new replica of {@code master}, known to every node, with the master's data. */
    Node addReplica(String masterId) {
        NodeInfo master = cluster.view().node(masterId);
        if (master == null || !master.isMaster()) {
            throw new IllegalArgumentException(masterId + " is not a master of this cluster");
        }
        Node node = join(cluster.launch(RandomIds.hex40(), 0));
        added.add(node.id());
        follow(node, masterId);
        return node;
    }

    /**
     * Removes a node for good: the others forget it, its port closes. A master must serve no slot;
     * its replicas move to the master with the fewest, as {@code del-node} moves them.
     */
    void remove(Node node) {
        ClusterTopology view = cluster.view();
        if (!view.slotRanges(node.id()).isEmpty()) {
            throw new IllegalStateException(node + " still serves slots: move them to another master first (migrateSlot)");
        }
        List<NodeInfo> replicas = view.replicasOf(node.id());
        if (!replicas.isEmpty()) {
            NodeInfo adopter = view.masters().stream().filter(m -> !m.id().equals(node.id()))
                    .min(Comparator.comparingInt(m -> view.replicasOf(m.id()).size()))
                    .orElseThrow(() -> new IllegalStateException(node + " is the only master: its replicas have nowhere to go"));
            for (NodeInfo replica : replicas) {
                follow(cluster.member(replica.id()), adopter.id());
            }
        }
        Node witness = otherNodeOfTheView(node);
        if (witness.topology().node(node.id()) != null) {
            // CLUSTER FORGET, as del-node sends it: the view drops the node, which leaves with the view it had.
            String refusal = cluster.onNode(witness, () -> witness.forget(node.id()));
            if (refusal != null) {
                throw new IllegalStateException(witness + " refused to forget " + node + ": " + refusal);
            }
        }
        cluster.retire(node);
        cluster.awaitEveryNode();
        if (!added.remove(node.id())) {
            removed.put(node.id(), node.port());
        }
    }

    /** Starts again, with their ids and ports, the nodes of the starting layout removed since: each an empty master. */
    void bringBackRemoved() {
        for (Map.Entry<String, Integer> gone : removed.entrySet()) {
            join(cluster.launch(gone.getKey(), gone.getValue()));
        }
        removed.clear();
    }

    /** Removes the nodes added since the start: replicas first, then masters (which must have lost their slots). */
    void removeAdded() {
        List<Node> replicasFirst = new ArrayList<>();
        for (String id : added) {
            Node node = cluster.member(id);
            replicasFirst.add(node.isMaster() ? replicasFirst.size() : 0, node);
        }
        for (Node node : replicasFirst) {
            remove(node);
        }
    }

    /** A node of the starting layout now replicates {@code masterId} (it came back empty, as a master). */
    void follow(Node node, String masterId) {
        cluster.onNode(node, () -> node.changeTopology(t -> t.withMaster(node.id(), masterId)));
        cluster.awaitEveryNode();
        cluster.awaitResynced(node);
    }

    private Node join(Node node) {
        Node seed = otherNodeOfTheView(node);
        cluster.onNode(node, () -> {
            node.meet(seed.host(), seed.port());
            return null;
        });
        cluster.awaitEveryNode();
        return node;
    }

    private Node otherNodeOfTheView(Node node) {
        for (NodeInfo n : cluster.view().nodes()) {
            if (!n.id().equals(node.id())) {
                return cluster.member(n.id());
            }
        }
        throw new IllegalStateException("no other node knows " + node);
    }
}
