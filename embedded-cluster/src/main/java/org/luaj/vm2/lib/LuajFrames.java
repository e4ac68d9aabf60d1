package org.luaj.vm2.lib;

import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;

/**
 * The running Lua frames as luaj's debug library tracks them. Redis reports where a script
 * failed and names the variable an error is about ("attempt to index local 't'"), which needs
 * the frames' instruction pointers and registers; luaj keeps those package-private, so this
 * small bridge lives in luaj's package. Valid only while the debug library is loaded and only on
 * the thread running the script.
 */
public final class LuajFrames {
    private LuajFrames() {
    }

    /** The level (0 = innermost) of the innermost frame that runs Lua code, or -1. */
    public static int innermostLuaLevel() {
        DebugLib.DebugState state = DebugLib.getDebugState();
        for (int level = 0; ; level++) {
            DebugLib.DebugInfo info = state.getDebugInfo(level);
            if (info == null) {
                return -1;
            }
            if (info.closure != null) {
                return level;
            }
        }
    }

    /** Whether the frame {@code level} calls up exists and runs Lua code. */
    public static boolean isLua(int level) {
        DebugLib.DebugInfo info = level < 0 ? null : at(level);
        return info != null && info.closure != null;
    }

    private static DebugLib.DebugInfo at(int level) {
        return DebugLib.getDebugState().getDebugInfo(level);
    }

    public static Prototype prototype(int level) {
        return at(level).closure.p;
    }

    /** The index of the instruction the frame executes. */
    public static int pc(int level) {
        return at(level).pc;
    }

    public static int currentLine(int level) {
        return at(level).currentline();
    }

    /** The frame's registers. */
    public static LuaValue[] registers(int level) {
        return at(level).stack;
    }

    /**
     * What a register holds at the frame's instruction, as Lua 5.1's getobjname tells it:
     * {name, kind} with kind "local", "global", "field", "upvalue" or "method"; null when unknown.
     */
    public static String[] describeRegister(int level, int register) {
        DebugLib.DebugInfo info = at(level);
        return describe(info.closure.p, info.pc, register);
    }

    private static String[] describe(Prototype p, int pc, int register) {
        LuaString local = p.getlocalname(register + 1, pc);
        if (local != null) {
            return new String[] {local.tojstring(), "local"};
        }
        int i = DebugLib.symbexec(p, pc, register);
        switch (Lua.GET_OPCODE(i)) {
            case Lua.OP_GETGLOBAL:
                return new String[] {p.k[Lua.GETARG_Bx(i)].tojstring(), "global"};
            case Lua.OP_MOVE:
                return Lua.GETARG_B(i) < Lua.GETARG_A(i) ? describe(p, pc, Lua.GETARG_B(i)) : null;
            case Lua.OP_GETTABLE:
                return new String[] {constantName(p, Lua.GETARG_C(i)), "field"};
            case Lua.OP_GETUPVAL: {
                int u = Lua.GETARG_B(i);
                return new String[] {u < p.upvalues.length ? p.upvalues[u].tojstring() : "?", "upvalue"};
            }
            case Lua.OP_SELF:
                return new String[] {constantName(p, Lua.GETARG_C(i)), "method"};
            default:
                return null;
        }
    }

    /** A key's name when it is a string constant, "?" otherwise (numbers included, unlike luaj's). */
    private static String constantName(Prototype p, int rk) {
        return Lua.ISK(rk) && p.k[Lua.INDEXK(rk)].type() == LuaValue.TSTRING ? p.k[Lua.INDEXK(rk)].tojstring() : "?";
    }

    /**
     * Calls {@code hook} every {@code count} instructions of Lua code, as debug.sethook's count
     * hook does; a null hook removes it. luaj swallows the exceptions a hook throws, so a hook
     * that must stop the script throws an {@link Error}.
     */
    public static void countHook(LuaValue hook, int count) {
        DebugLib.getDebugState().sethook(hook, false, false, false, hook == null ? 0 : count);
    }

    /**
     * Calls {@code hook} at each new line of Lua code the running thread executes, instead of by
     * count; the line the innermost Lua frame is on counts as reached already.
     */
    public static void lineHook(LuaValue hook) {
        DebugLib.DebugState state = DebugLib.getDebugState();
        state.sethook(hook, false, true, false, 0);
        int level = innermostLuaLevel();
        try {
            LAST_LINE.setInt(state, level < 0 ? -1 : currentLine(level));
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The line luaj's line hook last reported (private in luaj: its hook fires when a frame's line differs). */
    private static final java.lang.reflect.Field LAST_LINE = lastLineField();

    private static java.lang.reflect.Field lastLineField() {
        try {
            java.lang.reflect.Field line = DebugLib.DebugState.class.getDeclaredField("line");
            line.setAccessible(true);
            return line;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("luaj's DebugState has no line field", e);
        }
    }

    /** Drops every recorded frame. */
    public static void reset() {
        DebugLib.getDebugState().popInfo(0);
    }

    /** Gives the debug library's record of frames room for {@code capacity} nested calls (see LuajCallStack). */
    public static void deepen(int capacity) {
        DebugLib.DebugState state = DebugLib.getDebugState();
        try {
            java.lang.reflect.Field field = DebugLib.DebugState.class.getDeclaredField("debugInfo");
            field.setAccessible(true);
            Object[] frames = (Object[]) field.get(state);
            if (frames.length <= capacity) {
                field.set(state, java.util.Arrays.copyOf(frames, capacity + 1, frames.getClass()));
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // The frames luaj allows remain.
        }
    }
}
