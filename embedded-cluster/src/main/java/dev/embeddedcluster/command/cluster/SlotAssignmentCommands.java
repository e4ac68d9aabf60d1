package dev.embeddedcluster.command.cluster;

import dev.embeddedcluster.cluster.ClusterTopology;
import dev.embeddedcluster.cluster.NodeInfo;
import dev.embeddedcluster.command.CommandHandler;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.NodeContext;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.keyspace.KeySlot;

import java.util.BitSet;
import java.util.function.BiConsumer;

/**
 * CLUSTER ADDSLOTS, ADDSLOTSRANGE, DELSLOTS, DELSLOTSRANGE and FLUSHSLOTS: a master claims slots
 * no node serves, or gives up its own. Nothing changes unless every slot named passes Redis's
 * checks. The change goes through the shared topology, so every node sees it at once, as gossip
 * would spread it; epochs stay as they are, as in Redis. A slot served by another master stays
 * with it: in Redis its owner's claim, gossiped back, restores it on the node that deleted it.
 */
public final class SlotAssignmentCommands {
    private SlotAssignmentCommands() {
    }

    public static void register(BiConsumer<String, CommandHandler> registry) {
        registry.accept("cluster|addslots", r -> listedSlots(r, false));
        registry.accept("cluster|delslots", r -> listedSlots(r, true));
        registry.accept("cluster|addslotsrange", r -> slotRanges(r, false));
        registry.accept("cluster|delslotsrange", r -> slotRanges(r, true));
        registry.accept("cluster|flushslots", SlotAssignmentCommands::flushSlots);
    }

    /** ADDSLOTS and DELSLOTS: every argument must be a slot before any is checked against the slot map. */
    private static void listedSlots(Request r, boolean delete) {
        int[] slots = new int[r.argc() - 2];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = SetSlotCommand.slot(r.arg(i + 2));
            if (slots[i] < 0) {
                r.reply().error(Errors.INVALID_OR_OUT_OF_RANGE_SLOT);
                return;
            }
        }
        Selection selection = new Selection(r.node().topology(), delete);
        for (int slot : slots) {
            String refusal = selection.add(slot, slot);
            if (refusal != null) {
                r.reply().error(refusal);
                return;
            }
        }
        apply(r, selection.slots, delete);
    }

    /** ADDSLOTSRANGE and DELSLOTSRANGE: pairs of start and end slots, each pair checked in turn. */
    private static void slotRanges(Request r, boolean delete) {
        if (r.argc() % 2 == 1) {
            r.reply().error(Errors.wrongArity(r.spec().fullName()));
            return;
        }
        Selection selection = new Selection(r.node().topology(), delete);
        for (int i = 2; i < r.argc(); i += 2) {
            String refusal = selection.addRange(r.arg(i), r.arg(i + 1));
            if (refusal != null) {
                r.reply().error(refusal);
                return;
            }
        }
        apply(r, selection.slots, delete);
    }

    /** FLUSHSLOTS: a master with no keys gives up every slot it serves. */
    private static void flushSlots(Request r) {
        if (r.keyspace().size() != 0) {
            r.reply().error(Errors.FLUSHSLOTS_DB_NOT_EMPTY);
            return;
        }
        NodeContext node = r.node();
        BitSet mine = new BitSet(KeySlot.SLOTS);
        for (int[] range : node.topology().slotRanges(node.id())) {
            mine.set(range[0], range[1] + 1);
        }
        node.changeTopology(t -> t.withSlotsOwnedBy(mine, null));
        r.reply().ok();
    }

    /**
     * Assigns the slots to this node, or takes them from it, ending any import of them as Redis
     * does. A replica's claim does not reach the shared topology: in Redis only its own view has it.
     */
    private static void apply(Request r, BitSet slots, boolean delete) {
        NodeContext node = r.node();
        if (node.isMaster()) {
            BitSet changed = delete ? servedBy(node.topology(), slots, node.id()) : slots;
            node.changeTopology(t -> withoutImports(t.withSlotsOwnedBy(changed, delete ? null : node.id()),
                    node.id(), slots));
        }
        r.reply().ok();
    }

    private static BitSet servedBy(ClusterTopology topology, BitSet slots, String nodeId) {
        BitSet served = new BitSet(KeySlot.SLOTS);
        slots.stream().filter(slot -> isOwner(topology.ownerOf(slot), nodeId)).forEach(served::set);
        return served;
    }

    private static ClusterTopology withoutImports(ClusterTopology topology, String nodeId, BitSet slots) {
        ClusterTopology changed = topology;
        for (int slot : topology.importing(nodeId).keySet()) {
            if (slots.get(slot)) {
                changed = changed.withImporting(nodeId, slot, null);
            }
        }
        return changed;
    }

    private static boolean isOwner(NodeInfo owner, String nodeId) {
        return owner != null && owner.id().equals(nodeId);
    }

    /** The slots a command names so far, with Redis's checks of each against the slot map. */
    private static final class Selection {
        private final ClusterTopology topology;
        private final boolean delete;
        private final BitSet slots = new BitSet(KeySlot.SLOTS);

        Selection(ClusterTopology topology, boolean delete) {
            this.topology = topology;
            this.delete = delete;
        }

        /** A start and an end slot as the client wrote them; the refusal, or null. */
        String addRange(byte[] startArg, byte[] endArg) {
            int start = SetSlotCommand.slot(startArg);
            int end = start < 0 ? -1 : SetSlotCommand.slot(endArg);
            if (start < 0 || end < 0) {
                return Errors.INVALID_OR_OUT_OF_RANGE_SLOT;
            }
            if (start > end) {
                return Errors.startSlotAfterEndSlot(start, end);
            }
            return add(start, end);
        }

        /** The slots from start to end, inclusive; the refusal of the first that fails, or null. */
        String add(int start, int end) {
            for (int slot = start; slot <= end; slot++) {
                NodeInfo owner = topology.ownerOf(slot);
                if (delete && owner == null) {
                    return Errors.slotAlreadyUnassigned(slot);
                }
                if (!delete && owner != null) {
                    return Errors.slotAlreadyBusy(slot);
                }
                if (slots.get(slot)) {
                    return Errors.slotSpecifiedMultipleTimes(slot);
                }
                slots.set(slot);
            }
            return null;
        }
    }
}
