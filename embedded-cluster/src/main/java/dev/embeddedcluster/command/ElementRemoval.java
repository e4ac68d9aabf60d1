package dev.embeddedcluster.command;

import dev.embeddedcluster.command.notifications.EventClass;

import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/** HDEL, SREM and the like: remove the named elements of an aggregate, and its key once it is empty. */
public final class ElementRemoval {
    private ElementRemoval() {
    }

    /**
     * Removes the elements named from argument 2 on, deleting the key (argument 1) as soon as
     * nothing is left, as Redis does; replicates the command when something went, publishes
     * {@code event} (and "del" for a deleted key) and replies how many went.
     */
    public static void removeNamedElements(Request r, Predicate<byte[]> remove, BooleanSupplier empty,
                                           EventClass eventClass, String event) {
        int removed = 0;
        boolean keyRemoved = false;
        for (int i = 2; i < r.argc(); i++) {
            if (remove.test(r.arg(i))) {
                removed++;
                if (empty.getAsBoolean()) {
                    r.keyspace().delete(r.arg(1));
                    keyRemoved = true;
                    break;
                }
            }
        }
        if (removed > 0) {
            r.propagateChanges(removed);
            r.notify(eventClass, event, r.arg(1));
            if (keyRemoved) {
                r.notify(EventClass.GENERIC, "del", r.arg(1));
            }
        }
        r.reply().integer(removed);
    }
}
