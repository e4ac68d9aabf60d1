package org.luaj.vm2.compiler;

import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.util.Hashtable;

/**
 * Compiles Lua source with luaj's parser, reporting syntax errors the way Lua 5.1 does: luaj
 * drops the "near 'token'" part of its messages, which Redis shows in "Error compiling script".
 * The lexer's error method is package-private, hence this class in luaj's package.
 */
public final class LuajParser {
    private LuajParser() {
    }

    /** The main function of a chunk; a {@link LuaError} with Lua 5.1's message when it does not parse. */
    public static Prototype parse(byte[] source, int offset, int length, String chunkName) {
        InputStream in = new ByteArrayInputStream(source, offset, length);
        try {
            int first = in.read();
            LuaString name = LuaValue.valueOf(chunkName);
            LuaC compiler = newCompiler();
            Lexer lexer = new Lexer(compiler, in);
            FuncState main = new FuncState();
            lexer.setinput(compiler, first, in, name);
            lexer.open_func(main);
            main.f.is_vararg = LuaC.VARARG_ISVARARG;
            main.f.source = name;
            lexer.next();
            lexer.chunk();
            lexer.check(LexState.TK_EOS);
            lexer.close_func();
            withoutTailCalls(main.f);
            return main.f;
        } catch (IOException e) {
            throw new LuaError(e);
        }
    }

    /**
     * Turns "return f(...)" from a tail call into a call followed by the return Lua compiles after
     * it. luaj runs a tail call after the calling function's frame is gone, while C Lua keeps the
     * frame when the callee is a C function such as redis.call: Redis reports the line of that
     * frame when the call fails.
     */
    private static void withoutTailCalls(Prototype p) {
        for (int pc = 0; pc < p.code.length; pc++) {
            int instruction = p.code[pc];
            if (Lua.GET_OPCODE(instruction) == Lua.OP_TAILCALL) {
                p.code[pc] = (instruction & ~Lua.MASK_OP & ~Lua.MASK_C) | Lua.OP_CALL;
            }
        }
        for (Prototype nested : p.p) {
            withoutTailCalls(nested);
        }
    }

    /** A compiler with its own table of interned strings, as luaj makes one per chunk (its constructor is private). */
    private static LuaC newCompiler() {
        try {
            Constructor<LuaC> constructor = LuaC.class.getDeclaredConstructor(Hashtable.class);
            constructor.setAccessible(true);
            return constructor.newInstance(new Hashtable<>());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("luaj's compiler cannot be created", e);
        }
    }

    private static final class Lexer extends LexState {
        Lexer(LuaC compiler, InputStream in) {
            super(compiler, in);
        }

        @Override
        void lexerror(String msg, int token) {
            String text = chunkid(source.tojstring()) + ":" + linenumber + ": " + msg;
            if (token != 0) {
                text += " near '" + txtToken(token) + "'";
            }
            throw new LuaError(text, 0);
        }
    }
}
