package dev.embeddedcluster.command.scripting;

import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.compiler.LuajParser;
import org.luaj.vm2.lib.BaseLib;
import org.luaj.vm2.lib.CoroutineLib;
import org.luaj.vm2.lib.DebugLib;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.jse.JseMathLib;

import java.io.ByteArrayOutputStream;

/**
 * The Lua globals of a node's scripts and functions, sandboxed as Redis 7.0 sets them up: the
 * base functions Redis keeps, the string, table, math, coroutine, cjson, cmsgpack, struct and bit
 * libraries, the redis table; then every table reachable from the globals made read-only, and
 * reading an unknown global made an error.
 */
final class LuaEnvironment {
    private static final String[] BASE_FUNCTIONS = {"assert", "collectgarbage", "getmetatable", "ipairs", "next",
            "pairs", "rawequal", "rawget", "rawset", "select", "setmetatable", "tonumber", "type", "unpack"};
    /** The chunk names errors show: EVAL's scripts and function libraries. */
    static final String EVAL_CHUNK = "@user_script";
    static final String FUNCTION_CHUNK = "@user_function";

    private static final LuaValue ERROR = LuaFunctions.of("error", args -> error(args, true));

    private static final LuaValue NONEXISTENT_GLOBAL = LuaFunctions.of("__index", args -> {
        throw new LuaError("Script attempted to access nonexistent global variable '" + args.arg(2).tojstring() + "'");
    });

    private LuaEnvironment() {
    }

    /** EVAL's globals, with the error handler Redis installs as a global there. */
    static ReadOnlyTable createForEval(LuaTable redis, Lrand48 random, ScriptRunner runner) {
        return create(redis, random, runner, true);
    }

    /** The globals functions run with (Redis keeps their error handler out of sight). */
    static ReadOnlyTable createForFunctions(LuaTable redis, Lrand48 random, ScriptRunner runner) {
        return create(redis, random, runner, false);
    }

    private static ReadOnlyTable create(LuaTable redis, Lrand48 random, ScriptRunner runner, boolean evalErrorHandler) {
        LuaTable luaj = new LuaTable();
        luaj.load(new BaseLib());
        luaj.load(new PackageLib());
        luaj.load(new TableLib());
        luaj.load(new StringLib());
        luaj.load(new JseMathLib());
        luaj.load(new CoroutineLib());
        luaj.load(new DebugLib());

        ReadOnlyTable globals = new ReadOnlyTable();
        for (String name : BASE_FUNCTIONS) {
            globals.rawset(name, ArgumentErrors.named(name, luaj.get(name)));
        }
        globals.rawset("_G", globals);
        globals.rawset("_VERSION", LuaValue.valueOf("Lua 5.1"));
        globals.rawset("error", ERROR);
        LuaValue luajUnpack = luaj.get("unpack");
        globals.rawset("unpack", ArgumentErrors.named("unpack", LuaFunctions.of("unpack", args -> unpack(args, luajUnpack))));
        globals.rawset("pcall", LuaFunctions.of("pcall", LuaEnvironment::pcall));
        globals.rawset("xpcall", LuaFunctions.of("xpcall", LuaEnvironment::xpcall));
        globals.rawset("tostring", LuaFunctions.of("tostring", args -> {
            if (args.narg() == 0) {
                throw LuaFunctions.error("bad argument #1 to 'tostring' (value expected)");
            }
            return tostring(args.arg1());
        }));
        globals.rawset("loadstring", LuaFunctions.of("loadstring", args -> loadstring(args, globals)));
        globals.rawset("load", LuaFunctions.of("load", args -> load(args, globals)));
        globals.rawset("gcinfo", LuaFunctions.of("gcinfo", args -> LuaValue.valueOf(
                (int) ((Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1024))));
        if (evalErrorHandler) {
            globals.rawset("__redis__err__handler", LuaFunctions.of("__redis__err__handler", args -> errorHandler(args.arg1())));
        }

        LuaTable string = copy(luaj.get("string"));
        string.rawset("gfind", string.rawget("gmatch"));
        LuaValue luajRep = string.rawget("rep");
        string.rawset("rep", LuaFunctions.of("rep", args -> args.isnumber(2) && args.checkint(2) <= 0
                ? LuaValue.EMPTYSTRING : luajRep.invoke(args)));
        ArgumentErrors.nameIn(string);
        string.rawset("format", LuaFunctions.of("format", StringFormat::format));
        globals.rawset("string", string);
        LuaTable table = copy(luaj.get("table"));
        table.rawset("setn", LuaFunctions.of("setn", args -> {
            throw LuaFunctions.error("'setn' is obsolete");
        }));
        ArgumentErrors.nameIn(table);
        globals.rawset("table", table);
        LuaTable math = copy(luaj.get("math"));
        ArgumentErrors.nameIn(math);
        math.rawset("mod", math.rawget("fmod"));
        math.rawset("random", LuaFunctions.of("random", args -> random(args, random)));
        math.rawset("randomseed", LuaFunctions.of("randomseed", args -> {
            random.seed((int) LuaFunctions.checkInteger(args, 1, "randomseed"));
            return LuaValue.NONE;
        }));
        globals.rawset("math", math);
        LuaTable coroutine = (LuaTable) luaj.get("coroutine");
        LuaCoroutines.replaceFunctions(coroutine, globals, runner);
        globals.rawset("coroutine", copy(coroutine));
        globals.rawset("cjson", CjsonLibrary.create());
        globals.rawset("cmsgpack", CmsgpackLibrary.create());
        globals.rawset("struct", StructLibrary.create());
        globals.rawset("bit", BitLibrary.create());
        globals.rawset("redis", redis);

        refuseUnknownFields(globals);

        ReadOnlyTable stringMetatable = new ReadOnlyTable();
        stringMetatable.rawset("__index", string);
        protect(globals);
        stringMetatable.protect();
        LuaString.s_metatable = stringMetatable;
        return globals;
    }

    /**
     * Makes reading a missing field of a table an error, as Redis's luaSetErrorMetatable does for
     * the globals ("Script attempted to access nonexistent global variable 'x'").
     */
    static void refuseUnknownFields(LuaTable table) {
        ReadOnlyTable metatable = new ReadOnlyTable();
        metatable.rawset("__index", NONEXISTENT_GLOBAL);
        table.setmetatable(metatable);
    }

    /** A library's table, copied into a table that can be made read-only. */
    private static LuaTable copy(LuaValue library) {
        ReadOnlyTable copy = new ReadOnlyTable();
        for (Varargs entry = library.next(LuaValue.NIL); !entry.arg1().isnil(); entry = library.next(entry.arg1())) {
            copy.rawset(entry.arg1(), entry.arg(2));
        }
        return copy;
    }

    /** Protects a table, the tables it holds and its metatable, as Redis does from the globals down. */
    static void protect(LuaValue value) {
        if (!(value instanceof ReadOnlyTable table) || table.isProtected()) {
            return;
        }
        table.protect();
        for (Varargs entry = table.next(LuaValue.NIL); !entry.arg1().isnil(); entry = table.next(entry.arg1())) {
            protect(entry.arg(2));
        }
        LuaValue metatable = table.getmetatable();
        if (metatable != null) {
            protect(metatable);
        }
    }

    /** Compiles code from {@code offset} (after a shebang line) under a chunk name errors show. */
    static LuaFunction compile(byte[] body, int offset, LuaTable globals, String chunkName) {
        Prototype main = LuajParser.parse(body, offset, body.length - offset, chunkName);
        return new LuaClosure(main, globals);
    }

    /** error(message [, level]); {@code calledFromLua} is false when pcall calls it directly, a C caller. */
    private static Varargs error(Varargs args, boolean calledFromLua) {
        LuaValue value = args.arg1();
        int level = (int) LuaFunctions.optInteger(args, 2, "error", 1);
        if (value.isstring() && level > 0 && (calledFromLua || level > 1)) {
            String where = ErrorSite.where(calledFromLua ? level : level - 1);
            if (!where.isEmpty()) {
                value = LuaValue.valueOf(where + value.tojstring());
            }
        }
        throw new ScriptError(value);
    }

    /** Values a C function may push onto Lua 5.1's stack, its arguments included (LUAI_MAXCSTACK). */
    private static final long C_STACK_SLOTS = 8000;

    /**
     * unpack as Lua 5.1 bounds it: the elements and the call's arguments must fit the C stack,
     * otherwise "too many results to unpack" (luaj would try to return any number of them).
     */
    private static Varargs unpack(Varargs args, LuaValue luaj) {
        if (args.arg1().istable() && (args.isnil(2) || args.isnumber(2)) && (args.isnil(3) || args.isnumber(3))) {
            long first = args.isnil(2) ? 1 : (long) args.checkdouble(2);
            long last = args.isnil(3) ? args.arg1().length() : (long) args.checkdouble(3);
            if (first <= last && last - first + 1 + args.narg() > C_STACK_SLOTS) {
                throw new LuaError("too many results to unpack");
            }
        }
        return luaj.invoke(args);
    }

    /** Redis's pcall: an error raised as a table with an "err" field is returned as that text. */
    private static Varargs pcall(Varargs args) {
        LuaValue function = args.arg1();
        try {
            if (function == ERROR) {
                return error(args.subargs(2), false);
            }
            return LuaValue.varargsOf(LuaValue.TRUE, function.invoke(args.subargs(2)));
        } catch (LuaError e) {
            LuaValue value = ScriptError.valueOf(e);
            if (value.istable() && value.get(LuaReplies.ERR).isstring()) {
                value = value.get(LuaReplies.ERR);
            }
            return LuaValue.varargsOf(LuaValue.FALSE, value);
        } catch (StackOverflowError e) {
            return LuaValue.varargsOf(LuaValue.FALSE, LuaValue.valueOf("stack overflow"));
        } catch (ScriptRunner.ScriptKilled e) {
            return LuaValue.varargsOf(LuaValue.FALSE, e.caught().get(LuaReplies.ERR));
        }
    }

    private static Varargs xpcall(Varargs args) {
        LuaValue function = args.arg1();
        LuaValue handler = args.arg(2);
        try {
            return LuaValue.varargsOf(LuaValue.TRUE, function.invoke(LuaValue.NONE));
        } catch (LuaError e) {
            return LuaValue.varargsOf(LuaValue.FALSE, handler.call(ScriptError.valueOf(e)));
        } catch (ScriptRunner.ScriptKilled e) {
            return LuaValue.varargsOf(LuaValue.FALSE, handler.call(e.caught()));
        }
    }

    static LuaValue tostring(LuaValue value) {
        LuaValue handler = value.metatag(LuaValue.TOSTRING);
        if (!handler.isnil()) {
            return handler.call(value);
        }
        if (value.type() == LuaValue.TNUMBER) {
            return LuaValue.valueOf(CFormat.luaNumber(value.todouble()));
        }
        if (value.type() == LuaValue.TSTRING) {
            return value;
        }
        return LuaValue.valueOf(value.tojstring());
    }

    private static Varargs loadstring(Varargs args, LuaTable globals) {
        LuaValue code = LuaFunctions.checkString(args, 1, "loadstring");
        String name = args.isnoneornil(2) ? LuaReplies.latin1(code) : LuaReplies.latin1(LuaFunctions.checkString(args, 2, "loadstring"));
        return compileChunk(LuaReplies.latin1(LuaReplies.latin1(code)), name, globals);
    }

    private static Varargs load(Varargs args, LuaTable globals) {
        LuaValue reader = args.arg1();
        if (!reader.isfunction()) {
            throw LuaFunctions.typeError(args, 1, "load", "function");
        }
        ByteArrayOutputStream code = new ByteArrayOutputStream();
        for (LuaValue piece = reader.call(); !piece.isnil() && !(piece.isstring() && piece.length() == 0); piece = reader.call()) {
            if (!piece.isstring()) {
                return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf("reader function must return a string"));
            }
            code.writeBytes(LuaReplies.latin1(LuaReplies.latin1(piece.tostring())));
        }
        String name = args.isnoneornil(2) ? "=(load)" : LuaReplies.latin1(LuaFunctions.checkString(args, 2, "load"));
        return compileChunk(code.toByteArray(), name, globals);
    }

    private static Varargs compileChunk(byte[] code, String name, LuaTable globals) {
        try {
            return new LuaClosure(LuajParser.parse(code, 0, code.length, name), globals);
        } catch (LuaError e) {
            return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(e.getMessage()));
        }
    }

    private static Varargs random(Varargs args, Lrand48 random) {
        double r = (double) (random.next() % Integer.MAX_VALUE) / Integer.MAX_VALUE;
        switch (args.narg()) {
            case 0:
                return LuaValue.valueOf(r);
            case 1: {
                int upper = (int) LuaFunctions.checkInteger(args, 1, "random");
                if (upper < 1) {
                    throw LuaFunctions.argError(1, "random", "interval is empty");
                }
                return LuaValue.valueOf(Math.floor(r * upper) + 1);
            }
            case 2: {
                int lower = (int) LuaFunctions.checkInteger(args, 1, "random");
                int upper = (int) LuaFunctions.checkInteger(args, 2, "random");
                if (lower > upper) {
                    throw LuaFunctions.argError(2, "random", "interval is empty");
                }
                return LuaValue.valueOf(Math.floor(r * (upper - lower + 1)) + lower);
            }
            default:
                throw LuaFunctions.error("wrong number of arguments");
        }
    }

    private static LuaValue errorHandler(LuaValue error) {
        if (error.istable()) {
            return error;
        }
        return LuaValue.tableOf(new LuaValue[] {LuaReplies.ERR, LuaValue.valueOf("ERR " + tostring(error).tojstring())});
    }
}
