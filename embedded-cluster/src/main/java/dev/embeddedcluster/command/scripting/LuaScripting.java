package dev.embeddedcluster.command.scripting;

import dev.embeddedcluster.cluster.Route;
import dev.embeddedcluster.cluster.SlotRouter;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.command.RedisNumbers;
import dev.embeddedcluster.keyspace.KeySlot;
import dev.embeddedcluster.resp.RespWriter;
import dev.embeddedcluster.server.Node;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.LuajCallStack;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A node's Lua scripting (eval.c): its script cache, keyed by SHA1, and its one Lua environment,
 * in which each cached script is a compiled function. Scripts run on the node's thread, so
 * nothing interleaves with them. Created on a node's first script.
 */
public final class LuaScripting {
    /**
     * luaj 2 keeps its call stack and debug state in static fields, shared by every thread of the
     * JVM; scripts of different nodes therefore take turns. A node waits only while another node's
     * script runs.
     */
    private static final ReentrantLock LUAJ = new ReentrantLock();

    private final Node node;
    private final Lrand48 random = new Lrand48();
    private final ErrorSite errorSite = new ErrorSite();
    private final RedisApi redisApi;
    private final Map<String, CachedScript> cache = new HashMap<>();
    private ReadOnlyTable globals;
    private ScriptRun running;

    public LuaScripting(Node node) {
        this.node = node;
        this.redisApi = new RedisApi(node, () -> running);
    }

    private ReadOnlyTable globals() {
        if (globals == null) {
            globals = LuaEnvironment.create(redisApi.table(), random);
        }
        return globals;
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
        LuaFunction function;
        LUAJ.lock();
        try {
            function = LuaEnvironment.compile(body, shebang.length(), globals());
        } catch (LuaError e) {
            reply.error(Errors.scriptCompile(e.getMessage()));
            return null;
        } finally {
            LUAJ.unlock();
        }
        script = new CachedScript(sha, shebang, function);
        cache.put(sha, script);
        return script;
    }

    /** EVAL, EVALSHA and their _RO forms: EVAL script|sha numkeys key... arg... */
    public void eval(Request r, boolean bySha, boolean readOnlyCommand) {
        RespWriter reply = r.reply();
        if (bySha && r.arg(1).length != 40) {
            reply.error(Errors.NOSCRIPT);
            return;
        }
        Long numkeys = RedisNumbers.parseLong(r.arg(2));
        if (numkeys == null) {
            reply.error(Errors.NOT_INTEGER);
            return;
        }
        if (numkeys > r.argc() - 3) {
            reply.error(Errors.MORE_KEYS_THAN_ARGS);
            return;
        }
        if (numkeys < 0) {
            reply.error(Errors.NUMKEYS_NEGATIVE);
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
        int keyCount = numkeys.intValue();
        Shebang shebang = script.shebang();
        if (shebang.declared() && !admitted(r, shebang, keyCount, readOnlyCommand)) {
            return;
        }
        boolean readOnly = readOnlyCommand || (shebang.declared() && shebang.has(Shebang.NO_WRITES));
        boolean allowCrossSlot = !shebang.declared() || shebang.has(Shebang.ALLOW_CROSS_SLOT_KEYS);
        int slot = keyCount > 0 ? KeySlot.of(r.arg(3)) : -1;
        run(new ScriptRun(r, script.sha(), readOnly, allowCrossSlot, slot), script, keyCount);
    }

    /** What Redis checks before running a script that declared flags (scriptPrepareForRun). */
    private boolean admitted(Request r, Shebang shebang, int keyCount, boolean readOnlyCommand) {
        if (shebang.has(Shebang.NO_CLUSTER)) {
            r.reply().error(Errors.SCRIPT_NO_CLUSTER);
            return false;
        }
        if (shebang.has(Shebang.NO_WRITES)) {
            return true;
        }
        if (!node.isMaster()) {
            // A script that may write is a write command: a replica redirects it or refuses it.
            if (keyCount > 0) {
                int[] positions = new int[keyCount];
                for (int i = 0; i < keyCount; i++) {
                    positions[i] = 3 + i;
                }
                Route route = SlotRouter.route(node.topology(), node.myself(), true, r.args(), positions,
                        r.client().readonly(), r.client().asking(), key -> node.keyspace().exists(key));
                if (!route.isLocal()) {
                    r.reply().error(route.errorText());
                    return false;
                }
            }
            r.reply().error(Errors.WRITE_ON_READONLY_REPLICA);
            return false;
        }
        if (readOnlyCommand) {
            r.reply().error(Errors.SCRIPT_WRITE_FLAG_WITH_RO);
            return false;
        }
        return true;
    }

    private void run(ScriptRun run, CachedScript script, int keyCount) {
        Request r = run.caller();
        LUAJ.lock();
        try {
            ReadOnlyTable g = globals();
            g.setUnprotected("KEYS", strings(r, 3, keyCount));
            g.setUnprotected("ARGV", strings(r, 3 + keyCount, r.argc() - 3 - keyCount));
            running = run;
            errorSite.clear();
            LuaThread.setErrorFunc(errorSite);
            LuaValue result;
            try {
                result = script.function().call();
            } catch (LuaError e) {
                replyError(r.reply(), ScriptError.valueOf(e), script.sha());
                return;
            } catch (StackOverflowError e) {
                replyError(r.reply(), LuaValue.valueOf("stack overflow"), script.sha());
                return;
            }
            LuaReplies.write(result, r.reply(), run.protocol());
        } finally {
            running = null;
            LuaThread.setErrorFunc(null);
            LuajCallStack.reset();
            node.replication().muted(false);
            LUAJ.unlock();
        }
    }

    private static LuaTable strings(Request r, int from, int count) {
        LuaTable array = new LuaTable(count, 0);
        for (int i = 0; i < count; i++) {
            array.rawset(i + 1, LuaValue.valueOf(r.arg(from + i)));
        }
        return array;
    }

    /**
     * A script's failure as Redis 7.0 replies it: the error's "err" text (a raised string gets
     * "ERR " first), then the script and the place the error was raised.
     */
    private void replyError(RespWriter reply, LuaValue error, String sha) {
        LuaValue text = error.istable() ? error.get(LuaReplies.ERR)
                : LuaValue.valueOf("ERR " + LuaEnvironment.tostring(error).tojstring());
        StringBuilder message = new StringBuilder(text.isstring() ? LuaReplies.latin1(text.tostring()) : "(null)");
        if (errorSite.source() != null) {
            message.append(" script: ").append(sha).append(", on ").append(errorSite.source()).append(':')
                    .append(errorSite.line()).append('.');
        }
        reply.raw(LuaReplies.latin1("-" + message + "\r\n"));
    }
}
