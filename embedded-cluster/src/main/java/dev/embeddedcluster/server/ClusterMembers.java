package dev.embeddedcluster.server;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The running nodes of one cluster by id, for work one node hands to another's thread. Nodes
 * come and go at run time (added, removed), rarely: each change publishes a new map, so the
 * nodes' threads read without locks.
 */
public final class ClusterMembers implements dev.embeddedcluster.command.Members {
    private volatile Map<String, Node> nodes = Map.of();
    private final FailureDetector failureDetector = new FailureDetector();
    private final Membership membership = new Membership(this);

    public synchronized void add(Node node) {
        Map<String, Node> changed = new LinkedHashMap<>(nodes);
        changed.put(node.id(), node);
        nodes = Collections.unmodifiableMap(changed);
    }

    public synchronized void remove(Node node) {
        Map<String, Node> changed = new LinkedHashMap<>(nodes);
        changed.remove(node.id());
        nodes = Collections.unmodifiableMap(changed);
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
