package dev.embeddedcluster;

import java.util.List;

/** Where a {@link ClusterNode} reads what can change about it: its role, its master, its slots. */
interface NodeTopology {
    boolean isMaster(String nodeId);

    /** The id of the master the node replicates, or null for a master. */
    String masterId(String nodeId);

    /** The slots the node serves as a master; empty for a replica. */
    List<SlotRange> slots(String nodeId);
}
