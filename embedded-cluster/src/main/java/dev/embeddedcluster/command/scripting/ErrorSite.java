package dev.embeddedcluster.command.scripting;

import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.lib.LuajFrames;
import org.luaj.vm2.lib.OneArgFunction;

/**
 * Sees every Lua error as it is raised, while the failing frames still exist (luaj calls a
 * thread's error function from the error's constructor). It remembers where the innermost Lua
 * function stood, which Redis appends to a script's error ("on @user_script:3."), and rewrites
 * luaj's texts for the virtual machine's own errors into Lua 5.1's, which name the variable
 * involved: "attempt to index local 't' (a nil value)".
 */
final class ErrorSite extends OneArgFunction {
    private static final String ATTEMPT = "attempt to ";
    /** luaj's text for assigning a field of a value that is no table. */
    private static final String LUAJ_SET_INDEX = "index expected, got ";

    private String source;
    private int line;

    /** Forgets the last error's position, before a script runs. */
    void clear() {
        source = null;
        line = 0;
    }

    /** The source ("@user_script") of the function the last error was raised in, or null. */
    String source() {
        return source;
    }

    int line() {
        return line;
    }

    /**
     * Lua's luaL_where: "user_script:3: " for the Lua function {@code level} calls up (1 = the
     * one calling the Java function asking), or "" when that is no Lua function.
     */
    static String where(int level) {
        int luaLevel = level - 1;
        if (LuajFrames.isLua(luaLevel)) {
            String source = LuajFrames.prototype(luaLevel).source.tojstring();
            String shortSource = source.startsWith("@") || source.startsWith("=") ? source.substring(1) : source;
            return shortSource + ":" + LuajFrames.currentLine(luaLevel) + ": ";
        }
        return "";
    }

    @Override
    public LuaValue call(LuaValue message) {
        int level = LuajFrames.innermostLuaLevel();
        if (level < 0) {
            source = null;
            return message;
        }
        source = LuajFrames.prototype(level).source.tojstring();
        line = LuajFrames.currentLine(level);
        if (level != 0 || !message.isstring()) {
            return message;
        }
        String text = message.tojstring();
        int at = text.indexOf(ATTEMPT);
        String luajText;
        if (at >= 0) {
            luajText = text.substring(at + ATTEMPT.length());
        } else {
            at = text.indexOf(LUAJ_SET_INDEX);
            if (at < 0) {
                return message;
            }
            luajText = "index";
        }
        String rewritten = luaMessage(luajText);
        return rewritten == null ? message : LuaValue.valueOf(text.substring(0, at) + ATTEMPT + rewritten);
    }

    /** Lua 5.1's text for the error the current instruction raised, or null to keep luaj's. */
    private static String luaMessage(String luajText) {
        Prototype p = LuajFrames.prototype(0);
        int instruction = p.code[LuajFrames.pc(0)];
        int a = Lua.GETARG_A(instruction);
        int b = Lua.GETARG_B(instruction);
        int c = Lua.GETARG_C(instruction);
        LuaValue[] registers = LuajFrames.registers(0);
        switch (Lua.GET_OPCODE(instruction)) {
            case Lua.OP_CALL, Lua.OP_TAILCALL -> {
                if (!luajText.startsWith("call") || registers[a].isfunction()) {
                    return null;
                }
                return typeError("call", a, registers[a]);
            }
            case Lua.OP_GETTABLE, Lua.OP_SELF -> {
                return luajText.startsWith("index") && !registers[b].istable() ? typeError("index", b, registers[b]) : null;
            }
            case Lua.OP_SETTABLE -> {
                return luajText.startsWith("index") && !registers[a].istable() ? typeError("index", a, registers[a]) : null;
            }
            case Lua.OP_ADD, Lua.OP_SUB, Lua.OP_MUL, Lua.OP_DIV, Lua.OP_MOD, Lua.OP_POW -> {
                if (!luajText.startsWith("perform arithmetic")) {
                    return null;
                }
                int wrong = isNumber(operand(b, p, registers)) ? c : b;
                return operandError("perform arithmetic on", wrong, p, registers);
            }
            case Lua.OP_UNM -> {
                return luajText.startsWith("perform arithmetic") ? typeError("perform arithmetic on", b, registers[b]) : null;
            }
            case Lua.OP_LEN -> {
                return luajText.startsWith("get length") ? typeError("get length of", b, registers[b]) : null;
            }
            case Lua.OP_CONCAT -> {
                return luajText.startsWith("concatenate") ? concatError(b, c, registers) : null;
            }
            case Lua.OP_LT, Lua.OP_LE -> {
                if (!luajText.startsWith("compare")) {
                    return null;
                }
                String left = operand(b, p, registers).typename();
                String right = operand(c, p, registers).typename();
                return left.equals(right) ? "compare two " + left + " values" : "compare " + left + " with " + right;
            }
            default -> {
                return null;
            }
        }
    }

    private static boolean isNumber(LuaValue value) {
        return value.isnumber();
    }

    private static LuaValue operand(int rk, Prototype p, LuaValue[] registers) {
        return Lua.ISK(rk) ? p.k[Lua.INDEXK(rk)] : registers[rk];
    }

    private static String operandError(String operation, int rk, Prototype p, LuaValue[] registers) {
        if (Lua.ISK(rk)) {
            return operation + " a " + p.k[Lua.INDEXK(rk)].typename() + " value";
        }
        return typeError(operation, rk, registers[rk]);
    }

    /** Which operand of a concatenation Lua blames, replaying its right-to-left folding. */
    private static String concatError(int first, int last, LuaValue[] registers) {
        int top = last;
        boolean[] joinable = new boolean[last + 1];
        for (int r = first; r <= last; r++) {
            joinable[r] = registers[r].isstring();
        }
        while (top > first) {
            if (!joinable[top - 1] || !joinable[top]) {
                int wrong = joinable[top - 1] ? top : top - 1;
                return typeError("concatenate", wrong, registers[wrong]);
            }
            int n = 2;
            while (top - n >= first && joinable[top - n]) {
                n++;
            }
            top -= n - 1;
            joinable[top] = true;
        }
        return null;
    }

    private static String typeError(String operation, int register, LuaValue value) {
        String[] name = LuajFrames.describeRegister(0, register);
        if (name == null) {
            return operation + " a " + value.typename() + " value";
        }
        return operation + " " + name[1] + " '" + name[0] + "' (a " + value.typename() + " value)";
    }
}
