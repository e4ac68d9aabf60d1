package dev.embeddedcluster.command.server;

import dev.embeddedcluster.command.CommandHandler;

import java.util.function.BiConsumer;

public final class ServerCommands {
    private ServerCommands() {
    }

    public static void register(BiConsumer<String, CommandHandler> registry) {
    }
}
