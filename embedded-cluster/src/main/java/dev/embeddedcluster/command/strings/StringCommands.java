package dev.embeddedcluster.command.strings;

import dev.embeddedcluster.command.CommandHandler;

import java.util.function.BiConsumer;

public final class StringCommands {
    private StringCommands() {
    }

    public static void register(BiConsumer<String, CommandHandler> registry) {
    }
}
