package dev.embeddedcluster.command.scripting;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lua 5.1's argument errors for luaj's library functions. luaj says "bad argument #2: base out
 * of range" and, for a wrong type, "bad argument: string expected, got nil" without the
 * argument's number; Lua names the function and the argument ("bad argument #1 to 'sub'
 * (string expected, got no value)"), as Redis's scripts see them.
 */
final class ArgumentErrors {
    private static final Pattern NUMBERED = Pattern.compile("bad argument #(\\d+): (.*)", Pattern.DOTALL);
    private static final Pattern WRONG_TYPE = Pattern.compile("bad argument: (.+) expected, got (\\w+)");
    private static final String BAD_ARGUMENT = "bad argument";

    private ArgumentErrors() {
    }

    /** Replaces each function of the table by one that raises Lua's argument errors. */
    static void nameIn(LuaTable table) {
        for (Varargs entry = table.next(LuaValue.NIL); !entry.arg1().isnil(); entry = table.next(entry.arg1())) {
            if (entry.arg(2).isfunction() && entry.arg1().isstring()) {
                table.rawset(entry.arg1(), named(entry.arg1().tojstring(), entry.arg(2)));
            }
        }
    }

    /** The function, raising its argument errors as Lua's function {@code name} would. */
    static LuaValue named(String name, LuaValue function) {
        return LuaFunctions.of(name, args -> {
            try {
                return function.invoke(args);
            } catch (ScriptError e) {
                throw e;
            } catch (LuaError e) {
                throw translated(e, name, args);
            }
        });
    }

    private static LuaError translated(LuaError error, String name, Varargs args) {
        String message = error.getMessage();
        int at = message == null ? -1 : message.indexOf(BAD_ARGUMENT);
        if (at < 0) {
            return error;
        }
        String where = message.substring(0, at);
        String what = message.substring(at);
        Matcher numbered = NUMBERED.matcher(what);
        if (numbered.matches()) {
            return new LuaError(where + "bad argument #" + numbered.group(1) + " to '" + name + "' (" + numbered.group(2) + ")", 0);
        }
        Matcher wrongType = WRONG_TYPE.matcher(what);
        if (wrongType.matches() && name.equals("concat") && args.arg1().istable()) {
            return concatError(where, args);
        }
        if (wrongType.matches()) {
            String got = wrongType.group(2);
            for (int i = 1; i <= args.narg() + 1; i++) {
                boolean missing = i > args.narg();
                if ((missing ? "nil" : args.arg(i).typename()).equals(got)) {
                    return new LuaError(where + "bad argument #" + i + " to '" + name + "' (" + wrongType.group(1)
                            + " expected, got " + (missing ? "no value" : got) + ")", 0);
                }
            }
        }
        return error;
    }

    /** table.concat's own errors: a separator that is no string, or an element that is none. */
    private static LuaError concatError(String where, Varargs args) {
        if (args.narg() >= 2 && !args.arg(2).isnil() && !args.arg(2).isstring()) {
            return new LuaError(where + "bad argument #2 to 'concat' (string expected, got " + args.arg(2).typename() + ")", 0);
        }
        LuaValue list = args.arg1();
        int first = args.narg() >= 3 && args.arg(3).isnumber() ? args.arg(3).toint() : 1;
        for (int i = first; i <= list.length(); i++) {
            if (!list.rawget(i).isstring()) {
                return new LuaError(where + "invalid value (" + list.rawget(i).typename() + ") at index " + i
                        + " in table for 'concat'", 0);
            }
        }
        return new LuaError(where + "bad argument #1 to 'concat' (table expected, got " + list.typename() + ")", 0);
    }
}
