package dev.embeddedcluster.command.scripting;

import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * The coroutine library of a script environment. luaj 2 runs each coroutine on a Java thread of
 * its own (only one of a script's threads runs at a time), which starts without what the
 * script's thread was given: the safe-point hook, the error texts, the worker's identity, and
 * the globals luaj's own {@code create} looks up. Lua 5.1 gives a new coroutine its creator's
 * hook; these functions give a coroutine's thread all of it, so that a loop inside a coroutine
 * can be killed and a {@code redis.call} inside one runs as the script's. They also carry an
 * error's value (Redis's error tables) out of a coroutine, where luaj keeps only its text. A
 * coroutine left suspended when the script ends is closed then: its thread would otherwise wait
 * until luaj finds it orphaned, and unwind while another script has luaj.
 */
final class LuaCoroutines {
    private LuaCoroutines() {
    }

    /** Replaces create, resume, status, wrap and yield in a fresh copy of luaj's coroutine table. */
    static void replaceFunctions(LuaTable coroutine, LuaValue globals, ScriptRunner runner) {
        LuaValue luajStatus = coroutine.get("status");
        LuaValue luajYield = coroutine.get("yield");
        coroutine.rawset("create", LuaFunctions.of("create", args -> new Coroutine(luaFunction(args, "create"), globals, runner)));
        coroutine.rawset("resume", LuaFunctions.of("resume", args -> coroutine(args, "resume").resume(args.subargs(2))));
        coroutine.rawset("status", LuaFunctions.of("status", args -> luajStatus.invoke(coroutine(args, "status"))));
        coroutine.rawset("wrap", LuaFunctions.of("wrap", args -> {
            Coroutine wrapped = new Coroutine(luaFunction(args, "wrap"), globals, runner);
            return LuaFunctions.of("wrap", resumed -> {
                Varargs result = wrapped.resume(resumed);
                if (result.arg1().toboolean()) {
                    return result.subargs(2);
                }
                LuaValue error = result.arg(2);
                // Lua 5.1 passes the error on, with the caller's position before it when it is text.
                throw error.isstring() ? LuaFunctions.error(error.tojstring()) : new ScriptError(error);
            });
        }));
        coroutine.rawset("yield", LuaFunctions.of("yield", args -> {
            if (LuaThread.isMainThread(LuaThread.getRunning())) {
                throw new LuaError("attempt to yield across metamethod/C-call boundary", 0);
            }
            Varargs resumedWith = luajYield.invoke(args);
            if (((Coroutine) LuaThread.getRunning()).closing) {
                throw new Closed();
            }
            return resumedWith;
        }));
    }

    private static LuaValue luaFunction(Varargs args, String function) {
        if (!(args.arg1() instanceof LuaClosure closure)) {
            throw LuaFunctions.argError(1, function, "Lua function expected");
        }
        return closure;
    }

    private static Coroutine coroutine(Varargs args, String function) {
        if (!(args.arg1() instanceof Coroutine coroutine)) {
            throw LuaFunctions.argError(1, function, "coroutine expected");
        }
        return coroutine;
    }

    /** A coroutine whose thread runs as the script's, and whose errors keep their value. */
    static final class Coroutine extends LuaThread {
        /** The value of the error the body raised (on the coroutine's thread), until resume reads it. */
        private LuaValue error;
        /** Set when the script has ended: resumed one last time, the coroutine ends at once. */
        private boolean closing;

        Coroutine(LuaValue function, LuaValue globals, ScriptRunner runner) {
            this(new Body(function, runner), globals);
            runner.track(this);
        }

        private Coroutine(Body body, LuaValue globals) {
            super(body, globals);
            body.coroutine = this;
        }

        /** Ends a suspended coroutine on its own thread, which then exits. Only with luaj held. */
        void close() {
            if (getStatus().equals("suspended")) {
                closing = true;
                super.resume(LuaValue.NONE);
            }
        }

        /**
         * Resumes it. An error its body raised comes back with its value (luaj keeps only the
         * text); a kill it caught lets the resumer go on until its own next safe point, as in Redis.
         */
        @Override
        public Varargs resume(Varargs args) {
            Varargs result = super.resume(args);
            if (error != null && !result.arg1().toboolean()) {
                result = LuaValue.varargsOf(LuaValue.FALSE, error);
            }
            error = null;
            return result;
        }
    }

    private static final class Body extends VarArgFunction {
        private final LuaValue function;
        private final ScriptRunner runner;
        private Coroutine coroutine;

        Body(LuaValue function, ScriptRunner runner) {
            this.function = function;
            this.runner = runner;
            this.name = "coroutine";
        }

        @Override
        public Varargs invoke(Varargs args) {
            if (coroutine.closing) {
                throw new Closed();
            }
            runner.enterCoroutine();
            try {
                return function.invoke(args);
            } catch (LuaError e) {
                coroutine.error = ScriptError.valueOf(e);
                throw e;
            } catch (ScriptRunner.ScriptKilled e) {
                coroutine.error = ScriptRunner.ScriptKilled.errorValue();
                throw e;
            } finally {
                runner.leaveCoroutine();
            }
        }
    }

    /** Unwinds a coroutine being closed: an Error, which neither pcall nor luaj's error handling catch. */
    private static final class Closed extends Error {
        private static final long serialVersionUID = 1L;

        Closed() {
            super("coroutine closed at the end of its script", null, false, false);
        }
    }
}
