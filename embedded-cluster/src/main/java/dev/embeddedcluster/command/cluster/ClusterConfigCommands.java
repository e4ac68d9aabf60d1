package dev.embeddedcluster.command.cluster;

import dev.embeddedcluster.cluster.ClusterTopology;
import dev.embeddedcluster.cluster.NodeFailure;
import dev.embeddedcluster.cluster.NodeInfo;
import dev.embeddedcluster.command.CommandHandler;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.NodeContext;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.util.RedisNumbers;

import java.util.function.BiConsumer;

/**
 * The CLUSTER subcommands about a node's own cluster configuration: its config epoch (BUMPEPOCH,
 * SET-CONFIG-EPOCH), the failure reports it holds about a peer, and saving its nodes.conf, which
 * an emulated node has no need of.
 */
public final class ClusterConfigCommands {
    private ClusterConfigCommands() {
    }

    public static void register(BiConsumer<String, CommandHandler> registry) {
        registry.accept("cluster|bumpepoch", ClusterConfigCommands::bumpEpoch);
        registry.accept("cluster|set-config-epoch", ClusterConfigCommands::setConfigEpoch);
        registry.accept("cluster|count-failure-reports", ClusterConfigCommands::countFailureReports);
        registry.accept("cluster|saveconfig", r -> r.reply().ok());
    }

    /** A new config epoch unless this node's is already the highest and non-zero: BUMPED or STILL with it. */
    private static void bumpEpoch(Request r) {
        NodeContext node = r.node();
        long before = node.myself().configEpoch();
        ClusterTopology after = node.changeTopology(t -> t.withEpochBumped(node.id()));
        long epoch = after.node(node.id()).configEpoch();
        r.reply().simple((before == 0 || epoch != before ? "BUMPED " : "STILL ") + epoch);
    }

    /** Allowed only on a node alone and with no epoch yet, as on bare nodes at cluster creation. */
    private static void setConfigEpoch(Request r) {
        Long epoch = RedisNumbers.parseLong(r.arg(2));
        if (epoch == null) {
            r.reply().error(Errors.NOT_INTEGER);
        } else if (epoch < 0) {
            r.reply().error(Errors.invalidConfigEpoch(epoch));
        } else if (r.node().topology().nodes().size() > 1) {
            r.reply().error(Errors.CONFIG_EPOCH_WITH_OTHER_NODES);
        } else if (r.node().myself().configEpoch() != 0) {
            r.reply().error(Errors.CONFIG_EPOCH_NON_ZERO);
        } else {
            NodeContext node = r.node();
            node.changeTopology(t -> t.withConfigEpoch(node.id(), epoch));
            r.reply().ok();
        }
    }

    /**
     * The reports this node holds that a node is failing: one from each other master that can be
     * reached, once the node is flagged {@code fail?} or {@code fail} (they flag it at the same
     * time as this one here, and keep reporting it while it stays down).
     */
    private static void countFailureReports(Request r) {
        String id = r.text(2);
        ClusterTopology topology = r.node().topology();
        NodeInfo node = topology.node(id);
        if (node == null) {
            r.reply().error(Errors.unknownNode(id));
            return;
        }
        NodeFailure failure = topology.failure(id);
        int reports = 0;
        if (failure != null && failure.level() != NodeFailure.Level.DISCONNECTED) {
            for (NodeInfo master : topology.masters()) {
                if (!master.id().equals(id) && !master.id().equals(r.node().id()) && topology.failure(master.id()) == null) {
                    reports++;
                }
            }
        }
        r.reply().integer(reports);
    }
}
