package dev.embeddedcluster;

import dev.embeddedcluster.cluster.ClusterState;
import dev.embeddedcluster.cluster.ClusterTopology;
import dev.embeddedcluster.cluster.NodeFailure;
import dev.embeddedcluster.cluster.NodeInfo;
import dev.embeddedcluster.cluster.TopologyMerge;
import dev.embeddedcluster.server.Node;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A network partition between some nodes (the isolated side) and the rest. Each side keeps a
 * topology of its own in which the other side's nodes went silent at the moment of the cut, so
 * each runs failure detection on its own: the side with a majority of the masters fails over the
 * masters it lost, the other flags the nodes it lost {@code fail?} and, without a majority, its
 * nodes declare the cluster down. Clients still reach every node. Healing merges the two views
 * as gossip would once the nodes see each other again.
 */
final class Partition {
    private final EmbeddedRedisCluster cluster;
    private final ClusterState rest;
    private final Set<String> side;
    private final ClusterState sideView;
    /** Whether replication links between the sides were cut (a network partition), not kept open (a stopped process). */
    private final boolean linksCut;

    private Partition(EmbeddedRedisCluster cluster, ClusterState rest, Set<String> side, ClusterState sideView,
                      boolean linksCut) {
        this.cluster = cluster;
        this.rest = rest;
        this.side = Set.copyOf(side);
        this.sideView = sideView;
        this.linksCut = linksCut;
    }

    /** Cuts {@code isolated} off from the other nodes, as of {@code nowMillis}: each side sees the other go silent. */
    static Partition cut(EmbeddedRedisCluster cluster, ClusterState rest, List<Node> isolated, long nowMillis) {
        Set<String> side = ids(isolated);
        ClusterTopology whole = rest.current();
        List<String> others = whole.nodes().stream().map(NodeInfo::id).filter(id -> !side.contains(id)).toList();
        return split(cluster, rest, isolated, silenced(whole, others, NodeFailure.startingAt(nowMillis)),
                NodeFailure.startingAt(nowMillis), true);
    }

    /**
     * A node's process stops (SIGSTOP): its view stays as it was, for the commands it will run on
     * resume, while the others see it silent with its connections still open.
     */
    static Partition stop(EmbeddedRedisCluster cluster, ClusterState rest, Node stopped, long nowMillis) {
        return split(cluster, rest, List.of(stopped), rest.current(), NodeFailure.stoppedAt(nowMillis), false);
    }

    private static Partition split(EmbeddedRedisCluster cluster, ClusterState rest, List<Node> isolated,
                                   ClusterTopology sideTopology, NodeFailure seenByTheRest, boolean linksCut) {
        Set<String> side = ids(isolated);
        ClusterState sideView = new ClusterState(sideTopology, rest.createdMillis());
        Partition partition = new Partition(cluster, rest, side, sideView, linksCut);
        isolated.forEach(n -> n.joinGroup(sideView));
        Node observer = partition.anyOfTheRest();
        cluster.onNode(observer, () -> observer.changeTopology(t -> silenced(t, List.copyOf(side), seenByTheRest)));
        cluster.awaitEveryNode();
        return partition;
    }

    private static Set<String> ids(List<Node> nodes) {
        Set<String> ids = new LinkedHashSet<>();
        nodes.forEach(n -> ids.add(n.id()));
        return ids;
    }

    /** The topology with each of {@code unreachable} silent from now on (those already down keep their state). */
    private static ClusterTopology silenced(ClusterTopology topology, List<String> unreachable, NodeFailure failure) {
        ClusterTopology cut = topology;
        for (String id : unreachable) {
            if (cut.failure(id) == null) {
                cut = cut.withFailure(id, failure);
            }
        }
        return cut;
    }

    /**
     * The stopped node dies (it is killed while paused): it reads the others' view again, where
     * it has been silent since it stopped, its connections now gone.
     */
    void endInDeath(Node stopped) {
        stopped.joinGroup(rest);
        Node observer = anyOfTheRest();
        cluster.onNode(observer, () -> observer.changeTopology(t -> {
            NodeFailure failure = t.failure(stopped.id());
            return failure == null ? t : t.withFailure(stopped.id(), failure.linkLost());
        }));
    }

    /** The topology the nodes not isolated share. */
    ClusterState rest() {
        return rest;
    }

    boolean isolates(String nodeId) {
        return side.contains(nodeId);
    }

    /**
     * The two sides see each other again and agree on one topology; every replica whose stream
     * crossed a cut, every master that was demoted and every replica that changed masters
     * resynchronizes from its master (what a demoted master acknowledged alone is lost, as in
     * Redis). Returns the replicas resynchronized.
     */
    List<Node> heal(Set<String> down) {
        Set<String> restMembers = new LinkedHashSet<>();
        rest.current().nodes().forEach(n -> restMembers.add(n.id()));
        restMembers.removeAll(side);
        ClusterTopology sideBefore = sideView.current();
        Node observer = anyOfTheRest();
        ClusterTopology merged = cluster.onNode(observer, () -> observer.changeTopology(t -> TopologyMerge.merge(
                new TopologyMerge.Side(t, restMembers), new TopologyMerge.Side(sideView.current(), side), down)));
        for (String id : side) {
            cluster.member(id).joinGroup(rest);
        }
        cluster.awaitEveryNode();
        List<Node> resynchronized = new java.util.ArrayList<>();
        for (NodeInfo n : merged.nodes()) {
            if (n.isMaster() || down.contains(n.id()) || down.contains(n.masterId())) {
                continue;
            }
            boolean crossed = linksCut && side.contains(n.id()) != side.contains(n.masterId());
            // A demoted master had no master before: it counts as changing masters.
            boolean changedMaster = side.contains(n.id()) && !n.masterId().equals(sideBefore.node(n.id()).masterId());
            if (crossed || changedMaster) {
                Node replica = cluster.member(n.id());
                Node master = cluster.member(n.masterId());
                cluster.onNode(replica, () -> {
                    replica.replication().resyncFrom(master);
                    return null;
                });
                resynchronized.add(replica);
            }
        }
        return resynchronized;
    }

    private Node anyOfTheRest() {
        for (NodeInfo n : rest.current().nodes()) {
            Node member = side.contains(n.id()) ? null : cluster.member(n.id());
            if (member != null && member.cluster() == rest) {
                return member;
            }
        }
        throw new IllegalStateException("a partition needs nodes on both sides");
    }
}
