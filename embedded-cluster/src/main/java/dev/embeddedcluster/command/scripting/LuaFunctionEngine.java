package dev.embeddedcluster.command.scripting;

import dev.embeddedcluster.command.Request;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.LuajFrames;

import java.io.Serial;
import java.util.Locale;

/**
 * The Lua engine of a node's functions (function_lua.c): one Lua environment, apart from
 * EVAL's, in which libraries load and their functions run. The code of a library reads its
 * globals through one empty read-only table whose metatable points elsewhere by phase: while the
 * library loads, at a sandbox holding only redis.register_function, redis.log and the version;
 * when FCALL runs one of its functions, at the full run-time globals. Functions get KEYS and
 * ARGV as their two arguments, never as globals.
 */
final class LuaFunctionEngine {
    static final String NAME = "LUA";
    /** How long a library's code may run while it loads, when the client is no master. */
    static final long LOAD_TIMEOUT_MILLIS = 500;
    private static final int INSTRUCTIONS_BETWEEN_CHECKS = 100_000;
    private static final String INVALID_NAME =
            "Library names can only contain letters, numbers, or underscores(_) and must be at least one character long";

    private final RedisApi redisApi;
    private final Lrand48 random;
    private final ScriptRunner runner;
    private ReadOnlyTable runtimeGlobals;
    private ReadOnlyTable loadGlobals;
    private ReadOnlyTable globalsMetatable;
    private ReadOnlyTable globals;
    /** The library whose code is loading, which redis.register_function adds to; null otherwise. */
    private FunctionLibrary loading;

    LuaFunctionEngine(RedisApi redisApi, Lrand48 random, ScriptRunner runner) {
        this.redisApi = redisApi;
        this.random = random;
        this.runner = runner;
    }

    /** Whether a name may name a library or a function: letters, digits and underscores, at least one. */
    static boolean validName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    static FunctionException invalidName() {
        return new FunctionException(INVALID_NAME);
    }

    /**
     * Compiles a library's code (from {@code codeStart}, its shebang line left out) and runs it
     * so that it registers its functions; {@code timeoutMillis} bounds that run (0: no bound).
     */
    FunctionLibrary create(String name, byte[] code, int codeStart, long timeoutMillis) throws FunctionException {
        FunctionLibrary library = new FunctionLibrary(name, code);
        String error = runner.withLuaj(() -> load(library, code, codeStart, timeoutMillis));
        if (error != null) {
            throw new FunctionException(error);
        }
        return library;
    }

    private String load(FunctionLibrary library, byte[] code, int codeStart, long timeoutMillis) {
        ensureEnvironment();
        LuaFunction chunk;
        try {
            chunk = LuaEnvironment.compile(code, codeStart, globals, LuaEnvironment.FUNCTION_CHUNK);
        } catch (LuaError e) {
            return "Error compiling function: " + e.getMessage();
        }
        globalsMetatable.setUnprotected("__index", loadGlobals);
        loading = library;
        if (timeoutMillis > 0) {
            LuajFrames.countHook(timeoutHook(runner, System.nanoTime(), timeoutMillis), INSTRUCTIONS_BETWEEN_CHECKS);
        }
        try {
            chunk.call();
            return null;
        } catch (LuaError e) {
            return "Error registering functions: " + loadErrorText(ScriptError.valueOf(e));
        } catch (LoadTimeout e) {
            return "Error registering functions: ERR FUNCTION LOAD timeout";
        } catch (StackOverflowError e) {
            return "Error registering functions: ERR stack overflow";
        } finally {
            LuajFrames.countHook(null, 0);
            loading = null;
            globalsMetatable.setUnprotected("__index", runtimeGlobals);
        }
    }

    /** Runs a function (FCALL): its reply or error goes to the run's caller. */
    void call(ScriptRun run, LibraryFunction function, Request r, int keyCount) {
        runner.run(run, () -> function.callback().call(LuaReplies.strings(r, 3, keyCount),
                LuaReplies.strings(r, 3 + keyCount, r.argc() - 3 - keyCount)));
    }

    /** A load's error as Redis words it: a raised string gets "ERR " first, a table gives its err field. */
    private static String loadErrorText(LuaValue error) {
        if (error.isstring()) {
            return "ERR " + LuaReplies.latin1(LuaEnvironment.tostring(error));
        }
        LuaValue text = error.istable() ? error.get(LuaReplies.ERR) : LuaValue.NIL;
        return text.isstring() ? LuaReplies.latin1(LuaEnvironment.tostring(text)) : "(null)";
    }

    private void ensureEnvironment() {
        if (globals != null) {
            return;
        }
        runtimeGlobals = LuaEnvironment.createForFunctions(redisApi.table(), random, runner);

        LuaTable loadRedis = new ReadOnlyTable();
        loadRedis.set("register_function", LuaFunctions.of("register_function", this::registerFunction));
        RedisApi.addLogAndVersion(loadRedis);
        LuaEnvironment.refuseUnknownFields(loadRedis);
        loadGlobals = new ReadOnlyTable();
        loadGlobals.set("redis", loadRedis);
        LuaEnvironment.refuseUnknownFields(loadGlobals);
        LuaEnvironment.protect(loadGlobals);

        globalsMetatable = new ReadOnlyTable();
        globalsMetatable.set("__index", runtimeGlobals);
        globalsMetatable.protect();
        globals = new ReadOnlyTable();
        globals.setmetatable(globalsMetatable);
        globals.protect();
    }

    /** Ends a load that runs too long; meanwhile, past the busy threshold, the node serves its clients. */
    private static LuaValue timeoutHook(ScriptRunner runner, long startNanos, long timeoutMillis) {
        return LuaFunctions.of("timeout", args -> {
            runner.serveWaitingCommand();
            if ((System.nanoTime() - startNanos) / 1_000_000 > timeoutMillis) {
                throw new LoadTimeout();
            }
            return LuaValue.NONE;
        });
    }

    /** Stops a library's code that ran too long; an Error, as luaj ignores the exceptions of hooks. */
    private static final class LoadTimeout extends Error {
        @Serial
        private static final long serialVersionUID = 1L;

        LoadTimeout() {
            super("FUNCTION LOAD timeout", null, false, false);
        }
    }

    // ---- redis.register_function ----

    private Varargs registerFunction(Varargs args) {
        if (loading == null) {
            throw LuaFunctions.redisError("redis.register_function can only be called on FUNCTION LOAD command");
        }
        if (args.narg() < 1 || args.narg() > 2) {
            throw LuaFunctions.redisError("wrong number of arguments to redis.register_function");
        }
        LibraryFunction function = args.narg() == 1 ? namedArguments(args.arg1()) : positionalArguments(args);
        if (!validName(function.name())) {
            throw LuaFunctions.redisError(INVALID_NAME);
        }
        if (loading.has(function.name())) {
            throw LuaFunctions.redisError("Function already exists in the library");
        }
        loading.add(function);
        return LuaValue.NONE;
    }

    private static LibraryFunction positionalArguments(Varargs args) {
        String name = text(args.arg1());
        if (name == null) {
            throw LuaFunctions.redisError("first argument to redis.register_function must be a string");
        }
        if (!args.arg(2).isfunction()) {
            throw LuaFunctions.redisError("second argument to redis.register_function must be a function");
        }
        return new LibraryFunction(name, null, 0, args.arg(2));
    }

    private static LibraryFunction namedArguments(LuaValue table) {
        if (!table.istable()) {
            throw LuaFunctions.redisError("calling redis.register_function with a single argument is only applicable "
                    + "to Lua table (representing named arguments).");
        }
        String name = null;
        String description = null;
        LuaValue callback = null;
        int flags = 0;
        for (Varargs entry = table.next(LuaValue.NIL); !entry.arg1().isnil(); entry = table.next(entry.arg1())) {
            String key = text(entry.arg1());
            if (key == null) {
                throw LuaFunctions.redisError("named argument key given to redis.register_function is not a string");
            }
            LuaValue value = entry.arg(2);
            switch (key.toLowerCase(Locale.ROOT)) {
                case "function_name" -> {
                    name = text(value);
                    if (name == null) {
                        throw LuaFunctions.redisError("function_name argument given to redis.register_function must be a string");
                    }
                }
                case "description" -> {
                    description = text(value);
                    if (description == null) {
                        throw LuaFunctions.redisError("description argument given to redis.register_function must be a string");
                    }
                }
                case "callback" -> {
                    if (!value.isfunction()) {
                        throw LuaFunctions.redisError("callback argument given to redis.register_function must be a function");
                    }
                    callback = value;
                }
                case "flags" -> {
                    if (!value.istable()) {
                        throw LuaFunctions.redisError(
                                "flags argument to redis.register_function must be a table representing function flags");
                    }
                    flags = flags(value);
                }
                default -> throw LuaFunctions.redisError("unknown argument given to redis.register_function");
            }
        }
        if (name == null) {
            throw LuaFunctions.redisError("redis.register_function must get a function name argument");
        }
        if (callback == null) {
            throw LuaFunctions.redisError("redis.register_function must get a callback argument");
        }
        return new LibraryFunction(name, description == null ? null : LuaReplies.latin1(description), flags, callback);
    }

    /** The flags of a list of flag names, in any case. */
    private static int flags(LuaValue list) {
        int flags = 0;
        for (int i = 1; ; i++) {
            LuaValue flag = list.get(i);
            if (flag.isnil()) {
                return flags;
            }
            String flagName = text(flag);
            int bit = flagName == null ? 0 : ScriptFlags.bitIgnoringCase(flagName);
            if (bit == 0) {
                throw LuaFunctions.redisError("unknown flag given");
            }
            flags |= bit;
        }
    }

    /**
     * A string argument as Lua's C API reads one (a string, or a number's text), one char per
     * byte; null for any other value.
     */
    private static String text(LuaValue value) {
        if (value.type() == LuaValue.TSTRING) {
            return LuaReplies.latin1(value);
        }
        if (value.type() == LuaValue.TNUMBER) {
            return CFormat.luaNumber(value.todouble());
        }
        return null;
    }
}
