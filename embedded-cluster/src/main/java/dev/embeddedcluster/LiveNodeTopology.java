package dev.embeddedcluster;

import java.util.List;

/** The topology of an embedded cluster as it is now, so that node handles follow failovers and migrations. */
record LiveNodeTopology(EmbeddedRedisCluster cluster) implements NodeTopology {
    @Override
    public boolean isMaster(String nodeId) {
        return cluster.describe(nodeId).isMaster();
    }

    @Override
    public String masterId(String nodeId) {
        return cluster.describe(nodeId).masterId();
    }

    @Override
    public List<SlotRange> slots(String nodeId) {
        return cluster.slotsOf(nodeId).stream().map(r -> SlotRange.of(r[0], r[1])).toList();
    }
}
