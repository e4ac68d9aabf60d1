package dev.embeddedcluster.cluster;

import dev.embeddedcluster.keyspace.KeySlot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable snapshot of the whole cluster: its nodes, which master serves each slot, per-node
 * slot migration states and the current epoch. Every change builds a new snapshot.
 */
public final class ClusterTopology {
    private final List<NodeInfo> nodes;
    private final Map<String, NodeInfo> byId;
    private final NodeInfo[] slotOwners;
    private final long currentEpoch;
    private final Map<String, Map<Integer, String>> migrating;
    private final Map<String, Map<Integer, String>> importing;
    private final int assignedSlots;
    private final boolean anySlotInMigration;

    public ClusterTopology(List<NodeInfo> nodes, NodeInfo[] slotOwners, long currentEpoch,
                           Map<String, Map<Integer, String>> migrating,
                           Map<String, Map<Integer, String>> importing) {
        if (slotOwners.length != KeySlot.SLOTS) {
            throw new IllegalArgumentException("slot map must have " + KeySlot.SLOTS + " entries");
        }
        this.nodes = List.copyOf(nodes);
        Map<String, NodeInfo> index = new LinkedHashMap<>();
        for (NodeInfo n : nodes) {
            index.put(n.id(), n);
        }
        this.byId = Collections.unmodifiableMap(index);
        this.slotOwners = slotOwners.clone();
        this.currentEpoch = currentEpoch;
        this.migrating = Map.copyOf(migrating);
        this.importing = Map.copyOf(importing);
        this.anySlotInMigration = migrating.values().stream().anyMatch(m -> !m.isEmpty())
                || importing.values().stream().anyMatch(m -> !m.isEmpty());
        int assigned = 0;
        for (NodeInfo owner : slotOwners) {
            if (owner != null) {
                assigned++;
            }
        }
        this.assignedSlots = assigned;
    }

    public List<NodeInfo> nodes() {
        return nodes;
    }

    public NodeInfo node(String id) {
        return byId.get(id);
    }

    /** The master serving a slot, or null when no node serves it. */
    public NodeInfo ownerOf(int slot) {
        return slotOwners[slot];
    }

    public long currentEpoch() {
        return currentEpoch;
    }

    public int assignedSlots() {
        return assignedSlots;
    }

    /** Redis's cluster_state: ok only when every slot is served. */
    public boolean isOk() {
        return assignedSlots == KeySlot.SLOTS;
    }

    public List<NodeInfo> masters() {
        return nodes.stream().filter(NodeInfo::isMaster).toList();
    }

    public List<NodeInfo> replicasOf(String masterId) {
        List<NodeInfo> replicas = new ArrayList<>();
        for (NodeInfo n : nodes) {
            if (masterId.equals(n.masterId())) {
                replicas.add(n);
            }
        }
        return replicas;
    }

    /** The masters that serve at least one slot: Redis's cluster_size. */
    public int size() {
        return (int) nodes.stream().filter(n -> n.isMaster() && !slotRanges(n.id()).isEmpty()).count();
    }

    /** The slots a master serves, as inclusive [start, end] ranges in ascending order. */
    public List<int[]> slotRanges(String nodeId) {
        List<int[]> ranges = new ArrayList<>();
        int start = -1;
        for (int slot = 0; slot <= KeySlot.SLOTS; slot++) {
            boolean owned = slot < KeySlot.SLOTS && slotOwners[slot] != null && slotOwners[slot].id().equals(nodeId);
            if (owned && start < 0) {
                start = slot;
            } else if (!owned && start >= 0) {
                ranges.add(new int[] {start, slot - 1});
                start = -1;
            }
        }
        return ranges;
    }

    /** Whether some node is migrating or importing a slot. */
    public boolean anySlotInMigration() {
        return anySlotInMigration;
    }

    /** Slots this node is handing to another node: slot to target node id. */
    public Map<Integer, String> migrating(String nodeId) {
        return migrating.getOrDefault(nodeId, Map.of());
    }

    /** Slots this node is receiving from another node: slot to source node id. */
    public Map<Integer, String> importing(String nodeId) {
        return importing.getOrDefault(nodeId, Map.of());
    }

    public NodeInfo[] slotOwners() {
        return slotOwners.clone();
    }

    @Override
    public String toString() {
        return "ClusterTopology" + Arrays.toString(nodes.toArray());
    }
}
