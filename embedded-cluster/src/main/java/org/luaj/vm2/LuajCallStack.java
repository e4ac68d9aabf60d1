package org.luaj.vm2;

import org.luaj.vm2.lib.LuajFrames;

/**
 * Empties luaj's call stack after a script. luaj 2 records calls in a fixed array of
 * {@link LuaThread#MAX_CALLSTACK} entries and leaves its count wrong when a script recurses
 * deeper than that, so the engine resets it rather than let one script break the next.
 */
public final class LuajCallStack {
    private LuajCallStack() {
    }

    public static void reset() {
        LuaThread.CallStack stack = LuaThread.getRunning().callstack;
        if (stack.calls != 0) {
            java.util.Arrays.fill(stack.functions, null);
            stack.calls = 0;
            LuajFrames.reset();
        }
    }
}
