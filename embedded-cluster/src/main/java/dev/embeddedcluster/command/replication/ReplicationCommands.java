package dev.embeddedcluster.command.replication;

import dev.embeddedcluster.command.CommandHandler;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.NodeContext;
import dev.embeddedcluster.command.Replication;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.resp.RespWriter;

import java.util.List;
import java.util.function.BiConsumer;

/** WAIT and ROLE. */
public final class ReplicationCommands {
    private ReplicationCommands() {
    }

    public static void register(BiConsumer<String, CommandHandler> registry) {
        registry.accept("wait", ReplicationCommands::await);
        registry.accept("role", ReplicationCommands::role);
    }

    private static void await(Request r) {
        if (!r.node().isMaster()) {
            r.reply().error(Errors.WAIT_ON_REPLICA);
            return;
        }
        long replicas;
        try {
            replicas = Long.parseLong(r.text(1));
        } catch (NumberFormatException e) {
            r.reply().error(Errors.NOT_INTEGER);
            return;
        }
        long timeout;
        try {
            timeout = Long.parseLong(r.text(2));
        } catch (NumberFormatException e) {
            r.reply().error(Errors.TIMEOUT_NOT_INTEGER);
            return;
        }
        if (timeout < 0) {
            r.reply().error(Errors.TIMEOUT_NEGATIVE);
            return;
        }
        r.node().replication().await(r, (int) Math.max(Math.min(replicas, Integer.MAX_VALUE), Integer.MIN_VALUE), timeout);
    }

    private static void role(Request r) {
        NodeContext node = r.node();
        Replication replication = node.replication();
        RespWriter reply = r.reply();
        if (node.isMaster()) {
            List<? extends NodeContext> replicas = replication.replicas();
            // Replica connections appear once online, as in Redis.
            List<ReplicaLink> connections = replication.replicaConnections().stream().filter(ReplicaLink::online).toList();
            reply.arrayHeader(3);
            reply.bulk("master");
            reply.integer(replication.offset());
            reply.arrayHeader(replicas.size() + connections.size());
            for (NodeContext replica : replicas) {
                reply.arrayHeader(3);
                reply.bulk(replica.host());
                reply.bulkDecimal(replica.port());
                reply.bulkDecimal(replica.replication().acknowledgedOffset());
            }
            for (ReplicaLink connection : connections) {
                reply.arrayHeader(3);
                reply.bulk(connection.ip());
                reply.bulkDecimal(connection.port());
                reply.bulkDecimal(connection.offset());
            }
            return;
        }
        NodeContext master = replication.master();
        reply.arrayHeader(5);
        reply.bulk("slave");
        reply.bulk(master.host());
        reply.integer(master.port());
        // Its link to the master lost: Redis's replica keeps trying to connect.
        reply.bulk(replication.masterLinkDownSinceMillis() < 0 ? "connected" : "connect");
        reply.integer(replication.offset());
    }
}
