package dev.embeddedcluster.command.scripting;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

import java.util.function.Function;

/**
 * Java functions for Lua that behave like Lua's C functions: they take no frame in luaj's call
 * stack (so errors point at the Lua code calling them) and raise Lua 5.1's argument errors.
 */
final class LuaFunctions {
    private LuaFunctions() {
    }

    static VarArgFunction of(String name, Function<Varargs, Varargs> body) {
        return new VarArgFunction() {
            {
                this.name = name;
            }

            @Override
            public Varargs invoke(Varargs args) {
                return body.apply(args);
            }
        };
    }

    /** luaL_error from a "C" function: the message after the position of the Lua code calling it. */
    static LuaError error(String message) {
        return new LuaError(ErrorSite.where(1) + message, 0);
    }

    /** Raises Redis's error table {err = "ERR message"} (luaPushError + lua_error). */
    static ScriptError redisError(String message) {
        return new ScriptError(LuaReplies.errorTable(message));
    }

    /** luaL_argerror: "bad argument #n to 'name' (message)". */
    static LuaError argError(int position, String function, String message) {
        return error("bad argument #" + position + " to '" + function + "' (" + message + ")");
    }

    /** luaL_typerror's message for argument {@code position}. */
    static LuaError typeError(Varargs args, int position, String function, String expected) {
        String got = position > args.narg() ? "no value" : args.arg(position).typename();
        return argError(position, function, expected + " expected, got " + got);
    }

    /** luaL_checknumber: a number or a string that converts to one. */
    static double checkNumber(Varargs args, int position, String function) {
        LuaValue value = args.arg(position);
        LuaValue number = value.tonumber();
        if (number.isnil()) {
            throw typeError(args, position, function, "number");
        }
        return number.todouble();
    }

    /** luaL_checkinteger / luaL_checkint: a number, truncated. */
    static long checkInteger(Varargs args, int position, String function) {
        return LuaReplies.toLongLikeC(checkNumber(args, position, function));
    }

    static long optInteger(Varargs args, int position, String function, long fallback) {
        return args.isnoneornil(position) ? fallback : checkInteger(args, position, function);
    }

    /** luaL_checklstring: a string, or a number converted to one. */
    static LuaValue checkString(Varargs args, int position, String function) {
        LuaValue value = args.arg(position);
        if (value.type() == LuaValue.TSTRING) {
            return value;
        }
        if (value.type() == LuaValue.TNUMBER) {
            return LuaValue.valueOf(CFormat.luaNumber(value.todouble()));
        }
        throw typeError(args, position, function, "string");
    }

    static LuaTable checkTable(Varargs args, int position, String function) {
        if (!args.arg(position).istable()) {
            throw typeError(args, position, function, "table");
        }
        return (LuaTable) args.arg(position);
    }
}
