package dev.embeddedcluster.command.scripting;

import org.luaj.vm2.LuaValue;

/**
 * A function a library registered (functions.c's functionInfo): its name, its description (null
 * when none was given), the flags it declared and the Lua function FCALL calls.
 */
record LibraryFunction(String name, byte[] description, int flags, LuaValue callback) {
}
