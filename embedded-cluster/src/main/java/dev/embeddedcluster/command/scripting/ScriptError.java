package dev.embeddedcluster.command.scripting;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;

/**
 * A Lua error carrying any value: luaj 2 errors carry only text, while Redis raises tables
 * ({err = "ERR ..."}) and scripts may raise anything with error().
 */
final class ScriptError extends LuaError {
    private static final long serialVersionUID = 1L;

    private final transient LuaValue value;

    ScriptError(LuaValue value) {
        super(value.isstring() ? value.tojstring() : value.typename(), 0);
        this.value = value;
    }

    /** The value a Lua error stands for: what error() raised, or the text of an error luaj raised. */
    static LuaValue valueOf(LuaError error) {
        if (error instanceof ScriptError scriptError) {
            return scriptError.value;
        }
        String message = error.getMessage();
        return message == null ? LuaValue.NIL : LuaValue.valueOf(message);
    }
}
