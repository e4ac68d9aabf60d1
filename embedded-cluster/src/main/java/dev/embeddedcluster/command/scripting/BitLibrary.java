package dev.embeddedcluster.command.scripting;

import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/** The "bit" library (LuaBitOp 1.0): operations on numbers as 32-bit integers, results signed. */
final class BitLibrary {
    private BitLibrary() {
    }

    static LuaTable create() {
        LuaTable bit = new ReadOnlyTable();
        bit.set("tobit", LuaFunctions.of("tobit", args -> result(arg(args, 1, "tobit"))));
        bit.set("bnot", LuaFunctions.of("bnot", args -> result(~arg(args, 1, "bnot"))));
        bit.set("band", LuaFunctions.of("band", args -> fold(args, "band", 0)));
        bit.set("bor", LuaFunctions.of("bor", args -> fold(args, "bor", 1)));
        bit.set("bxor", LuaFunctions.of("bxor", args -> fold(args, "bxor", 2)));
        bit.set("lshift", LuaFunctions.of("lshift", args -> result(arg(args, 1, "lshift") << arg(args, 2, "lshift"))));
        bit.set("rshift", LuaFunctions.of("rshift", args -> result(arg(args, 1, "rshift") >>> arg(args, 2, "rshift"))));
        bit.set("arshift", LuaFunctions.of("arshift", args -> result(arg(args, 1, "arshift") >> arg(args, 2, "arshift"))));
        bit.set("rol", LuaFunctions.of("rol", args -> result(Integer.rotateLeft(arg(args, 1, "rol"), arg(args, 2, "rol")))));
        bit.set("ror", LuaFunctions.of("ror", args -> result(Integer.rotateRight(arg(args, 1, "ror"), arg(args, 2, "ror")))));
        bit.set("bswap", LuaFunctions.of("bswap", args -> result(Integer.reverseBytes(arg(args, 1, "bswap")))));
        bit.set("tohex", LuaFunctions.of("tohex", BitLibrary::tohex));
        return bit;
    }

    /** A number as BitOp reads one: rounded to an integer, its low 32 bits. */
    private static int arg(Varargs args, int position, String function) {
        double n = LuaFunctions.checkNumber(args, position, function);
        double rounded = Math.rint(n);
        if (Math.abs(rounded) < 0x1p63) {
            return (int) (long) rounded;
        }
        return (int) new java.math.BigDecimal(rounded).toBigInteger().longValue();
    }

    private static LuaValue result(int value) {
        return LuaValue.valueOf(value);
    }

    private static Varargs fold(Varargs args, String function, int operation) {
        int value = arg(args, 1, function);
        for (int i = 2; i <= args.narg(); i++) {
            int next = arg(args, i, function);
            value = switch (operation) {
                case 0 -> value & next;
                case 1 -> value | next;
                default -> value ^ next;
            };
        }
        return result(value);
    }

    private static Varargs tohex(Varargs args) {
        int value = arg(args, 1, "tohex");
        int digits = args.isnoneornil(2) ? 8 : arg(args, 2, "tohex");
        boolean upper = digits < 0;
        if (upper) {
            digits = -digits;
        }
        if (digits > 8) {
            digits = 8;
        }
        String hex = String.format(upper ? "%08X" : "%08x", value);
        return LuaValue.valueOf(hex.substring(8 - digits));
    }
}
