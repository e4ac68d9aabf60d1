package dev.embeddedcluster.command.cluster;

import dev.embeddedcluster.cluster.ClusterTopology;
import dev.embeddedcluster.cluster.ClusterViews;
import dev.embeddedcluster.cluster.NodeInfo;
import dev.embeddedcluster.command.CommandHandler;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.NodeContext;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.keyspace.KeySlot;
import dev.embeddedcluster.resp.RespWriter;

import java.util.List;
import java.util.function.BiConsumer;

/** The CLUSTER subcommands that describe the cluster and its slots. */
public final class ClusterCommands {
    private static final List<String> HELP = List.of(
            "CLUSTER <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "ADDSLOTS <slot> [<slot> ...]",
            "    Assign slots to this node.",
            "ADDSLOTSRANGE <start slot> <end slot> [<start slot> <end slot> ...]",
            "    Assign slot ranges to this node.",
            "BUMPEPOCH",
            "    Give this node a new config epoch, unless it has the highest.",
            "COUNT-FAILURE-REPORTS <node-id>",
            "    Number of failure reports about <node-id>.",
            "COUNTKEYSINSLOT <slot>",
            "    Number of keys this node holds in <slot>.",
            "DELSLOTS <slot> [<slot> ...]",
            "    Take slots from this node.",
            "DELSLOTSRANGE <start slot> <end slot> [<start slot> <end slot> ...]",
            "    Take slot ranges from this node.",
            "FLUSHSLOTS",
            "    Take every slot from this node, whose keyspace must be empty.",
            "GETKEYSINSLOT <slot> <count>",
            "    Up to <count> key names this node holds in <slot>.",
            "INFO",
            "    The cluster's state, slot coverage, size and epochs.",
            "KEYSLOT <key>",
            "    The hash slot of <key>.",
            "LINKS",
            "    This node's links to its peers.",
            "MYID",
            "    This node's id.",
            "NODES",
            "    Every node with its address, flags, master, epoch and slots.",
            "REPLICAS <node-id>",
            "    The replicas of a master, one line each.",
            "SAVECONFIG",
            "    Save the cluster configuration (nothing to save here).",
            "SET-CONFIG-EPOCH <epoch>",
            "    Set this node's config epoch, on a fresh node alone.",
            "SHARDS",
            "    Every shard with its slots and its nodes.",
            "SLAVES <node-id>",
            "    Same as REPLICAS.",
            "SLOTS",
            "    Every slot range with the addresses of its master and replicas.",
            "HELP",
            "    This text.");

    private ClusterCommands() {
    }

    public static void register(BiConsumer<String, CommandHandler> registry) {
        registry.accept("cluster|nodes", r -> r.reply().verbatim(
                ClusterViews.nodes(r.node().topology(), r.node().id(), r.now())));
        registry.accept("cluster|info", r -> r.reply().verbatim(
                ClusterViews.info(r.node().topology(), r.node().myself())));
        registry.accept("cluster|myid", r -> r.reply().bulk(r.node().id()));
        registry.accept("cluster|keyslot", r -> r.reply().integer(KeySlot.of(r.arg(2))));
        registry.accept("cluster|countkeysinslot", ClusterCommands::countKeysInSlot);
        registry.accept("cluster|getkeysinslot", ClusterCommands::getKeysInSlot);
        registry.accept("cluster|slots", ClusterCommands::slots);
        registry.accept("cluster|shards", ClusterCommands::shards);
        registry.accept("cluster|replicas", ClusterCommands::replicas);
        registry.accept("cluster|slaves", ClusterCommands::replicas);
        registry.accept("cluster|links", ClusterCommands::links);
        registry.accept("cluster|help", r -> r.reply().simpleArray(HELP));
    }

    private static void countKeysInSlot(Request r) {
        Long slot = parseLong(r, 2);
        if (slot == null) {
            return;
        }
        if (slot < 0 || slot >= KeySlot.SLOTS) {
            r.reply().error(Errors.INVALID_SLOT);
            return;
        }
        r.reply().integer(r.keyspace().countInSlot(slot.intValue()));
    }

    private static void getKeysInSlot(Request r) {
        Long slot = parseLong(r, 2);
        if (slot == null) {
            return;
        }
        Long count = parseLong(r, 3);
        if (count == null) {
            return;
        }
        if (slot < 0 || slot >= KeySlot.SLOTS || count < 0) {
            r.reply().error(Errors.INVALID_SLOT_OR_COUNT);
            return;
        }
        List<byte[]> keys = r.keyspace().keysInSlot(slot.intValue(), (int) Math.min(count, Integer.MAX_VALUE));
        r.reply().arrayHeader(keys.size());
        keys.forEach(r.reply()::bulk);
    }

    private static Long parseLong(Request r, int index) {
        Long value = dev.embeddedcluster.util.RedisNumbers.parseLong(r.arg(index));
        if (value == null) {
            r.reply().error(Errors.NOT_INTEGER);
        }
        return value;
    }

    private static void slots(Request r) {
        ClusterTopology topology = r.node().topology();
        List<int[]> ranges = new java.util.ArrayList<>();
        List<NodeInfo> owners = new java.util.ArrayList<>();
        NodeInfo current = null;
        int start = 0;
        for (int slot = 0; slot <= KeySlot.SLOTS; slot++) {
            NodeInfo owner = slot < KeySlot.SLOTS ? topology.ownerOf(slot) : null;
            if (owner != current) {
                if (current != null) {
                    ranges.add(new int[] {start, slot - 1});
                    owners.add(current);
                }
                current = owner;
                start = slot;
            }
        }
        RespWriter reply = r.reply();
        reply.arrayHeader(ranges.size());
        for (int i = 0; i < ranges.size(); i++) {
            NodeInfo master = owners.get(i);
            // Redis leaves out the replicas it flags FAIL.
            List<NodeInfo> replicas = topology.replicasOf(master.id()).stream()
                    .filter(n -> topology.failure(n.id()) == null || !topology.failure(n.id()).failed()).toList();
            reply.arrayHeader(3 + replicas.size());
            reply.integer(ranges.get(i)[0]);
            reply.integer(ranges.get(i)[1]);
            slotNode(reply, master);
            replicas.forEach(replica -> slotNode(reply, replica));
        }
    }

    private static void slotNode(RespWriter reply, NodeInfo node) {
        reply.arrayHeader(4);
        reply.bulk(node.host());
        reply.integer(node.port());
        reply.bulk(node.id());
        reply.mapHeader(0);
    }

    private static void shards(Request r) {
        ClusterTopology topology = r.node().topology();
        List<NodeInfo> masters = topology.masters();
        RespWriter reply = r.reply();
        reply.arrayHeader(masters.size());
        for (NodeInfo master : masters) {
            List<int[]> ranges = topology.slotRanges(master.id());
            List<NodeInfo> replicas = topology.replicasOf(master.id());
            reply.mapHeader(2);
            reply.bulk("slots");
            reply.arrayHeader(ranges.size() * 2);
            for (int[] range : ranges) {
                reply.integer(range[0]);
                reply.integer(range[1]);
            }
            reply.bulk("nodes");
            reply.arrayHeader(1 + replicas.size());
            shardNode(r, reply, master);
            replicas.forEach(replica -> shardNode(r, reply, replica));
        }
    }

    private static void shardNode(Request r, RespWriter reply, NodeInfo node) {
        NodeContext running = r.node().members().get(node.id());
        reply.mapHeader(7);
        reply.bulk("id");
        reply.bulk(node.id());
        // With tls-cluster a node's port is its TLS port, and a node with port 0 has no plain one to show.
        reply.bulk("yes".equals(r.node().config().get("tls-cluster")) ? "tls-port" : "port");
        reply.integer(node.port());
        reply.bulk("ip");
        reply.bulk(node.host());
        reply.bulk("endpoint");
        reply.bulk(node.host());
        reply.bulk("role");
        reply.bulk(node.isMaster() ? "master" : "replica");
        reply.bulk("replication-offset");
        reply.integer(running == null ? 0 : running.replication().offset());
        reply.bulk("health");
        dev.embeddedcluster.cluster.NodeFailure failure = r.node().topology().failure(node.id());
        reply.bulk(failure != null && failure.failed() ? "fail" : "online");
    }

    private static void replicas(Request r) {
        ClusterTopology topology = r.node().topology();
        String id = r.text(2);
        NodeInfo master = topology.node(id);
        if (master == null) {
            r.reply().error(Errors.unknownNode(id));
            return;
        }
        if (!master.isMaster()) {
            r.reply().error(Errors.NOT_A_MASTER);
            return;
        }
        List<NodeInfo> replicas = topology.replicasOf(id);
        r.reply().arrayHeader(replicas.size());
        for (NodeInfo replica : replicas) {
            r.reply().bulk(ClusterViews.nodeLine(topology, replica, r.node().id(), r.now()));
        }
    }

    /** Every peer is reached both ways, as on a bus: one outbound and one inbound link each. */
    private static void links(Request r) {
        ClusterTopology topology = r.node().topology();
        List<NodeInfo> peers = topology.nodes().stream().filter(n -> !n.id().equals(r.node().id())).toList();
        RespWriter reply = r.reply();
        reply.arrayHeader(peers.size() * 2);
        long created = r.node().cluster().createdMillis();
        for (NodeInfo peer : peers) {
            link(reply, "to", peer, created, "rw");
            link(reply, "from", peer, created, "r");
        }
    }

    private static void link(RespWriter reply, String direction, NodeInfo peer, long created, String events) {
        reply.mapHeader(6);
        reply.bulk("direction");
        reply.bulk(direction);
        reply.bulk("node");
        reply.bulk(peer.id());
        reply.bulk("create-time");
        reply.integer(created);
        reply.bulk("events");
        reply.bulk(events);
        reply.bulk("send-buffer-allocated");
        reply.integer(0);
        reply.bulk("send-buffer-used");
        reply.integer(0);
    }
}
