package dev.embeddedcluster.cluster;

import java.util.List;
import java.util.Map;

/** Text renderings of the topology from one node's point of view, in Redis's formats. */
public final class ClusterViews {
    private ClusterViews() {
    }

    /** CLUSTER NODES: one line per node, each ending in a newline. */
    public static String nodes(ClusterTopology topology, String myselfId, long nowMillis) {
        StringBuilder out = new StringBuilder(topology.nodes().size() * 128);
        for (NodeInfo node : topology.nodes()) {
            appendNodeLine(out, topology, node, myselfId, nowMillis);
            out.append('\n');
        }
        return out.toString();
    }

    /** One CLUSTER NODES line without its newline, as CLUSTER REPLICAS lists them. */
    public static String nodeLine(ClusterTopology topology, NodeInfo node, String myselfId, long nowMillis) {
        StringBuilder out = new StringBuilder(128);
        appendNodeLine(out, topology, node, myselfId, nowMillis);
        return out.toString();
    }

    private static void appendNodeLine(StringBuilder out, ClusterTopology topology, NodeInfo node, String myselfId,
                                       long nowMillis) {
        boolean myself = node.id().equals(myselfId);
        NodeFailure failure = myself ? null : topology.failure(node.id());
        out.append(node.id()).append(' ')
                .append(node.host()).append(':').append(node.port()).append('@').append(node.busPort()).append(' ')
                .append(myself ? "myself," : "").append(node.isMaster() ? "master" : "slave")
                .append(failureFlag(failure)).append(' ')
                .append(node.isMaster() ? "-" : node.masterId()).append(' ');
        if (failure == null || failure.answering()) {
            out.append(0).append(' ').append(myself ? nowMillis / 1000 * 1000 : nowMillis).append(' ');
        } else {
            // The ping sent when it stopped answering is still pending; its last pong came before.
            out.append(failure.sinceMillis()).append(' ').append(failure.sinceMillis()).append(' ');
        }
        out.append(epochOf(topology, node)).append(' ')
                .append(failure == null || failure.answering() || failure.linkUp() ? "connected" : "disconnected");
        if (node.isMaster()) {
            for (int[] range : topology.slotRanges(node.id())) {
                out.append(' ').append(range[0]);
                if (range[1] != range[0]) {
                    out.append('-').append(range[1]);
                }
            }
        }
        if (myself) {
            for (Map.Entry<Integer, String> m : topology.migrating(node.id()).entrySet()) {
                out.append(" [").append(m.getKey()).append("->-").append(m.getValue()).append(']');
            }
            for (Map.Entry<Integer, String> i : topology.importing(node.id()).entrySet()) {
                out.append(" [").append(i.getKey()).append("-<-").append(i.getValue()).append(']');
            }
        }
    }

    private static String failureFlag(NodeFailure failure) {
        if (failure == null) {
            return "";
        }
        return switch (failure.level()) {
            case DISCONNECTED -> "";
            case PFAIL -> ",fail?";
            case FAIL -> ",fail";
        };
    }

    /** A replica shows its master's config epoch, as Redis does. */
    public static long epochOf(ClusterTopology topology, NodeInfo node) {
        if (node.isMaster()) {
            return node.configEpoch();
        }
        NodeInfo master = topology.node(node.masterId());
        return master == null ? node.configEpoch() : master.configEpoch();
    }

    /** CLUSTER INFO, lines ending in CRLF. */
    public static String info(ClusterTopology topology, NodeInfo myself) {
        int assigned = topology.assignedSlots();
        int pfail = 0;
        int fail = 0;
        if (!topology.failures().isEmpty()) {
            for (int slot = 0; slot < dev.embeddedcluster.keyspace.KeySlot.SLOTS; slot++) {
                NodeInfo owner = topology.ownerOf(slot);
                NodeFailure failure = owner == null ? null : topology.failure(owner.id());
                if (failure != null && failure.level() == NodeFailure.Level.PFAIL) {
                    pfail++;
                } else if (failure != null && failure.failed()) {
                    fail++;
                }
            }
        }
        List<NodeInfo> nodes = topology.nodes();
        return "cluster_state:" + (topology.isOk() ? "ok" : "fail") + "\r\n"
                + "cluster_slots_assigned:" + assigned + "\r\n"
                + "cluster_slots_ok:" + (assigned - pfail - fail) + "\r\n"
                + "cluster_slots_pfail:" + pfail + "\r\n"
                + "cluster_slots_fail:" + fail + "\r\n"
                + "cluster_known_nodes:" + nodes.size() + "\r\n"
                + "cluster_size:" + topology.size() + "\r\n"
                + "cluster_current_epoch:" + topology.currentEpoch() + "\r\n"
                + "cluster_my_epoch:" + epochOf(topology, myself) + "\r\n"
                + "cluster_stats_messages_sent:0\r\n"
                + "cluster_stats_messages_received:0\r\n"
                + "total_cluster_links_buffer_limit_exceeded:0\r\n";
    }
}
