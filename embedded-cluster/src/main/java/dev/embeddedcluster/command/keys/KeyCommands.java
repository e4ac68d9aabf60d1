package dev.embeddedcluster.command.keys;

import dev.embeddedcluster.command.CommandHandler;

import java.util.function.BiConsumer;

public final class KeyCommands {
    private KeyCommands() {
    }

    public static void register(BiConsumer<String, CommandHandler> registry) {
    }
}
