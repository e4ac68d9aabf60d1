package dev.embeddedcluster.parity;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * One line of CLUSTER NODES: {@code <id> <ip:port@cport> <flags> <master> <ping-sent> <pong-recv> <epoch> <link> <slot>...}.
 * The scenarios compare what these say (flags, master, link, slots), never ids' or epochs' values.
 */
record ClusterNodesLine(String id, int port, String flags, String masterId, String linkState, List<String> slots) {

    static List<ClusterNodesLine> parse(String clusterNodes) {
        return clusterNodes.lines().filter(l -> !l.isBlank()).map(ClusterNodesLine::parseLine).toList();
    }

    private static ClusterNodesLine parseLine(String line) {
        String[] fields = line.split(" ");
        String address = fields[1];
        int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1, address.indexOf('@')));
        return new ClusterNodesLine(fields[0], port, fields[2], fields[3], fields[7],
                List.of(Arrays.copyOfRange(fields, 8, fields.length)));
    }

    boolean hasFlag(String flag) {
        return Set.of(flags.split(",")).contains(flag);
    }

    /** Whether this node's slot ranges (not its migrating or importing entries) hold the slot. */
    boolean servesSlot(int slot) {
        for (String range : slots) {
            if (range.startsWith("[")) {
                continue;
            }
            int dash = range.indexOf('-');
            int first = Integer.parseInt(dash < 0 ? range : range.substring(0, dash));
            int last = dash < 0 ? first : Integer.parseInt(range.substring(dash + 1));
            if (slot >= first && slot <= last) {
                return true;
            }
        }
        return false;
    }

    /** The flags without {@code myself}, as the other nodes show this one. */
    String flagsAsOthersSeeThem() {
        return flags.replace("myself,", "");
    }
}
