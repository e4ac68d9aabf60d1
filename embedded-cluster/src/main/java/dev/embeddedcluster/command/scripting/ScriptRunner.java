package dev.embeddedcluster.command.scripting;

import dev.embeddedcluster.cluster.Route;
import dev.embeddedcluster.cluster.SlotRouter;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.NodeContext;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.command.ScriptThread;
import dev.embeddedcluster.keyspace.KeySlot;
import dev.embeddedcluster.resp.RespWriter;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.LuajCallStack;
import org.luaj.vm2.lib.LuajFrames;

import java.io.Serial;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * What EVAL and FCALL share when they run Lua (script.c and script_lua.c): the checks a script's
 * declared flags call for before it runs, the run under the engine's luaj lock, the safe points
 * of a long run (where the node serves other clients and SCRIPT KILL or FUNCTION KILL stops it),
 * and the reply of the script's result or of its error. One per node; at most one script runs
 * at a time, on the node's script worker.
 */
final class ScriptRunner {
    /**
     * luaj 2 keeps its call stack and debug state in static fields. Each node runs its own copy of
     * luaj and of this class (the server's LuaEngines), so this lock is the
     * engine's: it keeps apart the node's script worker and the node's own thread (a replica
     * loading a library from its master's stream), and a script still ending on a stopped node
     * and the next node to lease the engine.
     */
    private static final ReentrantLock LUAJ = new ReentrantLock();
    /** How often a script reaches a safe point, in Lua instructions (Redis's hook runs as often). */
    private static final int INSTRUCTIONS_BETWEEN_SAFE_POINTS = 100_000;
    private static final long LOCK_POLL_MICROS = 500;

    private final NodeContext node;
    private final ErrorSite errorSite = new ErrorSite();
    private final LuaValue safePointHook = LuaFunctions.of("safepoint", args -> {
        safePoint();
        return LuaValue.NONE;
    });
    private ScriptRun running;
    /** The coroutines the script running now created (on its threads, one at a time). */
    private final java.util.List<LuaCoroutines.Coroutine> coroutines = new java.util.ArrayList<>();

    ScriptRunner(NodeContext node) {
        this.node = node;
    }

    /** The script running now, or null. */
    ScriptRun running() {
        return running;
    }

    /** Where the last error of Lua code was raised. */
    ErrorSite errorSite() {
        return errorSite;
    }

    /**
     * Runs {@code work} holding luaj to itself, with errors rewritten into Lua 5.1's texts and
     * their position remembered; luaj's call stack is emptied after.
     */
    /** Nested Lua calls a script may make before "stack overflow", about as many as Redis allows. */
    private static final int NESTED_CALLS = 19_000;

    <T> T withLuaj(Supplier<T> work) {
        lockLuaj();
        try {
            errorSite.clear();
            LuaThread.setErrorFunc(errorSite);
            LuajCallStack.deepen(NESTED_CALLS);
            return work.get();
        } finally {
            closeCoroutines();
            LuaThread.setErrorFunc(null);
            LuajCallStack.reset();
            LUAJ.unlock();
        }
    }

    /**
     * Takes luaj. The script worker serves its node's clients while another thread has it, and
     * gives up when its own script is killed meanwhile; another thread (a replica loading a
     * library from its master's stream) simply waits.
     */
    private void lockLuaj() {
        ScriptThread worker = node.worker();
        if (!worker.onWorker()) {
            LUAJ.lock();
            return;
        }
        while (true) {
            try {
                if (LUAJ.tryLock(LOCK_POLL_MICROS, TimeUnit.MICROSECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ScriptKilled(null);
            }
            worker.safePoint();
            if (mustStop()) {
                throw new ScriptKilled(null);
            }
        }
    }

    /** Whether the running script was killed, or its node stops. */
    private boolean mustStop() {
        return (running != null && running.killed()) || node.worker().stopping();
    }

    /**
     * A safe point of the running Lua code: the node's thread may hand over a command of another
     * client (or SCRIPT KILL) here; a script killed, or whose node stops, ends here.
     */
    void safePoint() {
        node.worker().safePoint();
        if (mustStop()) {
            errorSite.call(LuaValue.valueOf(Errors.SCRIPT_KILLED));
            throw new ScriptKilled(safePointHook);
        }
    }

    /** Remembers a coroutine the script created, to close it when the script ends. */
    void track(LuaCoroutines.Coroutine coroutine) {
        coroutines.add(coroutine);
    }

    private void closeCoroutines() {
        if (!coroutines.isEmpty()) {
            for (LuaCoroutines.Coroutine coroutine : coroutines) {
                coroutine.close();
            }
            coroutines.clear();
        }
    }

    /**
     * Makes the calling thread, which luaj runs a coroutine of the script on, act as the
     * script's: the same safe points, error texts, and the worker's identity until it leaves.
     */
    void enterCoroutine() {
        node.worker().enterCoroutine();
        LuaThread.setErrorFunc(errorSite);
        LuajFrames.countHook(safePointHook, INSTRUCTIONS_BETWEEN_SAFE_POINTS);
    }

    void leaveCoroutine() {
        node.worker().leaveCoroutine();
    }

    /** Serves what the node's thread handed over, without ending anything (FUNCTION LOAD's hook). */
    void serveWaitingCommand() {
        node.worker().safePoint();
    }

    /**
     * SCRIPT KILL ({@code eval}) or FUNCTION KILL: stops the running script unless it wrote, or
     * is of the other kind, replying as Redis does.
     */
    void kill(RespWriter reply, boolean eval) {
        ScriptRun run = running;
        if (run == null) {
            reply.error(Errors.NOTBUSY);
        } else if (run.wrote()) {
            reply.error(Errors.UNKILLABLE);
        } else if (run.eval() != eval) {
            reply.error(run.eval() ? Errors.BUSY_SCRIPT : Errors.BUSY_FUNCTION);
        } else {
            run.kill();
            reply.ok();
        }
    }

    /**
     * Stops the running script of either kind, even one that wrote (which SCRIPT KILL refuses):
     * for a test framework cleaning up after a test. Whether a script was running.
     */
    boolean stopAny() {
        ScriptRun run = running;
        if (run == null) {
            return false;
        }
        run.kill();
        return true;
    }

    /**
     * Shows EVAL or FCALL to the node's monitors before the commands the script runs, as Redis
     * does (the dispatcher shows the other commands after they ran).
     */
    void feedMonitors(Request r) {
        if (!node.monitors().isEmpty()) {
            node.monitors().feed(r.client(), r.args(), node.clock().currentTimeMicros());
        }
    }

    /**
     * What Redis checks before running a script with declared flags (scriptPrepareForRun): false
     * after replying the error that refuses it.
     */
    boolean admitted(Request r, int flags, int keyCount, boolean readOnlyCommand) {
        if ((flags & ScriptFlags.NO_CLUSTER) != 0) {
            r.reply().error(Errors.SCRIPT_NO_CLUSTER);
            return false;
        }
        if ((flags & ScriptFlags.NO_WRITES) != 0) {
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

    /** The slot a run starts bound to: its first key's, or -1 without keys. */
    static int firstKeySlot(Request r, int keyCount) {
        return keyCount > 0 ? KeySlot.of(r.arg(3)) : -1;
    }

    /**
     * Runs a script: {@code body} calls it (inside the lock) and returns its result, which is
     * replied in the caller's protocol; an error it raises is replied as Redis formats it.
     */
    void run(ScriptRun run, Supplier<LuaValue> body) {
        RespWriter reply = run.caller().reply();
        running = run;
        node.worker().reason(run.eval() ? Errors.BUSY_SCRIPT : Errors.BUSY_FUNCTION);
        try {
            withLuaj(() -> {
                LuajFrames.countHook(safePointHook, INSTRUCTIONS_BETWEEN_SAFE_POINTS);
                LuaValue result;
                try {
                    result = body.get();
                } catch (LuaError e) {
                    replyError(reply, ScriptError.valueOf(e), run.name());
                    return null;
                } catch (StackOverflowError e) {
                    replyError(reply, LuaValue.valueOf("stack overflow"), run.name());
                    return null;
                } catch (ScriptKilled e) {
                    replyError(reply, LuaValue.valueOf(Errors.SCRIPT_KILLED), run.name());
                    return null;
                } finally {
                    LuajFrames.countHook(null, 0);
                }
                int mark = reply.pendingBytes();
                try {
                    LuaReplies.write(result, reply, run.protocol());
                } catch (StackOverflowError e) {
                    // Not expected on the worker's deep stack; the connection must survive it regardless.
                    reply.truncate(mark);
                    reply.error("ERR reached lua stack limit");
                }
                return null;
            });
        } catch (ScriptKilled e) {
            // Killed while waiting for luaj: it never started.
            errorSite.clear();
            replyError(reply, LuaValue.valueOf(Errors.SCRIPT_KILLED), run.name());
        } finally {
            running = null;
            node.replication().muted(false);
        }
    }

    /**
     * A script's failure as Redis 7.0 replies it: the error's "err" text (a raised string gets
     * "ERR " first), then the script and the place the error was raised.
     */
    private void replyError(RespWriter reply, LuaValue error, String name) {
        LuaValue text = error.istable() ? error.get(LuaReplies.ERR)
                : LuaValue.valueOf("ERR " + LuaEnvironment.tostring(error).tojstring());
        StringBuilder message = new StringBuilder(text.isstring() ? LuaReplies.latin1(text.tostring()) : "(null)");
        if (errorSite.source() != null) {
            message.append(" script: ").append(name).append(", on ").append(errorSite.source()).append(':')
                    .append(errorSite.line()).append('.');
        }
        reply.rawError(LuaReplies.latin1(message.toString()), !LuaReplies.wasCounted(error));
    }

    /**
     * Stops a killed script (or one whose node stops) at a safe point: an Error, which luaj's
     * hooks do not catch. Like Redis's kill error, pcall, xpcall and coroutine.resume catch it
     * (as {@link ScriptKilled#errorValue()}), and the next line raises it again.
     */
    static final class ScriptKilled extends Error {
        @Serial
        private static final long serialVersionUID = 1L;
        /** The safe-point hook of the script, when raised inside it (null when raised before it ran). */
        private final transient LuaValue safePointHook;

        ScriptKilled(LuaValue safePointHook) {
            super(Errors.SCRIPT_KILLED, null, false, false);
            this.safePointHook = safePointHook;
        }

        /** The error value a script that catches the kill sees (a coroutine's resume), as Redis raises it. */
        static LuaTable errorValue() {
            return LuaReplies.errorTable(Errors.SCRIPT_KILLED);
        }

        /**
         * A pcall or xpcall caught the kill on the running thread: as Redis's hook does, the
         * script gets control back only until its next line, where the kill is raised again.
         */
        LuaTable caught() {
            if (safePointHook != null) {
                LuajFrames.lineHook(safePointHook);
            }
            return errorValue();
        }
    }
}
