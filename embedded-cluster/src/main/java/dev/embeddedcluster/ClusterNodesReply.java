package dev.embeddedcluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** A CLUSTER NODES reply, parsed: the layout of a cluster as one of its nodes saw it. */
final class ClusterNodesReply implements NodeTopology {
    /** One line of the reply: a node that has an address and is not still in handshake. */
    record Line(String id, String host, int port, int busPort, Set<String> flags, String masterId, List<SlotRange> slots) {
        boolean isMaster() {
            return flags.contains("master");
        }

        /** Flagged as failing (fail, or pfail: suspected by the node that answered). */
        boolean failing() {
            return flags.contains("fail") || flags.contains("fail?");
        }

        String address() {
            return host + ":" + port;
        }
    }

    private final List<Line> lines;
    private final Map<String, Line> byId;

    private ClusterNodesReply(List<Line> lines) {
        this.lines = lines;
        this.byId = lines.stream().collect(Collectors.toMap(Line::id, Function.identity()));
    }

    /**
     * Parses the reply. A node that does not know its own address yet shows an empty one: it is
     * the node that answered, reached at {@code answeringHost}.
     */
    static ClusterNodesReply parse(String reply, String answeringHost) {
        List<Line> parsed = new ArrayList<>();
        for (String text : reply.split("\n")) {
            if (!text.isBlank()) {
                Line line = parseLine(text.trim(), answeringHost);
                if (line != null) {
                    parsed.add(line);
                }
            }
        }
        return new ClusterNodesReply(ordered(parsed));
    }

    private static Line parseLine(String text, String answeringHost) {
        String[] fields = text.split(" ");
        if (fields.length < 8) {
            throw new IllegalArgumentException("not a CLUSTER NODES line: " + text);
        }
        Set<String> flags = Set.of(fields[2].split(","));
        if (flags.contains("handshake") || flags.contains("noaddr")) {
            return null;
        }
        String address = fields[1].split(",")[0];
        int at = address.indexOf('@');
        String hostPort = at < 0 ? address : address.substring(0, at);
        int colon = hostPort.lastIndexOf(':');
        String host = colon <= 0 ? answeringHost : hostPort.substring(0, colon);
        int port = Integer.parseInt(hostPort.substring(colon + 1));
        int busPort = at < 0 ? port + 10000 : Integer.parseInt(address.substring(at + 1));
        List<SlotRange> slots = new ArrayList<>();
        for (int i = 8; i < fields.length; i++) {
            if (!fields[i].startsWith("[")) { // [slot->-id] and [slot-<-id]: a slot migrating or importing
                slots.add(SlotRange.parse(fields[i]));
            }
        }
        String masterId = fields[3].equals("-") ? null : fields[3];
        return new Line(fields[0], host, port, busPort, flags, masterId, List.copyOf(slots));
    }

    /** Masters by their first slot, then replicas by their master's place; address order otherwise. */
    private static List<Line> ordered(List<Line> lines) {
        Comparator<Line> byAddress = Comparator.comparing(Line::host).thenComparingInt(Line::port);
        List<Line> masters = lines.stream().filter(Line::isMaster)
                .sorted(Comparator.comparingInt((Line l) -> l.slots().isEmpty() ? Integer.MAX_VALUE : l.slots().get(0).start())
                        .thenComparing(byAddress))
                .toList();
        List<String> masterIds = masters.stream().map(Line::id).toList();
        List<Line> replicas = lines.stream().filter(l -> !l.isMaster())
                .sorted(Comparator.comparingInt((Line l) -> masterIds.contains(l.masterId())
                                ? masterIds.indexOf(l.masterId()) : Integer.MAX_VALUE)
                        .thenComparing(byAddress))
                .toList();
        List<Line> all = new ArrayList<>(masters);
        all.addAll(replicas);
        return List.copyOf(all);
    }

    List<Line> lines() {
        return lines;
    }

    @Override
    public boolean isMaster(String nodeId) {
        return line(nodeId).isMaster();
    }

    @Override
    public String masterId(String nodeId) {
        return line(nodeId).masterId();
    }

    @Override
    public List<SlotRange> slots(String nodeId) {
        return line(nodeId).slots();
    }

    private Line line(String nodeId) {
        Line line = byId.get(nodeId);
        if (line == null) {
            throw new IllegalArgumentException("no node " + nodeId);
        }
        return line;
    }
}
