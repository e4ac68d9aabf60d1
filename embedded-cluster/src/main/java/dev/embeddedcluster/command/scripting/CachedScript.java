package dev.embeddedcluster.command.scripting;

import org.luaj.vm2.LuaFunction;

/** A compiled script of a node's cache: its SHA1, its shebang and its function. */
record CachedScript(String sha, Shebang shebang, LuaFunction function) {
}
