package dev.embeddedcluster.command;

import java.util.Collection;

/** The nodes of the cluster a node belongs to, in this JVM, by id. */
public interface Members {
    /** The node with that id, or null. */
    NodeContext get(String id);

    Collection<? extends NodeContext> all();
}
