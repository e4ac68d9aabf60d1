package dev.embeddedcluster.command.scripting;

import dev.embeddedcluster.command.CommandHandler;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.Request;

import java.util.List;
import java.util.function.BiConsumer;

/** EVAL, EVALSHA, EVAL_RO, EVALSHA_RO and SCRIPT (eval.c); each node keeps its own script cache. */
public final class ScriptingCommands {
    private static final List<String> HELP = List.of(
        "SCRIPT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "DEBUG (YES|SYNC|NO)",
        "    Set the debug mode for subsequent scripts executed.",
        "EXISTS <sha1> [<sha1> ...]",
        "    Return information about the existence of the scripts in the script cache.",
        "FLUSH [ASYNC|SYNC]",
        "    Flush the Lua scripts cache. Very dangerous on replicas.",
        "    When called without the optional mode argument, the behavior is determined by the",
        "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
        "    * ASYNC: Asynchronously flush the scripts cache.",
        "    * SYNC: Synchronously flush the scripts cache.",
        "KILL",
        "    Kill the currently executing Lua script.",
        "LOAD <script>",
        "    Load a script into the scripts cache without executing it.",
        "HELP",
        "    Prints this help.");

    private ScriptingCommands() {
    }

    public static void register(BiConsumer<String, CommandHandler> registry) {
        registry.accept("eval", r -> LuaScripting.of(r).eval(r, false, false));
        registry.accept("evalsha", r -> LuaScripting.of(r).eval(r, true, false));
        registry.accept("eval_ro", r -> LuaScripting.of(r).eval(r, false, true));
        registry.accept("evalsha_ro", r -> LuaScripting.of(r).eval(r, true, true));
        registry.accept("script|load", ScriptingCommands::load);
        registry.accept("script|exists", ScriptingCommands::exists);
        registry.accept("script|flush", ScriptingCommands::flush);
        // Runs at a busy script's safe point, or when none runs.
        registry.accept("script|kill", r -> LuaScripting.of(r).kill(r.reply(), true));
        registry.accept("script|help", ScriptingCommands::help);
    }

    private static void load(Request r) {
        String sha = LuaScripting.of(r).load(r.arg(2), r.reply());
        if (sha != null) {
            r.reply().bulk(sha);
        }
    }

    private static void exists(Request r) {
        r.reply().arrayHeader(r.argc() - 2);
        for (int i = 2; i < r.argc(); i++) {
            r.reply().integer(LuaScripting.of(r).exists(r.arg(i)) ? 1 : 0);
        }
    }

    private static void flush(Request r) {
        if (r.argc() > 3 || (r.argc() == 3 && !r.is(2, "sync") && !r.is(2, "async"))) {
            r.reply().error(Errors.SCRIPT_FLUSH_MODE);
            return;
        }
        LuaScripting.of(r).flush();
        r.reply().ok();
    }

    private static void help(Request r) {
        r.reply().simpleArray(HELP);
    }
}
