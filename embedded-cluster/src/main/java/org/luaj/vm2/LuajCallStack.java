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

    /**
     * Gives the running thread's call stack room for {@code capacity} nested calls. luaj fails a
     * call past its 256th nested one, where Redis's Lua allows about 20,000 before its "stack
     * overflow"; the array is final, so it is replaced through reflection, once.
     */
    public static void deepen(int capacity) {
        LuaThread.CallStack stack = LuaThread.getRunning().callstack;
        if (stack.functions.length >= capacity || stack.calls != 0) {
            return;
        }
        LuajFrames.deepen(capacity);
        try {
            java.lang.reflect.Field functions = LuaThread.CallStack.class.getDeclaredField("functions");
            functions.setAccessible(true);
            functions.set(stack, new LuaFunction[capacity]);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // The 256 calls luaj allows remain.
        }
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
