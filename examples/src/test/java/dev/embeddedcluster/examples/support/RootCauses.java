package dev.embeddedcluster.examples.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * What lies under a client's exception: clients wrap the socket's error (connection refused, read
 * timed out) in their own, and retrying clients attach one per attempt as suppressed exceptions.
 */
public final class RootCauses {
    private RootCauses() {
    }

    /** The exceptions at the bottom of each chain of causes and suppressed exceptions under {@code thrown}. */
    public static List<Throwable> of(Throwable thrown) {
        List<Throwable> roots = new ArrayList<>();
        collect(thrown, Collections.newSetFromMap(new IdentityHashMap<>()), roots);
        return roots;
    }

    private static void collect(Throwable t, Set<Throwable> seen, List<Throwable> roots) {
        if (!seen.add(t)) {
            return;
        }
        if (t.getCause() == null && t.getSuppressed().length == 0) {
            roots.add(t);
            return;
        }
        if (t.getCause() != null) {
            collect(t.getCause(), seen, roots);
        }
        for (Throwable suppressed : t.getSuppressed()) {
            collect(suppressed, seen, roots);
        }
    }
}
