package dev.embeddedcluster.server;

import dev.embeddedcluster.cluster.ClusterTopology;
import dev.embeddedcluster.cluster.NodeInfo;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.keyspace.KeySlot;

import java.util.BitSet;

/**
 * What one node does when the cluster's topology changed, as a Redis node does when gossip
 * brings it news: take up its new role, drop the shard channels of slots its shard lost, and
 * tell blocked clients whose keys moved where to go.
 */
final class TopologyReactions {
    private TopologyReactions() {
    }

    static void apply(Node node, ClusterTopology before, ClusterTopology now) {
        NodeInfo was = before.node(node.id());
        NodeInfo is = now.node(node.id());
        if (was == null || is == null) {
            return; // a node taken out of a view it no longer reads
        }
        String shardBefore = was.isMaster() ? was.id() : was.masterId();
        if (was.isMaster() && !is.isMaster()) {
            becameReplica(node);
        } else if (!was.isMaster() && is.isMaster()) {
            node.keyspace().masterMode(true);
            node.replication().promoted();
        }
        if (!is.isMaster() && !is.masterId().equals(was.masterId())) {
            if (!shardOf(before, is.masterId()).equals(shardBefore)) {
                node.replication().resyncFrom(node.members().get(is.masterId()));
            } else if (!was.isMaster()) {
                node.replication().followsPromotedMaster();
            }
        }
        BitSet lost = slotsLeavingShard(before, now, was.isMaster() ? was.id() : was.masterId());
        if (!lost.isEmpty()) {
            node.subscriptions().removeShardChannels(lost);
        }
        node.blockedPops().redirectUnserved();
    }

    /** The master of the shard a node belonged to in a topology; the node itself when it did not know it. */
    private static String shardOf(ClusterTopology topology, String nodeId) {
        NodeInfo node = topology.node(nodeId);
        return node == null || node.isMaster() ? nodeId : node.masterId();
    }

    /** A master turned replica unblocks its blocked clients with an error and closes them, as Redis does. */
    private static void becameReplica(Node node) {
        node.keyspace().masterMode(false);
        node.blockedPops().unblockAll(Errors.UNBLOCKED_ROLE_CHANGE);
        node.replication().demoted(Errors.UNBLOCKED_ROLE_CHANGE);
    }

    /** The slots the shard of {@code shardMasterId} served before and no longer serves (its master may have changed). */
    private static BitSet slotsLeavingShard(ClusterTopology before, ClusterTopology now, String shardMasterId) {
        BitSet lost = new BitSet(KeySlot.SLOTS);
        for (int slot = 0; slot < KeySlot.SLOTS; slot++) {
            NodeInfo owner = before.ownerOf(slot);
            NodeInfo next = now.ownerOf(slot);
            if (owner != null && owner.id().equals(shardMasterId) && (next == null || !next.id().equals(owner.id()))) {
                lost.set(slot);
            }
        }
        return lost;
    }
}
