package dev.embeddedcluster.server;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** The running nodes of one cluster by id, for work one node hands to another's thread. */
public final class ClusterMembers implements dev.embeddedcluster.command.Members {
    private final Map<String, Node> nodes = new LinkedHashMap<>();

    public void add(Node node) {
        nodes.put(node.id(), node);
    }

    public Node get(String id) {
        return nodes.get(id);
    }

    public Collection<Node> all() {
        return nodes.values();
    }
}
