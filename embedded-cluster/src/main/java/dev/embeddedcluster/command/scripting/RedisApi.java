package dev.embeddedcluster.command.scripting;

import dev.embeddedcluster.command.Client;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.NodeContext;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.resp.RespReader;
import dev.embeddedcluster.resp.RespWriter;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * The "redis" table scripts see (script_lua.c and eval.c): call and pcall run commands through
 * the node's dispatcher as a client of their own that never blocks, with the reply converted to
 * Lua; the helpers for replies, logging, hashing, RESP and replication choices.
 */
final class RedisApi {
    static final int LOG_DEBUG = 0;
    static final int LOG_WARNING = 3;
    private static final int REPL_ALL = 3;
    private static final int REPL_REPLICA = 2;

    private final NodeContext node;
    private final Supplier<ScriptRun> running;
    private final RespWriter replies = RespWriter.unpooled();
    private final Request request;
    /** Reads each redis.call's reply back into Lua values; reused. */
    private final RespReader reader = new RespReader();

    RedisApi(NodeContext node, Supplier<ScriptRun> running) {
        this.node = node;
        this.running = running;
        Client scriptClient = node.clients().detached(0, node.clock().currentTimeMillis());
        scriptClient.denyBlocking(true);
        scriptClient.script(true);
        this.request = new Request(node, scriptClient, replies);
        replies.errorListener(node.stats().errors());
    }

    /** The redis table of EVAL's scripts: the run-time API and the debugger's placeholders. */
    LuaTable evalTable() {
        LuaTable redis = table();
        redis.set("breakpoint", LuaFunctions.of("breakpoint", args -> LuaValue.FALSE));
        redis.set("debug", LuaFunctions.of("debug", args -> LuaValue.NONE));
        redis.set("replicate_commands", LuaFunctions.of("replicate_commands", args -> LuaValue.TRUE));
        return redis;
    }

    /** The redis table functions run with (script_lua.c's luaRegisterRedisAPI). */
    LuaTable table() {
        LuaTable redis = new ReadOnlyTable();
        redis.set("call", LuaFunctions.of("call", args -> call(args, true)));
        redis.set("pcall", LuaFunctions.of("pcall", args -> call(args, false)));
        addLogAndVersion(redis);
        redis.set("setresp", LuaFunctions.of("setresp", this::setResp));
        redis.set("sha1hex", LuaFunctions.of("sha1hex", RedisApi::sha1hex));
        redis.set("error_reply", LuaFunctions.of("error_reply", RedisApi::errorReply));
        redis.set("status_reply", LuaFunctions.of("status_reply", RedisApi::statusReply));
        redis.set("set_repl", LuaFunctions.of("set_repl", this::setRepl));
        redis.set("REPL_NONE", 0);
        redis.set("REPL_AOF", 1);
        redis.set("REPL_SLAVE", REPL_REPLICA);
        redis.set("REPL_REPLICA", REPL_REPLICA);
        redis.set("REPL_ALL", REPL_ALL);
        redis.set("acl_check_cmd", LuaFunctions.of("acl_check_cmd", this::aclCheckCommand));
        return redis;
    }

    /** redis.log, its levels and the version fields: also all that libraries see while they load. */
    static void addLogAndVersion(LuaTable redis) {
        redis.set("log", LuaFunctions.of("log", RedisApi::log));
        redis.set("LOG_DEBUG", LOG_DEBUG);
        redis.set("LOG_VERBOSE", 1);
        redis.set("LOG_NOTICE", 2);
        redis.set("LOG_WARNING", LOG_WARNING);
        redis.set("REDIS_VERSION_NUM", 0x07000f);
        redis.set("REDIS_VERSION", "7.0.15");
    }

    private ScriptRun run(String function) {
        ScriptRun run = running.get();
        if (run == null) {
            throw LuaFunctions.redisError(function + " can only be called inside a script invocation");
        }
        return run;
    }

    /** redis.call raises a command's error; redis.pcall returns it as {err = ...}. */
    private Varargs call(Varargs args, boolean raise) {
        ScriptRun run = run("redis.call/pcall");
        byte[][] command = commandArguments(args);
        if (command == null) {
            LuaTable error = LuaReplies.errorTable(args.narg() == 0 ? Errors.SCRIPT_NO_ARGUMENTS : Errors.SCRIPT_BAD_ARGUMENT);
            if (raise) {
                throw new ScriptError(error);
            }
            return error;
        }
        replies.protocol(run.protocol());
        String refused = node.dispatcher().executeFromScript(request, run.caller().client(), command, run::admit);
        if (refused != null) {
            replies.discard();
            // The dispatcher counted it, as Redis counts a refusal inside a script: it is passed on uncounted.
            LuaTable error = LuaReplies.counted(LuaReplies.errorTable(refused));
            if (raise) {
                throw new ScriptError(error);
            }
            return error;
        }
        reader.takeFrom(replies);
        try {
            boolean failed = reader.peekByte() == '-';
            LuaValue value = LuaReplies.toLua(reader);
            if (raise && failed) {
                throw new ScriptError(value);
            }
            return value;
        } finally {
            reader.release();
        }
    }

    /**
     * A command's arguments: strings as they are, numbers as %.17g; null when there are none or
     * one is of another type.
     */
    static byte[][] commandArguments(Varargs args) {
        int n = args.narg();
        if (n == 0) {
            return null;
        }
        byte[][] command = new byte[n][];
        for (int i = 0; i < n; i++) {
            LuaValue arg = args.arg(i + 1);
            if (arg.type() == LuaValue.TNUMBER) {
                command[i] = LuaReplies.latin1(CFormat.g(arg.todouble(), 17));
            } else if (arg.type() == LuaValue.TSTRING) {
                LuaString s = arg.strvalue();
                command[i] = java.util.Arrays.copyOfRange(s.m_bytes, s.m_offset, s.m_offset + s.m_length);
            } else {
                return null;
            }
        }
        return command;
    }

    private static Varargs log(Varargs args) {
        if (args.narg() < 2) {
            throw LuaFunctions.redisError("redis.log() requires two arguments or more.");
        }
        if (!args.arg1().isnumber()) {
            throw LuaFunctions.redisError("First argument must be a number (log level).");
        }
        int level = (int) args.arg1().todouble();
        if (level < LOG_DEBUG || level > LOG_WARNING) {
            throw LuaFunctions.redisError("Invalid debug level.");
        }
        return LuaValue.NONE;
    }

    private Varargs setResp(Varargs args) {
        ScriptRun run = run("redis.setresp");
        if (args.narg() != 1) {
            throw LuaFunctions.redisError("redis.setresp() requires one argument.");
        }
        int resp = (int) args.arg1().optdouble(0);
        if (resp != 2 && resp != 3) {
            throw LuaFunctions.redisError("RESP version must be 2 or 3.");
        }
        run.protocol(resp);
        return LuaValue.NONE;
    }

    private Varargs setRepl(Varargs args) {
        run("redis.set_repl");
        if (args.narg() != 1) {
            throw LuaFunctions.redisError("redis.set_repl() requires two arguments.");
        }
        int flags = (int) args.arg1().optdouble(0);
        if ((flags & ~REPL_ALL) != 0) {
            throw LuaFunctions.redisError("Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.");
        }
        node.replication().muted((flags & REPL_REPLICA) == 0);
        return LuaValue.NONE;
    }

    private Varargs aclCheckCommand(Varargs args) {
        ScriptRun run = run("redis.acl_check_cmd");
        byte[][] command = commandArguments(args);
        if (command == null) {
            throw LuaFunctions.redisError(args.narg() == 0 ? Errors.SCRIPT_NO_ARGUMENTS : Errors.SCRIPT_BAD_ARGUMENT);
        }
        dev.embeddedcluster.command.CommandSpec spec = dev.embeddedcluster.command.CommandTable.standard().resolve(command);
        if (spec == null) {
            throw LuaFunctions.redisError("Invalid command passed to redis.acl_check_cmd()");
        }
        dev.embeddedcluster.command.acl.AclUser user = run.caller().client().user();
        return LuaValue.valueOf(user == null || user.unrestricted() || node.acl().permits(user, spec, command));
    }

    private static Varargs sha1hex(Varargs args) {
        if (args.narg() != 1) {
            throw LuaFunctions.redisError("wrong number of arguments");
        }
        LuaValue value = args.arg1();
        byte[] bytes = value.isstring() ? LuaReplies.latin1(LuaReplies.latin1(value.tostring())) : new byte[0];
        return LuaValue.valueOf(sha1hex(bytes));
    }

    static String sha1hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Varargs errorReply(Varargs args) {
        if (args.narg() != 1 || args.arg1().type() != LuaValue.TSTRING) {
            return LuaReplies.errorTable("wrong number or type of arguments");
        }
        String text = LuaReplies.latin1(args.arg1());
        return LuaReplies.errorTable(text.startsWith("-") ? text : "-" + text);
    }

    private static Varargs statusReply(Varargs args) {
        if (args.narg() != 1 || args.arg1().type() != LuaValue.TSTRING) {
            return LuaReplies.errorTable("wrong number or type of arguments");
        }
        return LuaValue.tableOf(new LuaValue[] {LuaValue.valueOf("ok"), args.arg1()});
    }
}
