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
        if (message != null && overflowedTheStack(error.getCause())) {
            // luaj reports "<where>: vm error: <the Java exception>"; Lua says "<where>: stack overflow".
            int vmError = message.indexOf(VM_ERROR);
            message = (vmError < 0 ? "" : message.substring(0, vmError)) + "stack overflow";
        }
        return message == null ? LuaValue.NIL : LuaValue.valueOf(message);
    }

    private static final String VM_ERROR = "vm error: ";

    /** Whether luaj failed for want of stack: the JVM's, or its own record of nested calls. */
    private static boolean overflowedTheStack(Throwable cause) {
        if (cause instanceof StackOverflowError) {
            return true;
        }
        if (cause instanceof ArrayIndexOutOfBoundsException && cause.getStackTrace().length > 0) {
            return cause.getStackTrace()[0].getClassName().endsWith("LuaThread$CallStack");
        }
        return false;
    }
}
