package dev.embeddedcluster.examples.soak;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/** What one client library did during the soak: its operations, and every error it saw. */
final class Tally {
    /** Redis's reply to a command on a key of another type: the one error the workload provokes. */
    static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";

    final String library;
    final LongAdder operations = new LongAdder();
    final LongAdder replicaReads = new LongAdder();
    final LongAdder committed = new LongAdder();
    final LongAdder aborted = new LongAdder();
    final LongAdder wrongTypes = new LongAdder();
    private final Queue<String> errors = new ConcurrentLinkedQueue<>();

    Tally(String library) {
        this.library = library;
    }

    void ok() {
        operations.increment();
    }

    /** A failure of an operation: kept, with what the client said, for the final assertion. */
    void error(String operation, Throwable thrown) {
        errors.add(library + " " + operation + ": " + thrown);
    }

    /** The deliberate type mix-up: its error is Redis's WRONGTYPE, as the client surfaces it. */
    void expectWrongType(String operation, Throwable thrown) {
        String message = String.valueOf(thrown.getMessage());
        if (message.startsWith(WRONGTYPE)) {
            wrongTypes.increment();
            operations.increment();
        } else {
            error(operation, thrown);
        }
    }

    void unexpected(String operation, String what) {
        errors.add(library + " " + operation + ": " + what);
    }

    List<String> errors() {
        return List.copyOf(errors);
    }
}
