package dev.embeddedcluster.command.cluster;

import dev.embeddedcluster.cluster.ClusterTopology;
import dev.embeddedcluster.cluster.NodeInfo;
import dev.embeddedcluster.command.CommandHandler;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.NodeContext;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.keyspace.KeySlot;
import dev.embeddedcluster.util.RedisNumbers;

import java.util.function.BiConsumer;

/**
 * CLUSTER SETSLOT: the steps of moving a slot between masters. IMPORTING on the target and
 * MIGRATING on the source open the slot (clients get ASK for the keys that already moved), NODE
 * hands it over and STABLE closes it. What one node sets, every node sees at once, as after gossip.
 */
public final class SetSlotCommand {
    private SetSlotCommand() {
    }

    public static void register(BiConsumer<String, CommandHandler> registry) {
        registry.accept("cluster|setslot", SetSlotCommand::setSlot);
    }

    private static void setSlot(Request r) {
        NodeContext node = r.node();
        if (!node.isMaster()) {
            r.reply().error(Errors.SETSLOT_ON_REPLICA);
            return;
        }
        int slot = slot(r.arg(2));
        if (slot < 0) {
            r.reply().error(Errors.INVALID_OR_OUT_OF_RANGE_SLOT);
            return;
        }
        String error;
        if (r.is(3, "migrating") && r.argc() == 5) {
            error = migrating(node, slot, r.text(4));
        } else if (r.is(3, "importing") && r.argc() == 5) {
            error = importing(node, slot, r.text(4));
        } else if (r.is(3, "stable") && r.argc() == 4) {
            node.changeTopology(t -> t.withMigrating(node.id(), slot, null).withImporting(node.id(), slot, null));
            error = null;
        } else if (r.is(3, "node") && r.argc() == 5) {
            error = assign(node, slot, r.text(4));
        } else {
            error = Errors.SETSLOT_SYNTAX;
        }
        if (error != null) {
            r.reply().error(error);
        } else {
            r.reply().ok();
        }
    }

    public static String migrating(NodeContext node, int slot, String targetId) {
        ClusterTopology topology = node.topology();
        NodeInfo owner = topology.ownerOf(slot);
        if (owner == null || !owner.id().equals(node.id())) {
            return Errors.notOwnerOfSlot(slot);
        }
        String refusal = peerRefusal(topology.node(targetId), Errors.unknownNodeToMe(targetId));
        if (refusal == null) {
            node.changeTopology(t -> t.withMigrating(node.id(), slot, targetId));
        }
        return refusal;
    }

    public static String importing(NodeContext node, int slot, String sourceId) {
        ClusterTopology topology = node.topology();
        NodeInfo owner = topology.ownerOf(slot);
        if (owner != null && owner.id().equals(node.id())) {
            return Errors.alreadyOwnerOfSlot(slot);
        }
        String refusal = peerRefusal(topology.node(sourceId), Errors.unknownNodeToMe(sourceId));
        if (refusal == null) {
            node.changeTopology(t -> t.withImporting(node.id(), slot, sourceId));
        }
        return refusal;
    }

    /**
     * NODE: the slot is served by the given master from now on. A node that served it must hold
     * none of its keys any more; a node that imported it takes a new epoch, so that its claim wins;
     * a master left without slots becomes, with its replicas, a replica of the new owner, as Redis
     * makes it when it learns of the move from either side.
     */
    public static String assign(NodeContext node, int slot, String ownerId) {
        ClusterTopology topology = node.topology();
        String refusal = peerRefusal(topology.node(ownerId), Errors.unknownNode(ownerId));
        if (refusal != null) {
            return refusal;
        }
        NodeInfo owner = topology.ownerOf(slot);
        boolean wasMine = owner != null && owner.id().equals(node.id());
        int keys = node.keyspace().countInSlot(slot);
        if (wasMine && !ownerId.equals(node.id()) && keys != 0) {
            return Errors.slotStillHasKeys(slot);
        }
        node.changeTopology(t -> {
            ClusterTopology changed = t;
            if (keys == 0 && changed.migrating(node.id()).containsKey(slot)) {
                changed = changed.withMigrating(node.id(), slot, null);
            }
            changed = changed.withSlotOwner(slot, ownerId);
            if (ownerId.equals(node.id()) && changed.importing(node.id()).containsKey(slot)) {
                changed = changed.withEpochBumped(node.id()).withImporting(node.id(), slot, null);
            }
            NodeInfo previous = t.ownerOf(slot);
            if (previous != null && !previous.id().equals(ownerId) && changed.slotRanges(previous.id()).isEmpty()
                    && allowsReplicaMigration(node, previous.id())) {
                changed = changed.withReplicasMovedTo(previous.id(), ownerId);
            }
            return changed;
        });
        return null;
    }

    /** Whether a master left without slots turns into a replica (its cluster-allow-replica-migration). */
    private static boolean allowsReplicaMigration(NodeContext node, String masterId) {
        NodeContext master = node.members().get(masterId);
        return master != null && "yes".equals(master.config().get("cluster-allow-replica-migration"));
    }

    private static String peerRefusal(NodeInfo peer, String unknown) {
        if (peer == null) {
            return unknown;
        }
        return peer.isMaster() ? null : Errors.TARGET_NOT_A_MASTER;
    }

    /** The slot Redis reads from the argument, or -1 when it is no integer in range. */
    static int slot(byte[] arg) {
        Long slot = RedisNumbers.parseLong(arg);
        return slot != null && slot >= 0 && slot < KeySlot.SLOTS ? slot.intValue() : -1;
    }
}
