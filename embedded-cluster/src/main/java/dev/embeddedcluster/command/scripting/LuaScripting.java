package dev.embeddedcluster.command.scripting;

import dev.embeddedcluster.command.CommandHandler;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.NodeContext;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.command.Scripting;
import dev.embeddedcluster.resp.RespWriter;
import dev.embeddedcluster.util.RedisNumbers;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A node's Lua scripting: EVAL's script cache (eval.c), keyed by SHA1, with its own Lua
 * environment in which each cached script is a compiled function; and the node's function
 * libraries (functions.c), run by an engine of their own. Scripts run on the node's script worker,
 * which has the node meanwhile, so nothing interleaves with them. Created on a node's first script.
 */
public final class LuaScripting implements Scripting {
    /** The scripting and function commands' handlers, as this engine's copy of them. */
    private static final Map<String, CommandHandler> HANDLERS = handlers();

    private final NodeContext node;
    /** Redis has one generator for math.random, shared by EVAL and functions. */
    private final Lrand48 random = new Lrand48();
    private final ScriptRunner runner;
    private final RedisApi redisApi;
    private final Map<String, CachedScript> cache = new HashMap<>();
    private ReadOnlyTable globals;
    private LuaFunctionEngine functionEngine;
    private FunctionLibraries functions;

    public LuaScripting(NodeContext node) {
        this.node = node;
        this.runner = new ScriptRunner(node);
        this.redisApi = new RedisApi(node, runner::running);
    }

    private static Map<String, CommandHandler> handlers() {
        Map<String, CommandHandler> handlers = new HashMap<>();
        ScriptingCommands.register(handlers::put);
        FunctionCommands.register(handlers::put);
        return handlers;
    }

    /** The node's scripting, as this engine's class (the node knows it by its interface only). */
    static LuaScripting of(Request r) {
        return (LuaScripting) r.node().scripting();
    }

    @Override
    public void execute(Request request) {
        HANDLERS.get(request.spec().fullName()).execute(request);
    }

    private ReadOnlyTable globals() {
        if (globals == null) {
            globals = LuaEnvironment.createForEval(redisApi.evalTable(), random, runner);
        }
        return globals;
    }

    /** The node's function libraries, made on first use. */
    FunctionLibraries functions() {
        if (functions == null) {
            functionEngine = new LuaFunctionEngine(new RedisApi(node, runner::running), random, runner);
            functions = new FunctionLibraries(functionEngine);
        }
        return functions;
    }

    @Override
    public int cachedScripts() {
        return cache.size();
    }

    @Override
    public int functionCount() {
        return functions == null ? 0 : functions.functionCount();
    }

    @Override
    public int libraryCount() {
        return functions == null ? 0 : functions.libraryCount();
    }

    @Override
    public java.util.List<byte[]> libraryCodes() {
        return functions == null ? java.util.List.of()
                : functions.libraries().stream().map(FunctionLibrary::code).toList();
    }

    @Override
    public boolean stopRunningScript() {
        return runner.stopAny();
    }

    /**
     * Whether EVAL or EVALSHA (or their _RO forms) is refused over maxmemory before it runs: a
     * script (cached, or for EVAL read from its body) whose shebang declares flags without
     * allow-oom or no-writes. A script without a shebang, or not found, is checked command by
     * command as it runs instead.
     */
    @Override
    public boolean declaresOomDenied(byte[][] args, boolean bySha) {
        Shebang shebang = shebang(args, bySha);
        return shebang != null && shebang.declared() && oomDenied(shebang.flags());
    }

    /** The same for FCALL and FCALL_RO: a function's flags always count as declared. */
    @Override
    public boolean functionOomDenied(byte[][] args) {
        LibraryFunction function = functions().function(new String(args[1], StandardCharsets.ISO_8859_1));
        return function != null && oomDenied(function.flags());
    }

    @Override
    public boolean scriptMayWrite(byte[][] args, boolean bySha, boolean readOnlyCommand) {
        Shebang shebang = shebang(args, bySha);
        if (shebang == null || !shebang.declared()) {
            return !readOnlyCommand;
        }
        return (shebang.flags() & ScriptFlags.NO_WRITES) == 0;
    }

    @Override
    public boolean functionMayWrite(byte[][] args, boolean readOnlyCommand) {
        LibraryFunction function = functions().function(new String(args[1], StandardCharsets.ISO_8859_1));
        return function == null ? !readOnlyCommand : (function.flags() & ScriptFlags.NO_WRITES) == 0;
    }

    /** A script's shebang: of the cached script, or for EVAL read from its body; null when not found. */
    private Shebang shebang(byte[][] args, boolean bySha) {
        String sha = bySha ? new String(args[1], StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT)
                : RedisApi.sha1hex(args[1]);
        CachedScript script = cache.get(sha);
        return script != null ? script.shebang() : bySha ? null : Shebang.parse(args[1], new String[1]);
    }

    private static boolean oomDenied(int flags) {
        return (flags & (ScriptFlags.ALLOW_OOM | ScriptFlags.NO_WRITES)) == 0;
    }

    /** FCALL and FCALL_RO: FCALL function numkeys key... arg... */
    void fcall(Request r, boolean readOnlyCommand) {
        runner.feedMonitors(r);
        LibraryFunction function = functions().function(new String(r.arg(1), StandardCharsets.ISO_8859_1));
        if (function == null) {
            r.reply().error(Errors.FUNCTION_NOT_FOUND);
            return;
        }
        int keyCount = keyCount(r, Errors.FUNCTION_BAD_NUMKEYS);
        if (keyCount < 0) {
            return;
        }
        int flags = function.flags();
        if (!runner.admitted(r, flags, keyCount, readOnlyCommand)) {
            return;
        }
        boolean readOnly = readOnlyCommand || (flags & ScriptFlags.NO_WRITES) != 0;
        boolean allowCrossSlot = (flags & ScriptFlags.ALLOW_CROSS_SLOT_KEYS) != 0;
        ScriptRun run = new ScriptRun(r, false, function.name(), readOnly, allowCrossSlot,
                ScriptRunner.firstKeySlot(r, keyCount), (flags & ScriptFlags.ALLOW_OOM) != 0);
        functionEngine.call(run, function, r, keyCount);
    }

    /** SCRIPT KILL ({@code eval}) and FUNCTION KILL. */
    public void kill(RespWriter reply, boolean eval) {
        runner.kill(reply, eval);
    }

    /** The function running now (FUNCTION STATS), or null: none, or an EVAL script. */
    ScriptRun runningFunction() {
        ScriptRun run = runner.running();
        return run == null || run.eval() ? null : run;
    }

    /** Whether an EVAL script is running now (FUNCTION STATS then answers BUSY). */
    boolean evalRunning() {
        ScriptRun run = runner.running();
        return run != null && run.eval();
    }

    /** SCRIPT EXISTS: whether the cache holds the script with this SHA1 (any case). */
    public boolean exists(byte[] sha) {
        return cache.containsKey(new String(sha, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT));
    }

    /** SCRIPT FLUSH: forgets every script and starts a fresh Lua environment. */
    public void flush() {
        cache.clear();
        globals = null;
    }

    /** SCRIPT LOAD: compiles and caches a script; its SHA1, or null after replying the error. */
    public String load(byte[] body, RespWriter reply) {
        CachedScript script = cached(body, reply);
        return script == null ? null : script.sha();
    }

    private CachedScript cached(byte[] body, RespWriter reply) {
        String sha = RedisApi.sha1hex(body);
        CachedScript script = cache.get(sha);
        if (script != null) {
            return script;
        }
        String[] error = new String[1];
        Shebang shebang = Shebang.parse(body, error);
        if (shebang == null) {
            reply.error(error[0]);
            return null;
        }
        String[] compileError = new String[1];
        LuaFunction function = runner.withLuaj(() -> {
            try {
                return LuaEnvironment.compile(body, shebang.length(), globals(), LuaEnvironment.EVAL_CHUNK);
            } catch (LuaError e) {
                compileError[0] = e.getMessage();
                return null;
            }
        });
        if (function == null) {
            reply.rawError(LuaReplies.latin1(Errors.scriptCompile(compileError[0])), true); // Lua's text is bytes
            return null;
        }
        script = new CachedScript(sha, shebang, function);
        cache.put(sha, script);
        return script;
    }

    /** EVAL, EVALSHA and their _RO forms: EVAL script|sha numkeys key... arg... */
    public void eval(Request r, boolean bySha, boolean readOnlyCommand) {
        runner.feedMonitors(r);
        RespWriter reply = r.reply();
        if (bySha && r.arg(1).length != 40) {
            reply.error(Errors.NOSCRIPT);
            return;
        }
        int keyCount = keyCount(r, Errors.NOT_INTEGER);
        if (keyCount < 0) {
            return;
        }
        CachedScript script;
        if (bySha) {
            script = cache.get(new String(r.arg(1), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT));
            if (script == null) {
                reply.error(Errors.NOSCRIPT);
                return;
            }
        } else {
            script = cached(r.arg(1), reply);
            if (script == null) {
                return;
            }
        }
        Shebang shebang = script.shebang();
        if (shebang.declared() && !runner.admitted(r, shebang.flags(), keyCount, readOnlyCommand)) {
            return;
        }
        boolean readOnly = readOnlyCommand || (shebang.declared() && shebang.has(ScriptFlags.NO_WRITES));
        boolean allowCrossSlot = !shebang.declared() || shebang.has(ScriptFlags.ALLOW_CROSS_SLOT_KEYS);
        ScriptRun run = new ScriptRun(r, true, script.sha(), readOnly, allowCrossSlot, ScriptRunner.firstKeySlot(r, keyCount),
                shebang.declared() && shebang.has(ScriptFlags.ALLOW_OOM));
        runner.run(run, () -> {
            ReadOnlyTable g = globals();
            g.setUnprotected("KEYS", LuaReplies.strings(r, 3, keyCount));
            g.setUnprotected("ARGV", LuaReplies.strings(r, 3 + keyCount, r.argc() - 3 - keyCount));
            return script.function().call();
        });
    }

    /** The numkeys argument of EVAL or FCALL; -1 after replying why it is wrong. */
    private static int keyCount(Request r, String notIntegerError) {
        Long numkeys = RedisNumbers.parseLong(r.arg(2));
        if (numkeys == null) {
            r.reply().error(notIntegerError);
            return -1;
        }
        if (numkeys > r.argc() - 3) {
            r.reply().error(Errors.MORE_KEYS_THAN_ARGS);
            return -1;
        }
        if (numkeys < 0) {
            r.reply().error(Errors.NUMKEYS_NEGATIVE);
            return -1;
        }
        return numkeys.intValue();
    }
}
