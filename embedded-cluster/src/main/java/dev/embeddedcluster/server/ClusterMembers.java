package dev.embeddedcluster.server;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** The running nodes of one cluster by id, for work one node hands to another's thread. */
public final class ClusterMembers implements dev.embeddedcluster.command.Members {
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final FailureDetector failureDetector = new FailureDetector();
    private final Membership membership = new Membership(this);

    public void add(Node node) {
        nodes.put(node.id(), node);
    }

    public Node get(String id) {
        return nodes.get(id);
    }

    /** The one failure detector of these nodes, which each node's timer ticks. */
    public FailureDetector failureDetector() {
        return failureDetector;
    }

    /** Which of these nodes know each other (CLUSTER MEET, FORGET, RESET). */
    Membership membership() {
        return membership;
    }

    public Collection<Node> all() {
        return nodes.values();
    }
}
