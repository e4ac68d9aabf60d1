package dev.embeddedcluster.cluster;

import dev.embeddedcluster.keyspace.KeySlot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

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
    /** The nodes that stopped answering, by id; empty while every node serves. */
    private final Map<String, NodeFailure> failures;
    private final boolean ownerFailed;
    /** Whether fewer than a majority of the masters serving slots are reachable (none flagged fail? or fail). */
    private final boolean quorumLost;

    public ClusterTopology(List<NodeInfo> nodes, NodeInfo[] slotOwners, long currentEpoch,
                           Map<String, Map<Integer, String>> migrating,
                           Map<String, Map<Integer, String>> importing) {
        this(nodes, slotOwners, currentEpoch, migrating, importing, Map.of());
    }

    public ClusterTopology(List<NodeInfo> nodes, NodeInfo[] slotOwners, long currentEpoch,
                           Map<String, Map<Integer, String>> migrating,
                           Map<String, Map<Integer, String>> importing, Map<String, NodeFailure> failures) {
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
        this.migrating = sortedCopy(migrating);
        this.importing = sortedCopy(importing);
        this.anySlotInMigration = migrating.values().stream().anyMatch(m -> !m.isEmpty())
                || importing.values().stream().anyMatch(m -> !m.isEmpty());
        int assigned = 0;
        for (NodeInfo owner : slotOwners) {
            if (owner != null) {
                assigned++;
            }
        }
        this.assignedSlots = assigned;
        this.failures = Map.copyOf(failures);
        boolean anyOwnerFailed = false;
        for (NodeFailure failure : this.failures.values()) {
            anyOwnerFailed |= failure.failed();
        }
        if (anyOwnerFailed) {
            anyOwnerFailed = false;
            for (NodeInfo owner : slotOwners) {
                if (owner != null && this.failures.containsKey(owner.id()) && this.failures.get(owner.id()).failed()) {
                    anyOwnerFailed = true;
                    break;
                }
            }
        }
        this.ownerFailed = anyOwnerFailed;
        this.quorumLost = !this.failures.isEmpty() && !reachableMajority();
    }

    /**
     * Redis's rule for cluster_state: a node that cannot reach a majority of the masters serving
     * slots (each it flagged {@code fail?} or {@code fail} counts as unreachable) declares the
     * cluster down, which is what stops a master cut off on the minority side of a partition.
     */
    private boolean reachableMajority() {
        int serving = 0;
        int reachable = 0;
        Set<String> counted = new HashSet<>();
        for (NodeInfo owner : slotOwners) {
            if (owner != null && counted.add(owner.id())) {
                serving++;
                NodeFailure failure = failures.get(owner.id());
                if (failure == null || failure.level() == NodeFailure.Level.DISCONNECTED) {
                    reachable++;
                }
            }
        }
        return reachable >= serving / 2 + 1;
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

    /**
     * Redis's cluster_state with cluster-require-full-coverage yes: ok only when every slot is
     * served by a node not failed, and a majority of the serving masters is reachable.
     */
    public boolean isOk() {
        return assignedSlots == KeySlot.SLOTS && !ownerFailed && !quorumLost;
    }

    /** How a node that stopped answering is seen, or null for a node that answers. */
    public NodeFailure failure(String nodeId) {
        return failures.isEmpty() ? null : failures.get(nodeId);
    }

    /** Every node that stopped answering, by id. */
    public Map<String, NodeFailure> failures() {
        return failures;
    }

    /** This topology with a node's failure state changed (null: it answers again). */
    public ClusterTopology withFailure(String nodeId, NodeFailure failure) {
        Map<String, NodeFailure> changed = new LinkedHashMap<>(failures);
        if (failure == null) {
            changed.remove(nodeId);
        } else {
            changed.put(nodeId, failure);
        }
        return new ClusterTopology(nodes, slotOwners, currentEpoch, migrating, importing, changed);
    }

    /**
     * A replica is elected in place of its failed master, as in Redis's automatic failover: it
     * becomes a master with a new epoch and the failed master's slots, the shard's other replicas
     * follow it, and the failed master stays a master without slots until it comes back.
     */
    public ClusterTopology withFailedMasterReplaced(String failedMasterId, String replicaId) {
        long epoch = currentEpoch + 1;
        List<NodeInfo> changed = new ArrayList<>();
        for (NodeInfo n : nodes) {
            if (n.id().equals(replicaId)) {
                changed.add(new NodeInfo(n.id(), n.host(), n.port(), null, epoch));
            } else if (failedMasterId.equals(n.masterId())) {
                changed.add(new NodeInfo(n.id(), n.host(), n.port(), replicaId, n.configEpoch()));
            }
        }
        ClusterTopology promoted = rebuilt(changed, epoch);
        NodeInfo[] owners = promoted.slotOwners;
        for (int slot = 0; slot < owners.length; slot++) {
            if (owners[slot] != null && owners[slot].id().equals(failedMasterId)) {
                owners[slot] = promoted.byId.get(replicaId);
            }
        }
        Map<String, NodeFailure> changedFailures = new LinkedHashMap<>(failures);
        changedFailures.computeIfPresent(failedMasterId, (id, f) -> f.replacedBy(replicaId));
        return new ClusterTopology(promoted.nodes, owners, epoch, migrating, importing, changedFailures);
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

    /** The highest epoch any node or the cluster has seen. */
    public long maxEpoch() {
        long max = currentEpoch;
        for (NodeInfo n : nodes) {
            max = Math.max(max, n.configEpoch());
        }
        return max;
    }

    /** This topology with a node marking a slot as migrating to another node (null: no longer). */
    public ClusterTopology withMigrating(String nodeId, int slot, String targetId) {
        return new ClusterTopology(nodes, slotOwners, currentEpoch, withSlotState(migrating, nodeId, slot, targetId),
                importing, failures);
    }

    /** This topology with a node marking a slot as importing from another node (null: no longer). */
    public ClusterTopology withImporting(String nodeId, int slot, String sourceId) {
        return new ClusterTopology(nodes, slotOwners, currentEpoch, migrating,
                withSlotState(importing, nodeId, slot, sourceId), failures);
    }

    /** This topology with a slot served by another master. */
    public ClusterTopology withSlotOwner(int slot, String ownerId) {
        NodeInfo[] owners = slotOwners.clone();
        owners[slot] = byId.get(ownerId);
        return new ClusterTopology(nodes, owners, currentEpoch, migrating, importing, failures);
    }

    /** This topology with every slot of {@code slots} served by one master, or by none when {@code ownerId} is null. */
    public ClusterTopology withSlotsOwnedBy(BitSet slots, String ownerId) {
        NodeInfo[] owners = slotOwners.clone();
        NodeInfo owner = ownerId == null ? null : byId.get(ownerId);
        slots.stream().forEach(slot -> owners[slot] = owner);
        return new ClusterTopology(nodes, owners, currentEpoch, migrating, importing, failures);
    }

    /**
     * A node takes a new config epoch without asking the others, as Redis does after importing a
     * slot: unless its epoch is already the highest, it gets the next current epoch.
     */
    public ClusterTopology withEpochBumped(String nodeId) {
        NodeInfo node = byId.get(nodeId);
        long max = maxEpoch();
        if (node.configEpoch() != 0 && node.configEpoch() == max) {
            return this;
        }
        long epoch = currentEpoch + 1;
        return rebuilt(List.of(new NodeInfo(node.id(), node.host(), node.port(), node.masterId(), epoch)), epoch);
    }

    /** A node announces itself at another address (cluster-announce-ip). */
    public ClusterTopology withHost(String nodeId, String host) {
        NodeInfo node = byId.get(nodeId);
        return rebuilt(List.of(new NodeInfo(node.id(), host, node.port(), node.masterId(), node.configEpoch())), currentEpoch);
    }

    /**
     * A replica takes over from its master: it becomes a master with a new epoch and its former
     * master's slots; the former master and its other replicas replicate it.
     */
    public ClusterTopology withFailover(String replicaId) {
        NodeInfo replica = byId.get(replicaId);
        String formerMaster = replica.masterId();
        long epoch = currentEpoch + 1;
        List<NodeInfo> changed = new ArrayList<>();
        for (NodeInfo n : nodes) {
            if (n.id().equals(replicaId)) {
                changed.add(new NodeInfo(n.id(), n.host(), n.port(), null, epoch));
            } else if (n.id().equals(formerMaster) || formerMaster.equals(n.masterId())) {
                changed.add(new NodeInfo(n.id(), n.host(), n.port(), replicaId, n.configEpoch()));
            }
        }
        ClusterTopology promoted = rebuilt(changed, epoch);
        NodeInfo[] owners = promoted.slotOwners;
        for (int slot = 0; slot < owners.length; slot++) {
            if (owners[slot] != null && owners[slot].id().equals(formerMaster)) {
                owners[slot] = promoted.byId.get(replicaId);
            }
        }
        return new ClusterTopology(promoted.nodes, owners, epoch, migrating, importing, failures).withSlotsClosed(formerMaster);
    }

    /**
     * A master turns into a replica of another master, and its replicas follow it there, as a
     * master left without slots does in Redis (replica migration).
     */
    public ClusterTopology withReplicasMovedTo(String formerMasterId, String newMasterId) {
        List<NodeInfo> changed = new ArrayList<>();
        for (NodeInfo n : nodes) {
            if (n.id().equals(formerMasterId) || formerMasterId.equals(n.masterId())) {
                changed.add(new NodeInfo(n.id(), n.host(), n.port(), newMasterId, n.configEpoch()));
            }
        }
        return rebuilt(changed, currentEpoch).withSlotsClosed(formerMasterId);
    }

    /** A master turned replica closes its open slots, as Redis's does: none stays MIGRATING or IMPORTING. */
    private ClusterTopology withSlotsClosed(String nodeId) {
        if (!migrating.containsKey(nodeId) && !importing.containsKey(nodeId)) {
            return this;
        }
        Map<String, Map<Integer, String>> migratingLeft = new LinkedHashMap<>(migrating);
        migratingLeft.remove(nodeId);
        Map<String, Map<Integer, String>> importingLeft = new LinkedHashMap<>(importing);
        importingLeft.remove(nodeId);
        return new ClusterTopology(nodes, slotOwners, currentEpoch, migratingLeft, importingLeft, failures);
    }

    /** A replica becomes a master without slots again, with the given nodes as its replicas. */
    public ClusterTopology withMasterRestored(String nodeId, List<String> replicaIds) {
        List<NodeInfo> changed = new ArrayList<>();
        for (NodeInfo n : nodes) {
            if (n.id().equals(nodeId)) {
                changed.add(new NodeInfo(n.id(), n.host(), n.port(), null, n.configEpoch()));
            } else if (replicaIds.contains(n.id())) {
                changed.add(new NodeInfo(n.id(), n.host(), n.port(), nodeId, n.configEpoch()));
            }
        }
        return rebuilt(changed, currentEpoch);
    }

    /**
     * A node that knows only itself, as a freshly started cluster-enabled Redis: a master with no
     * slots, or one just reset (CLUSTER RESET), which keeps the epochs it had.
     */
    public static ClusterTopology alone(NodeInfo self, long currentEpoch) {
        NodeInfo master = new NodeInfo(self.id(), self.host(), self.port(), null, self.configEpoch());
        return new ClusterTopology(List.of(master), new NodeInfo[KeySlot.SLOTS], currentEpoch, Map.of(), Map.of());
    }

    /** This topology without a node (CLUSTER FORGET): the slots it served are left unassigned. */
    public ClusterTopology without(String nodeId) {
        List<NodeInfo> remaining = nodes.stream().filter(n -> !n.id().equals(nodeId)).toList();
        NodeInfo[] owners = slotOwners.clone();
        for (int slot = 0; slot < owners.length; slot++) {
            if (owners[slot] != null && owners[slot].id().equals(nodeId)) {
                owners[slot] = null;
            }
        }
        Map<String, NodeFailure> failuresLeft = new LinkedHashMap<>(failures);
        failuresLeft.remove(nodeId);
        return new ClusterTopology(remaining, owners, currentEpoch, migrating, importing, failuresLeft).withSlotsClosed(nodeId);
    }

    /** A node now replicates {@code masterId} (CLUSTER REPLICATE), keeping its config epoch. */
    public ClusterTopology withMaster(String nodeId, String masterId) {
        NodeInfo node = byId.get(nodeId);
        return rebuilt(List.of(new NodeInfo(node.id(), node.host(), node.port(), masterId, node.configEpoch())), currentEpoch)
                .withSlotsClosed(nodeId);
    }

    /** A node takes the config epoch it was given (CLUSTER SET-CONFIG-EPOCH); the current epoch keeps up. */
    public ClusterTopology withConfigEpoch(String nodeId, long epoch) {
        NodeInfo node = byId.get(nodeId);
        return rebuilt(List.of(new NodeInfo(node.id(), node.host(), node.port(), node.masterId(), epoch)),
                Math.max(currentEpoch, epoch));
    }

    /** This topology with some nodes replaced by new versions of themselves; slot owners follow. */
    private ClusterTopology rebuilt(List<NodeInfo> replacements, long epoch) {
        Map<String, NodeInfo> replaced = new LinkedHashMap<>();
        replacements.forEach(n -> replaced.put(n.id(), n));
        List<NodeInfo> updated = nodes.stream().map(n -> replaced.getOrDefault(n.id(), n)).toList();
        NodeInfo[] owners = new NodeInfo[KeySlot.SLOTS];
        for (int slot = 0; slot < owners.length; slot++) {
            NodeInfo owner = slotOwners[slot];
            owners[slot] = owner == null ? null : replaced.getOrDefault(owner.id(), owner);
        }
        return new ClusterTopology(updated, owners, epoch, migrating, importing, failures);
    }

    private static Map<String, Map<Integer, String>> withSlotState(Map<String, Map<Integer, String>> states,
                                                                   String nodeId, int slot, String peerId) {
        Map<String, Map<Integer, String>> copy = new LinkedHashMap<>(states);
        SortedMap<Integer, String> slots = new TreeMap<>(copy.getOrDefault(nodeId, Map.of()));
        if (peerId == null) {
            slots.remove(slot);
        } else {
            slots.put(slot, peerId);
        }
        copy.put(nodeId, slots);
        return copy;
    }

    /** Per-node slot states, each node's in ascending slot order as CLUSTER NODES lists them. */
    private static Map<String, Map<Integer, String>> sortedCopy(Map<String, Map<Integer, String>> states) {
        Map<String, Map<Integer, String>> copy = new LinkedHashMap<>();
        states.forEach((node, slots) -> {
            if (!slots.isEmpty()) {
                copy.put(node, Collections.unmodifiableSortedMap(new TreeMap<>(slots)));
            }
        });
        return Collections.unmodifiableMap(copy);
    }

    @Override
    public String toString() {
        return "ClusterTopology" + Arrays.toString(nodes.toArray());
    }
}
