package dev.embeddedcluster.command;

/** Executes one command on the node's thread; writes its reply through {@link Request#reply()}. */
@FunctionalInterface
public interface CommandHandler {
    void execute(Request request);
}
