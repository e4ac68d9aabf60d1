package dev.embeddedcluster.cluster;

import dev.embeddedcluster.keyspace.KeySlot;

import java.util.Arrays;
import java.util.function.Predicate;

/**
 * The one decision every keyed command goes through (Redis's getNodeByQuery): from the keys'
 * slot, its owner and migration state, this node's role and the client's READONLY and ASKING
 * flags, answer LOCAL, MOVED, ASK, TRYAGAIN, CROSSSLOT or CLUSTERDOWN.
 */
public final class SlotRouter {
    private SlotRouter() {
    }

    /**
     * @param myself       the node deciding
     * @param write        whether the command writes
     * @param args         the command's arguments
     * @param keyPositions the indices of its keys in {@code args}; empty for a keyless command
     * @param readonly     the client sent READONLY
     * @param asking       the client sent ASKING just before this command (or the command implies it)
     * @param keyExists    whether a key exists here (consulted only for a slot in migration)
     */
    public static Route route(ClusterTopology topology, NodeInfo myself, boolean write, byte[][] args, int[] keyPositions,
                              boolean readonly, boolean asking, Predicate<byte[]> keyExists) {
        return route(topology, myself, write, args, keyPositions, readonly, asking, keyExists, false);
    }

    /**
     * As above; {@code migrate} marks MIGRATE, which runs here whenever its slot is migrating or
     * importing, so that keys can move freely while a slot moves.
     */
    public static Route route(ClusterTopology topology, NodeInfo myself, boolean write, byte[][] args, int[] keyPositions,
                              boolean readonly, boolean asking, Predicate<byte[]> keyExists, boolean migrate) {
        if (keyPositions.length == 0) {
            return Route.LOCAL;
        }
        int slot = KeySlot.of(args[keyPositions[0]]);
        NodeInfo owner = topology.ownerOf(slot);
        if (owner == null) {
            return new Route(Route.Kind.CLUSTERDOWN_UNBOUND, slot, null);
        }
        boolean inMigration = topology.anySlotInMigration();
        boolean migrating = inMigration && owner.id().equals(myself.id())
                && topology.migrating(myself.id()).containsKey(slot);
        boolean importing = inMigration && !migrating && topology.importing(myself.id()).containsKey(slot);
        boolean multipleKeys = false;
        int missing = 0;
        int existing = 0;
        for (int i = 0; i < keyPositions.length; i++) {
            byte[] key = args[keyPositions[i]];
            if (i > 0) {
                if (KeySlot.of(key) != slot) {
                    return new Route(Route.Kind.CROSSSLOT, slot, null);
                }
                if (!multipleKeys && !Arrays.equals(args[keyPositions[0]], key)) {
                    multipleKeys = true;
                }
            }
            if (migrating || importing) {
                if (keyExists.test(key)) {
                    existing++;
                } else {
                    missing++;
                }
            }
        }
        if (!topology.isOk()) {
            return new Route(Route.Kind.CLUSTERDOWN_STATE, slot, null);
        }
        if (migrate && (migrating || importing)) {
            return Route.LOCAL;
        }
        if (migrating && missing > 0) {
            if (existing > 0) {
                return new Route(Route.Kind.TRYAGAIN, slot, null);
            }
            return new Route(Route.Kind.ASK, slot, topology.node(topology.migrating(myself.id()).get(slot)));
        }
        if (importing && asking) {
            if (multipleKeys && missing > 0) {
                return new Route(Route.Kind.TRYAGAIN, slot, null);
            }
            return Route.LOCAL;
        }
        if (readonly && !write && !myself.isMaster() && owner.id().equals(myself.masterId())) {
            return Route.LOCAL;
        }
        if (!owner.id().equals(myself.id())) {
            return new Route(Route.Kind.MOVED, slot, owner);
        }
        return Route.LOCAL;
    }
}
