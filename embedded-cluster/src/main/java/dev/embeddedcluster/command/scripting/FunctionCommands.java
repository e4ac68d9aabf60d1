package dev.embeddedcluster.command.scripting;

import dev.embeddedcluster.command.CommandHandler;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.Glob;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.resp.RespWriter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * FCALL, FCALL_RO and FUNCTION (functions.c). Each node keeps its own libraries; the
 * subcommands that change them are replicated as they were sent.
 */
public final class FunctionCommands {
    private static final List<String> HELP = List.of(
        "FUNCTION <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "LOAD [REPLACE] <FUNCTION CODE>",
        "    Create a new library with the given library name and code.",
        "DELETE <LIBRARY NAME>",
        "    Delete the given library.",
        "LIST [LIBRARYNAME PATTERN] [WITHCODE]",
        "    Return general information on all the libraries:",
        "    * Library name",
        "    * The engine used to run the Library",
        "    * Library description",
        "    * Functions list",
        "    * Library code (if WITHCODE is given)",
        "    It also possible to get only function that matches a pattern using LIBRARYNAME argument.",
        "STATS",
        "    Return information about the current function running:",
        "    * Function name",
        "    * Command used to run the function",
        "    * Duration in MS that the function is running",
        "    If no function is running, return nil",
        "    In addition, returns a list of available engines.",
        "KILL",
        "    Kill the current running function.",
        "FLUSH [ASYNC|SYNC]",
        "    Delete all the libraries.",
        "    When called without the optional mode argument, the behavior is determined by the",
        "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
        "    * ASYNC: Asynchronously flush the libraries.",
        "    * SYNC: Synchronously flush the libraries.",
        "DUMP",
        "    Return a serialized payload representing the current libraries, can be restored using FUNCTION RESTORE command",
        "RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]",
        "    Restore the libraries represented by the given payload, it is possible to give a restore policy to",
        "    control how to handle existing libraries (default APPEND):",
        "    * FLUSH: delete all existing libraries.",
        "    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.",
        "    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old",
        "      libraries with the new libraries (notice that even on this option there is a chance of failure",
        "      in case of functions name collision with another library).",
        "HELP",
        "    Prints this help.");

    private FunctionCommands() {
    }

    public static void register(BiConsumer<String, CommandHandler> registry) {
        registry.accept("fcall", r -> LuaScripting.of(r).fcall(r, false));
        registry.accept("fcall_ro", r -> LuaScripting.of(r).fcall(r, true));
        registry.accept("function|load", FunctionCommands::load);
        registry.accept("function|delete", FunctionCommands::delete);
        registry.accept("function|flush", FunctionCommands::flush);
        registry.accept("function|list", FunctionCommands::list);
        registry.accept("function|dump", r -> r.reply().bulk(libraries(r).dump()));
        registry.accept("function|restore", FunctionCommands::restore);
        registry.accept("function|stats", FunctionCommands::stats);
        // Runs at a busy script's safe point, or when none runs.
        registry.accept("function|kill", r -> LuaScripting.of(r).kill(r.reply(), false));
        registry.accept("function|help", FunctionCommands::help);
    }

    private static FunctionLibraries libraries(Request r) {
        return LuaScripting.of(r).functions();
    }

    private static void load(Request r) {
        boolean replace = false;
        int position = 2;
        while (position < r.argc() - 1) {
            if (!r.is(position, "replace")) {
                rawError(r.reply(), Errors.functionLoadOption(latin1(r.arg(position))));
                return;
            }
            replace = true;
            position++;
        }
        // A library loaded from the master's stream may take as long as it takes, as in Redis.
        long timeout = r.node().isMaster() ? LuaFunctionEngine.LOAD_TIMEOUT_MILLIS : 0;
        String name;
        try {
            name = libraries(r).load(r.arg(position), replace, timeout);
        } catch (FunctionException e) {
            rawError(r.reply(), "ERR " + e.getMessage());
            return;
        }
        r.propagate();
        r.reply().bulk(name);
    }

    private static void delete(Request r) {
        if (!libraries(r).delete(latin1(r.arg(2)))) {
            r.reply().error(Errors.LIBRARY_NOT_FOUND);
            return;
        }
        r.propagate();
        r.reply().ok();
    }

    private static void flush(Request r) {
        if (r.argc() > 3) {
            r.reply().error(Errors.subcommandSyntax(r.text(1), "function"));
            return;
        }
        if (r.argc() == 3 && !r.is(2, "sync") && !r.is(2, "async")) {
            r.reply().error(Errors.FUNCTION_FLUSH_MODE);
            return;
        }
        libraries(r).flush();
        r.propagate();
        r.reply().ok();
    }

    private static void restore(Request r) {
        if (r.argc() > 4) {
            r.reply().error(Errors.subcommandSyntax(r.text(1), "function"));
            return;
        }
        FunctionLibraries.RestorePolicy policy = FunctionLibraries.RestorePolicy.APPEND;
        if (r.argc() == 4) {
            if (r.is(3, "append")) {
                policy = FunctionLibraries.RestorePolicy.APPEND;
            } else if (r.is(3, "replace")) {
                policy = FunctionLibraries.RestorePolicy.REPLACE;
            } else if (r.is(3, "flush")) {
                policy = FunctionLibraries.RestorePolicy.FLUSH;
            } else {
                r.reply().error(Errors.FUNCTION_RESTORE_POLICY);
                return;
            }
        }
        try {
            libraries(r).restore(r.arg(2), policy);
        } catch (FunctionException e) {
            rawError(r.reply(), "ERR " + e.getMessage());
            return;
        }
        r.propagate();
        r.reply().ok();
    }

    /** FUNCTION LIST [LIBRARYNAME pattern] [WITHCODE], each option at most once. */
    private static void list(Request r) {
        boolean withCode = false;
        byte[] pattern = null;
        for (int i = 2; i < r.argc(); i++) {
            if (!withCode && r.is(i, "withcode")) {
                withCode = true;
            } else if (pattern == null && r.is(i, "libraryname")) {
                if (i >= r.argc() - 1) {
                    r.reply().error(Errors.FUNCTION_LIST_NO_LIBRARY_NAME);
                    return;
                }
                pattern = r.arg(++i);
            } else {
                rawError(r.reply(), Errors.functionListArgument(latin1(r.arg(i))));
                return;
            }
        }
        List<FunctionLibrary> shown = new ArrayList<>();
        for (FunctionLibrary library : libraries(r).libraries()) {
            if (pattern == null || Glob.matches(pattern, library.name().getBytes(StandardCharsets.US_ASCII), true)) {
                shown.add(library);
            }
        }
        RespWriter reply = r.reply();
        reply.arrayHeader(shown.size());
        for (FunctionLibrary library : shown) {
            reply.mapHeader(withCode ? 4 : 3);
            reply.bulk("library_name");
            reply.bulk(library.name());
            reply.bulk("engine");
            reply.bulk(LuaFunctionEngine.NAME);
            reply.bulk("functions");
            reply.arrayHeader(library.functions().size());
            for (LibraryFunction function : library.functions()) {
                reply.mapHeader(3);
                reply.bulk("name");
                reply.bulk(function.name());
                reply.bulk("description");
                if (function.description() == null) {
                    reply.nullBulk();
                } else {
                    reply.bulk(function.description());
                }
                reply.bulk("flags");
                List<String> flags = ScriptFlags.names(function.flags());
                reply.setHeader(flags.size());
                flags.forEach(reply::simple);
            }
            if (withCode) {
                reply.bulk("library_code");
                reply.bulk(library.code());
            }
        }
    }

    /**
     * FUNCTION STATS: the function running (asked at a busy function's safe point), or null; BUSY
     * while an EVAL script runs, as in Redis.
     */
    private static void stats(Request r) {
        LuaScripting scripting = LuaScripting.of(r);
        RespWriter reply = r.reply();
        if (scripting.evalRunning()) {
            reply.error(Errors.BUSY_SCRIPT);
            return;
        }
        FunctionLibraries libraries = scripting.functions();
        reply.mapHeader(2);
        reply.bulk("running_script");
        ScriptRun running = scripting.runningFunction();
        if (running == null) {
            reply.nullBulk();
        } else {
            reply.mapHeader(3);
            reply.bulk("name");
            reply.bulk(running.name());
            reply.bulk("command");
            byte[][] command = running.caller().args();
            reply.arrayHeader(command.length);
            for (byte[] arg : command) {
                reply.bulk(arg);
            }
            reply.bulk("duration_ms");
            reply.integer(running.durationMillis());
        }
        reply.bulk("engines");
        reply.mapHeader(1);
        reply.bulk(LuaFunctionEngine.NAME);
        reply.mapHeader(2);
        reply.bulk("libraries_count");
        reply.integer(libraries.libraryCount());
        reply.bulk("functions_count");
        reply.integer(libraries.functionCount());
    }

    private static void help(Request r) {
        r.reply().simpleArray(HELP);
    }

    /** An error whose text carries a client's bytes, one char per byte. */
    private static void rawError(RespWriter reply, String text) {
        reply.rawError(LuaReplies.latin1(text), true);
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
