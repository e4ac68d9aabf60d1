package dev.embeddedcluster.command.server;

import dev.embeddedcluster.command.CommandHandler;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * MODULE LIST and HELP. No module is ever loaded: LOAD, LOADEX and UNLOAD are protected commands,
 * refused before they reach a handler, as a Redis 7.0 server refuses them by default.
 */
final class ModuleCommand {
    private static final List<String> HELP = List.of(
            "MODULE <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "LIST",
            "    The modules loaded (none: loading modules is not enabled).",
            "LOAD <path> [<arg> ...]",
            "    Loads a module library; refused unless enable-module-command allows it.",
            "LOADEX <path> [[CONFIG NAME VALUE] [CONFIG NAME VALUE]] [ARGS ...]",
            "    Loads a module library with configuration values; refused likewise.",
            "UNLOAD <name>",
            "    Unloads a module; refused likewise.",
            "HELP",
            "    This text.");

    private ModuleCommand() {
    }

    static void register(BiConsumer<String, CommandHandler> registry) {
        registry.accept("module|list", r -> r.reply().arrayHeader(0));
        registry.accept("module|help", r -> r.reply().simpleArray(HELP));
    }
}
