package dev.embeddedcluster.cluster;

import dev.embeddedcluster.keyspace.KeySlot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Two groups of nodes that could not see each other see each other again (a partition heals), and
 * agree on one topology as Redis nodes do over gossip: each node is taken as it describes itself,
 * a slot two masters claim goes to the one with the higher config epoch, and a master that lost
 * every slot it served becomes a replica of the node that took them, its replicas with it.
 */
public final class TopologyMerge {
    private TopologyMerge() {
    }

    /**
     * One group's view: the topology its members shared, and who the members were.
     *
     * @param members the nodes this view speaks for (their own role, slots and slot states)
     */
    public record Side(ClusterTopology topology, Set<String> members) {
        public Side {
            members = Set.copyOf(members);
        }

        private NodeInfo selfDescribed(String id) {
            return members.contains(id) ? topology.node(id) : null;
        }
    }

    /**
     * The topology both groups share from now on.
     *
     * @param down the nodes that are still down (killed or paused); every other node is up, whatever either side thought
     */
    public static ClusterTopology merge(Side first, Side second, Set<String> down) {
        Map<String, NodeInfo> nodes = new LinkedHashMap<>();
        for (ClusterTopology view : List.of(first.topology(), second.topology())) {
            for (NodeInfo n : view.nodes()) {
                NodeInfo self = first.selfDescribed(n.id()) != null ? first.selfDescribed(n.id()) : second.selfDescribed(n.id());
                nodes.putIfAbsent(n.id(), self != null ? self : n);
            }
        }
        NodeInfo[] owners = slotOwners(first, second, nodes);
        Map<String, String> lostAllSlotsTo = mastersLeftWithoutSlots(first, second, owners);
        List<NodeInfo> merged = new ArrayList<>();
        for (NodeInfo n : nodes.values()) {
            String follows = lostAllSlotsTo.get(n.id());
            if (follows == null && !n.isMaster()) {
                follows = lostAllSlotsTo.get(n.masterId());
            }
            merged.add(follows == null ? n : new NodeInfo(n.id(), n.host(), n.port(), follows, n.configEpoch()));
        }
        long[] currentEpoch = {Math.max(first.topology().currentEpoch(), second.topology().currentEpoch())};
        merged = withDistinctMasterEpochs(merged, currentEpoch);
        Map<String, NodeInfo> byId = new LinkedHashMap<>();
        merged.forEach(n -> byId.put(n.id(), n));
        for (int slot = 0; slot < owners.length; slot++) {
            owners[slot] = owners[slot] == null ? null : byId.get(owners[slot].id());
        }
        return new ClusterTopology(merged, owners, currentEpoch[0],
                slotStates(first, second, true), slotStates(first, second, false), failures(first, second, down));
    }

    /**
     * Redis's resolution of a config epoch collision: of two masters with the same config epoch,
     * the one with the smaller node id takes a new current epoch, until every master's differs
     * (as when nodes that never set an epoch meet).
     */
    private static List<NodeInfo> withDistinctMasterEpochs(List<NodeInfo> nodes, long[] currentEpoch) {
        Map<Long, String> largestIdByEpoch = new LinkedHashMap<>();
        for (NodeInfo n : nodes) {
            if (n.isMaster()) {
                largestIdByEpoch.merge(n.configEpoch(), n.id(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
            }
        }
        List<NodeInfo> distinct = new ArrayList<>();
        List<NodeInfo> sorted = nodes.stream().sorted(java.util.Comparator.comparing(NodeInfo::id)).toList();
        Map<String, Long> bumped = new LinkedHashMap<>();
        for (NodeInfo n : sorted) {
            if (n.isMaster() && !largestIdByEpoch.get(n.configEpoch()).equals(n.id())) {
                bumped.put(n.id(), ++currentEpoch[0]);
            }
        }
        for (NodeInfo n : nodes) {
            Long epoch = bumped.get(n.id());
            distinct.add(epoch == null ? n : new NodeInfo(n.id(), n.host(), n.port(), n.masterId(), epoch));
        }
        return distinct;
    }

    /** Each slot to the master that claims it for itself with the highest config epoch; the first side wins ties. */
    private static NodeInfo[] slotOwners(Side first, Side second, Map<String, NodeInfo> nodes) {
        NodeInfo[] owners = new NodeInfo[KeySlot.SLOTS];
        for (int slot = 0; slot < KeySlot.SLOTS; slot++) {
            NodeInfo claim = selfClaim(first, slot);
            NodeInfo other = selfClaim(second, slot);
            if (claim == null || (other != null && other.configEpoch() > claim.configEpoch())) {
                claim = other;
            }
            if (claim == null) {
                // Served by a node neither side speaks for: as the first side last knew it.
                NodeInfo known = first.topology().ownerOf(slot) != null ? first.topology().ownerOf(slot) : second.topology().ownerOf(slot);
                claim = known != null && first.selfDescribed(known.id()) == null && second.selfDescribed(known.id()) == null ? known : null;
            }
            owners[slot] = claim == null ? null : nodes.get(claim.id());
        }
        return owners;
    }

    private static NodeInfo selfClaim(Side side, int slot) {
        NodeInfo owner = side.topology().ownerOf(slot);
        return owner != null && side.members().contains(owner.id()) ? owner : null;
    }

    /** The masters that served slots in their own view and serve none now, each to the master that took its first slot. */
    private static Map<String, String> mastersLeftWithoutSlots(Side first, Side second, NodeInfo[] owners) {
        Set<String> stillServing = new LinkedHashSet<>();
        for (NodeInfo owner : owners) {
            if (owner != null) {
                stillServing.add(owner.id());
            }
        }
        Map<String, String> takenBy = new LinkedHashMap<>();
        for (Side side : List.of(first, second)) {
            for (int slot = 0; slot < KeySlot.SLOTS; slot++) {
                NodeInfo claimed = selfClaim(side, slot);
                if (claimed != null && !stillServing.contains(claimed.id()) && owners[slot] != null) {
                    takenBy.putIfAbsent(claimed.id(), owners[slot].id());
                }
            }
        }
        return takenBy;
    }

    /** Each node's MIGRATING (or IMPORTING) slots, as its own side knew them. */
    private static Map<String, Map<Integer, String>> slotStates(Side first, Side second, boolean migrating) {
        Map<String, Map<Integer, String>> states = new LinkedHashMap<>();
        for (Side side : List.of(first, second)) {
            for (String id : side.members()) {
                Map<Integer, String> slots = migrating ? side.topology().migrating(id) : side.topology().importing(id);
                if (!slots.isEmpty()) {
                    states.put(id, slots);
                }
            }
        }
        return states;
    }

    /** Only the nodes still down stay flagged; one failed over keeps the record of its successor. */
    private static Map<String, NodeFailure> failures(Side first, Side second, Set<String> down) {
        Map<String, NodeFailure> failures = new LinkedHashMap<>();
        for (String id : down) {
            NodeFailure a = first.topology().failure(id);
            NodeFailure b = second.topology().failure(id);
            NodeFailure kept = a == null || (b != null && a.replacedBy() == null && b.replacedBy() != null) ? b : a;
            if (kept != null) {
                failures.put(id, kept);
            }
        }
        return failures;
    }
}
