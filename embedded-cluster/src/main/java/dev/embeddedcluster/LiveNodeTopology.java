package dev.embeddedcluster;

import dev.embeddedcluster.cluster.ClusterState;

import java.util.List;

/** The topology of an embedded cluster as it is now, so that node handles follow failovers and migrations. */
record LiveNodeTopology(ClusterState state) implements NodeTopology {
    @Override
    public boolean isMaster(String nodeId) {
        return state.current().node(nodeId).isMaster();
    }

    @Override
    public String masterId(String nodeId) {
        return state.current().node(nodeId).masterId();
    }

    @Override
    public List<SlotRange> slots(String nodeId) {
        return state.current().slotRanges(nodeId).stream().map(r -> SlotRange.of(r[0], r[1])).toList();
    }
}
