package dev.embeddedcluster.command.transactions;

import dev.embeddedcluster.command.CommandSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * A client's MULTI: the commands queued for EXEC, and whether one was refused while queueing
 * (EXEC then answers EXECABORT).
 */
public final class Transaction {
    /** One queued command. */
    public record Queued(CommandSpec spec, byte[][] args) {
    }

    private final List<Queued> queued = new ArrayList<>();
    private boolean aborted;

    /** Queues a command; once one was refused, Redis keeps no more (EXEC routes by those it kept). */
    public void queue(CommandSpec spec, byte[][] args) {
        if (!aborted) {
            queued.add(new Queued(spec, args));
        }
    }

    public List<Queued> queued() {
        return queued;
    }

    /** A command was refused while queueing: EXEC will discard the transaction. */
    public void abort() {
        aborted = true;
    }

    public boolean aborted() {
        return aborted;
    }
}
