package dev.embeddedcluster.command.server;

import dev.embeddedcluster.command.CommandHandler;
import dev.embeddedcluster.command.Errors;

import java.util.function.BiConsumer;

/**
 * Commands of a standalone Redis that a cluster node refuses, whatever their arguments, once
 * arity, routing and authentication have let them through (inside MULTI, at EXEC): a cluster has
 * only database 0, and its nodes change roles through CLUSTER commands.
 */
public final class StandaloneOnlyCommands {
    private StandaloneOnlyCommands() {
    }

    public static void register(BiConsumer<String, CommandHandler> registry) {
        registry.accept("move", r -> r.reply().error(Errors.MOVE_IN_CLUSTER));
        registry.accept("swapdb", r -> r.reply().error(Errors.SWAPDB_IN_CLUSTER));
        registry.accept("replicaof", r -> r.reply().error(Errors.REPLICAOF_IN_CLUSTER));
        registry.accept("slaveof", r -> r.reply().error(Errors.REPLICAOF_IN_CLUSTER));
        registry.accept("failover", r -> r.reply().error(Errors.FAILOVER_IN_CLUSTER));
    }
}
