package dev.embeddedcluster.command.scripting;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * A Lua table that refuses every change once protected, as Redis's patched Lua protects the
 * globals and the libraries ("Attempt to modify a readonly table"). An assignment in Lua code
 * reports the script's position; a change through a library function (rawset, table.insert,
 * setmetatable) does not, as Lua reports no position for errors raised in C functions.
 */
final class ReadOnlyTable extends LuaTable {
    static final String READONLY = "Attempt to modify a readonly table";

    private boolean readonly;

    void protect() {
        readonly = true;
    }

    boolean isProtected() {
        return readonly;
    }

    /** Sets a field even when protected: how the engine itself installs KEYS and ARGV. */
    void setUnprotected(String key, LuaValue value) {
        super.rawset(LuaValue.valueOf(key), value);
    }

    private void refuseFromLua() {
        if (readonly) {
            throw new LuaError(READONLY);
        }
    }

    private void refuseFromLibrary() {
        if (readonly) {
            throw new LuaError(READONLY, 0);
        }
    }

    @Override
    public void set(int key, LuaValue value) {
        refuseFromLua();
        super.set(key, value);
    }

    @Override
    public void set(LuaValue key, LuaValue value) {
        refuseFromLua();
        super.set(key, value);
    }

    @Override
    public void rawset(int key, LuaValue value) {
        refuseFromLibrary();
        super.rawset(key, value);
    }

    @Override
    public void rawset(LuaValue key, LuaValue value) {
        refuseFromLibrary();
        super.rawset(key, value);
    }

    @Override
    public LuaValue setmetatable(LuaValue metatable) {
        refuseFromLibrary();
        return super.setmetatable(metatable);
    }

    @Override
    public void insert(int pos, LuaValue value) {
        refuseFromLibrary();
        super.insert(pos, value);
    }

    @Override
    public LuaValue remove(int pos) {
        refuseFromLibrary();
        return super.remove(pos);
    }

    @Override
    public void sort(LuaValue comparator) {
        refuseFromLibrary();
        super.sort(comparator);
    }
}
