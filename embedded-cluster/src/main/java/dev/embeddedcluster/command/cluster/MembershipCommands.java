package dev.embeddedcluster.command.cluster;

import dev.embeddedcluster.cluster.NodeInfo;
import dev.embeddedcluster.command.CommandHandler;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.NodeContext;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.util.Ascii;
import dev.embeddedcluster.util.RedisNumbers;

import java.net.InetAddress;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * CLUSTER MEET, FORGET, REPLICATE and RESET: which nodes know each other and whom a node
 * replicates, as redis-cli's cluster manager (create, add-node, del-node) drives them.
 */
public final class MembershipCommands {
    /** What Redis takes for an address to meet: an IPv4 or IPv6 literal, never a name to resolve. */
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private MembershipCommands() {
    }

    public static void register(BiConsumer<String, CommandHandler> registry) {
        registry.accept("cluster|meet", MembershipCommands::meet);
        registry.accept("cluster|forget", MembershipCommands::forget);
        registry.accept("cluster|replicate", MembershipCommands::replicate);
        registry.accept("cluster|reset", MembershipCommands::reset);
    }

    /** MEET ip port [bus-port]: OK for any valid address, as Redis answers before its handshake. */
    private static void meet(Request r) {
        if (r.argc() > 5) {
            r.reply().error(Errors.subcommandSyntax(r.text(1), "cluster"));
            return;
        }
        String host = r.text(2);
        Long port = RedisNumbers.parseLong(r.arg(3));
        if (port == null) {
            r.reply().error(Errors.invalidMeetPort("base", r.text(3)));
            return;
        }
        Long busPort = r.argc() == 5 ? RedisNumbers.parseLong(r.arg(4)) : Long.valueOf(port + 10000);
        if (busPort == null) {
            r.reply().error(Errors.invalidMeetPort("bus", r.text(4)));
            return;
        }
        if (!isIpLiteral(host) || !inPortRange(port) || !inPortRange(busPort)) {
            r.reply().error(Errors.invalidNodeAddress(host, r.text(3)));
            return;
        }
        r.node().meet(host, port.intValue());
        r.reply().ok();
    }

    private static boolean isIpLiteral(String host) {
        if (IPV4.matcher(host).matches()) {
            return true;
        }
        if (!IPV6.matcher(host).matches()) {
            return false;
        }
        try {
            InetAddress.getByName(host); // a literal: parsed, never looked up
            return true;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static boolean inPortRange(long port) {
        return port > 0 && port <= 65535;
    }

    private static void forget(Request r) {
        String refusal = r.node().forget(r.text(2));
        if (refusal != null) {
            r.reply().error(refusal);
        } else {
            r.reply().ok();
        }
    }

    /** REPLICATE master-id: a master only while it has no slots and no keys; a replica may switch masters. */
    private static void replicate(Request r) {
        NodeContext node = r.node();
        String masterId = r.text(2);
        NodeInfo master = node.topology().node(masterId);
        if (master == null) {
            r.reply().error(Errors.unknownNode(masterId));
        } else if (master.id().equals(node.id())) {
            r.reply().error(Errors.REPLICATE_MYSELF);
        } else if (!master.isMaster()) {
            r.reply().error(Errors.REPLICATE_A_REPLICA);
        } else if (node.isMaster() && (!node.topology().slotRanges(node.id()).isEmpty() || r.keyspace().size() != 0)) {
            r.reply().error(Errors.REPLICATE_NOT_EMPTY);
        } else {
            node.changeTopology(t -> t.withMaster(node.id(), masterId));
            r.reply().ok();
        }
    }

    /** RESET [HARD|SOFT] (SOFT when not said): a master must hold no keys; a replica's are dropped. */
    private static void reset(Request r) {
        boolean hard = false;
        if (r.argc() == 3) {
            String mode = Ascii.lower(r.arg(2));
            if (!mode.equals("hard") && !mode.equals("soft")) {
                r.reply().error(Errors.SYNTAX);
                return;
            }
            hard = mode.equals("hard");
        } else if (r.argc() > 3) {
            r.reply().error(Errors.subcommandSyntax(r.text(1), "cluster"));
            return;
        }
        if (r.node().isMaster() && r.keyspace().size() != 0) {
            r.reply().error(Errors.RESET_MASTER_WITH_KEYS);
            return;
        }
        r.node().resetCluster(hard);
        r.reply().ok();
    }
}
