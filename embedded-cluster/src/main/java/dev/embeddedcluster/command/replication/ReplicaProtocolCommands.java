package dev.embeddedcluster.command.replication;

import dev.embeddedcluster.command.CommandHandler;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.Replication;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.util.RedisNumbers;

import java.util.function.BiConsumer;

/**
 * The master's side of the replication protocol, for a connection that is not one of our own
 * nodes (a real redis-server replica, redis-cli --rdb or --replica): REPLCONF, then SYNC or PSYNC,
 * after which the connection receives the snapshot and the write stream instead of replies.
 */
public final class ReplicaProtocolCommands {
    /** Longer announced addresses are refused (Redis's NET_HOST_STR_LEN). */
    private static final int MAX_IP_ADDRESS = 256;

    private ReplicaProtocolCommands() {
    }

    public static void register(BiConsumer<String, CommandHandler> registry) {
        registry.accept("replconf", ReplicaProtocolCommands::replconf);
        registry.accept("sync", r -> sync(r, false));
        registry.accept("psync", r -> sync(r, true));
    }

    private static void replconf(Request r) {
        if (r.argc() % 2 == 0) {
            r.reply().error(Errors.SYNTAX);
            return;
        }
        Replication replication = r.node().replication();
        ReplicaHandshake handshake = replication.handshake(r.client());
        for (int j = 1; j < r.argc(); j += 2) {
            if (r.is(j, "listening-port")) {
                Long port = RedisNumbers.parseLong(r.arg(j + 1));
                if (port == null) {
                    r.reply().error(Errors.NOT_INTEGER);
                    return;
                }
                handshake.listeningPort(port);
            } else if (r.is(j, "ip-address")) {
                byte[] ip = r.arg(j + 1);
                if (ip.length >= MAX_IP_ADDRESS) {
                    r.reply().error("ERR REPLCONF ip-address provided by replica instance is too long: "
                            + ip.length + " bytes");
                    return;
                }
                handshake.ipAddress(r.text(j + 1));
            } else if (r.is(j, "capa")) {
                if (r.is(j + 1, "eof")) {
                    handshake.eofCapable(true);
                } else if (r.is(j + 1, "psync2")) {
                    handshake.psync2Capable(true);
                }
            } else if (r.is(j, "ack")) {
                // A replica's acknowledgement has no reply; from another connection it is ignored.
                Long offset = RedisNumbers.parseLong(r.arg(j + 1));
                if (offset != null) {
                    replication.replicaAcknowledged(r.client(), offset);
                }
                return;
            } else if (r.is(j, "getack")) {
                // Our own replicas acknowledge every part of the stream they apply: nothing to send.
                return;
            } else if (r.is(j, "rdb-only")) {
                Long value = RedisNumbers.parseLong(r.arg(j + 1));
                if (value == null) {
                    r.reply().error(Errors.NOT_INTEGER);
                    return;
                }
                if (value < 0 || value > 1) {
                    r.reply().error("ERR value is out of range, value must between 0 and 1");
                    return;
                }
                handshake.rdbOnly(value == 1);
            } else if (r.is(j, "rdb-filter-only")) {
                String error = filter(handshake, r.text(j + 1));
                if (error != null) {
                    r.reply().error(error);
                    return;
                }
            } else {
                r.reply().error("ERR Unrecognized REPLCONF option: " + r.text(j));
                return;
            }
        }
        r.reply().ok();
    }

    /** rdb-filter-only: the snapshot holds no keys, and functions only when the filter names them. */
    private static String filter(ReplicaHandshake handshake, String value) {
        if (value.indexOf('"') >= 0 || value.indexOf('\'') >= 0) {
            return "ERR Missing rdb-filter-only values";
        }
        boolean functions = false;
        for (String filter : value.trim().split("\\s+")) {
            if (filter.isEmpty()) {
                continue;
            }
            if (!filter.equalsIgnoreCase("functions")) {
                return "ERR Unsupported rdb-filter-only option: " + filter;
            }
            functions = true;
        }
        handshake.filter(true, functions);
        return null;
    }

    private static void sync(Request r, boolean psync) {
        Replication replication = r.node().replication();
        if (replication.isReplicaConnection(r.client())) {
            return; // already a replica: Redis ignores it
        }
        if (psync && r.argc() > 3 && r.is(3, "failover")) {
            r.reply().error(r.node().isMaster() ? "ERR PSYNC FAILOVER can't be sent to a master."
                    : "ERR PSYNC FAILOVER replid must match my replid.");
            return;
        }
        if (!r.node().isMaster() && replication.masterLinkDownSinceMillis() >= 0) {
            r.reply().error("NOMASTERLINK Can't SYNC while not connected with my master");
            return;
        }
        if (r.reply().pendingBytes() > 0) {
            r.reply().error("ERR SYNC and PSYNC are invalid with pending output");
            return;
        }
        ReplicaHandshake handshake = replication.handshake(r.client());
        if (handshake.filtered() && !handshake.eofCapable()) {
            r.reply().error("ERR Filtered replica requires EOF capability");
            return;
        }
        long offset = -1;
        String replicationId = null;
        if (psync) {
            Long parsed = RedisNumbers.parseLong(r.arg(2));
            if (parsed == null) {
                r.reply().error(Errors.NOT_INTEGER);
                return;
            }
            offset = parsed;
            replicationId = r.text(1);
        }
        replication.attachReplica(r.client(), psync, replicationId, offset);
    }
}
