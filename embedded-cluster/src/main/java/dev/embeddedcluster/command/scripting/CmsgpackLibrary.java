package dev.embeddedcluster.command.scripting;

import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The "cmsgpack" library Redis bundles (lua-cmsgpack 0.4): MessagePack encoding of Lua values and
 * decoding back. Integral numbers take the smallest integer form, others a float when exact,
 * otherwise a double; tables whose keys are 1..n become arrays, others maps.
 */
final class CmsgpackLibrary {
    private static final int MAX_NESTING = 16;

    private CmsgpackLibrary() {
    }

    static LuaTable create() {
        LuaTable cmsgpack = new ReadOnlyTable();
        cmsgpack.set("pack", LuaFunctions.of("pack", CmsgpackLibrary::pack));
        cmsgpack.set("unpack", LuaFunctions.of("unpack", args -> unpack(args, "unpack", 0, 0, false)));
        cmsgpack.set("unpack_one", LuaFunctions.of("unpack_one", args -> unpack(args, "unpack_one", 1,
                LuaFunctions.optInteger(args, 2, "unpack_one", 0), true)));
        cmsgpack.set("unpack_limit", LuaFunctions.of("unpack_limit", args -> unpack(args, "unpack_limit",
                LuaFunctions.optInteger(args, 2, "unpack_limit", 0), LuaFunctions.optInteger(args, 3, "unpack_limit", 0), true)));
        cmsgpack.set("_NAME", "cmsgpack");
        cmsgpack.set("_VERSION", "lua-cmsgpack 0.4.0");
        cmsgpack.set("_COPYRIGHT", "Copyright (C) 2012, Salvatore Sanfilippo");
        cmsgpack.set("_DESCRIPTION", "MessagePack C implementation for Lua");
        return cmsgpack;
    }

    private static Varargs pack(Varargs args) {
        if (args.narg() == 0) {
            throw LuaFunctions.argError(0, "pack", "MessagePack pack needs input.");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 1; i <= args.narg(); i++) {
            encode(args.arg(i), out, 0);
        }
        return LuaValue.valueOf(out.toByteArray());
    }

    private static void encode(LuaValue value, ByteArrayOutputStream out, int level) {
        switch (value.type()) {
            case LuaValue.TSTRING -> {
                LuaString s = value.strvalue();
                int n = s.m_length;
                if (n < 32) {
                    out.write(0xa0 | n);
                } else if (n <= 0xff) {
                    out.write(0xd9);
                    out.write(n);
                } else if (n <= 0xffff) {
                    out.write(0xda);
                    bigEndian(out, n, 2);
                } else {
                    out.write(0xdb);
                    bigEndian(out, n, 4);
                }
                out.write(s.m_bytes, s.m_offset, n);
            }
            case LuaValue.TBOOLEAN -> out.write(value.toboolean() ? 0xc3 : 0xc2);
            case LuaValue.TNUMBER -> number(value.todouble(), out);
            case LuaValue.TTABLE -> {
                if (level == MAX_NESTING) {
                    out.write(0xc0);
                } else {
                    table((LuaTable) value, out, level + 1);
                }
            }
            default -> out.write(0xc0);
        }
    }

    private static void number(double n, ByteArrayOutputStream out) {
        if (!Double.isInfinite(n) && n == (long) n) {
            integer((long) n, out);
        } else if ((float) n == n || Double.isNaN(n)) {
            out.write(0xca);
            bigEndian(out, Float.floatToIntBits((float) n), 4);
        } else {
            out.write(0xcb);
            bigEndian(out, Double.doubleToLongBits(n), 8);
        }
    }

    private static void integer(long n, ByteArrayOutputStream out) {
        if (n >= 0) {
            if (n <= 127) {
                out.write((int) n);
            } else if (n <= 0xff) {
                out.write(0xcc);
                out.write((int) n);
            } else if (n <= 0xffff) {
                out.write(0xcd);
                bigEndian(out, n, 2);
            } else if (n <= 0xffffffffL) {
                out.write(0xce);
                bigEndian(out, n, 4);
            } else {
                out.write(0xcf);
                bigEndian(out, n, 8);
            }
        } else if (n >= -32) {
            out.write((int) (n & 0xff));
        } else if (n >= -128) {
            out.write(0xd0);
            out.write((int) (n & 0xff));
        } else if (n >= -32768) {
            out.write(0xd1);
            bigEndian(out, n, 2);
        } else if (n >= Integer.MIN_VALUE) {
            out.write(0xd2);
            bigEndian(out, n, 4);
        } else {
            out.write(0xd3);
            bigEndian(out, n, 8);
        }
    }

    private static void table(LuaTable table, ByteArrayOutputStream out, int level) {
        int count = 0;
        double max = 0;
        boolean array = true;
        for (Varargs e = table.next(LuaValue.NIL); !e.arg1().isnil(); e = table.next(e.arg1())) {
            LuaValue key = e.arg1();
            count++;
            double k = key.type() == LuaValue.TNUMBER ? key.todouble() : 0;
            if (k > 0 && k == Math.floor(k)) {
                max = Math.max(max, k);
            } else {
                array = false;
            }
        }
        if (array && max == count) {
            header(out, count, 0x90, 0xdc, 0xdd);
            for (int i = 1; i <= count; i++) {
                encode(table.rawget(i), out, level);
            }
            return;
        }
        header(out, count, 0x80, 0xde, 0xdf);
        for (Varargs e = table.next(LuaValue.NIL); !e.arg1().isnil(); e = table.next(e.arg1())) {
            encode(e.arg1(), out, level);
            encode(e.arg(2), out, level);
        }
    }

    private static void header(ByteArrayOutputStream out, int n, int fix, int sixteen, int thirtyTwo) {
        if (n <= 15) {
            out.write(fix | n);
        } else if (n <= 0xffff) {
            out.write(sixteen);
            bigEndian(out, n, 2);
        } else {
            out.write(thirtyTwo);
            bigEndian(out, n, 4);
        }
    }

    private static void bigEndian(ByteArrayOutputStream out, long value, int bytes) {
        for (int i = bytes - 1; i >= 0; i--) {
            out.write((int) (value >>> (8 * i)) & 0xff);
        }
    }

    /**
     * unpack (every object), unpack_one (the first after an offset) and unpack_limit (at most
     * {@code limit}); the last two return the offset after what they read first (-1 at the end).
     */
    private static Varargs unpack(Varargs args, String function, long limit, long offset, boolean withOffset) {
        LuaString s = LuaFunctions.checkString(args, 1, function).strvalue();
        if (offset < 0 || limit < 0) {
            throw LuaFunctions.error("Invalid request to unpack with offset of " + offset + " and limit of " + limit + ".");
        }
        if (offset > s.m_length) {
            throw LuaFunctions.error("Start offset " + offset + " greater than input length " + s.m_length + ".");
        }
        Reader reader = new Reader(s.m_bytes, s.m_offset + (int) offset, s.m_offset + s.m_length);
        List<LuaValue> values = new ArrayList<>();
        while (reader.at < reader.end && (limit == 0 || values.size() < limit)) {
            values.add(reader.value());
        }
        if (withOffset) {
            long next = reader.at < reader.end ? reader.at - s.m_offset : -1;
            values.add(0, LuaValue.valueOf((double) next));
        }
        return LuaValue.varargsOf(values.toArray(new LuaValue[0]));
    }

    private static final class Reader {
        final byte[] bytes;
        int at;
        final int end;

        Reader(byte[] bytes, int at, int end) {
            this.bytes = bytes;
            this.at = at;
            this.end = end;
        }

        private long read(int n) {
            if (at + n > end) {
                throw LuaFunctions.error("Missing bytes in input.");
            }
            long value = 0;
            for (int i = 0; i < n; i++) {
                value = value << 8 | (bytes[at++] & 0xff);
            }
            return value;
        }

        LuaValue value() {
            int type = (int) read(1);
            if (type <= 0x7f) {
                return LuaValue.valueOf(type);
            }
            if (type >= 0xe0) {
                return LuaValue.valueOf(type - 256);
            }
            if ((type & 0xf0) == 0x80) {
                return map(type & 0x0f);
            }
            if ((type & 0xf0) == 0x90) {
                return array(type & 0x0f);
            }
            if ((type & 0xe0) == 0xa0) {
                return string(type & 0x1f);
            }
            return switch (type) {
                case 0xc0 -> LuaValue.NIL;
                case 0xc2 -> LuaValue.FALSE;
                case 0xc3 -> LuaValue.TRUE;
                case 0xca -> LuaValue.valueOf((double) Float.intBitsToFloat((int) read(4)));
                case 0xcb -> LuaValue.valueOf(Double.longBitsToDouble(read(8)));
                case 0xcc -> LuaValue.valueOf(read(1));
                case 0xcd -> LuaValue.valueOf(read(2));
                case 0xce -> LuaValue.valueOf((double) read(4));
                case 0xcf -> {
                    long v = read(8);
                    yield LuaValue.valueOf(v >= 0 ? (double) v : (double) (v >>> 1) * 2 + (v & 1));
                }
                case 0xd0 -> LuaValue.valueOf((byte) read(1));
                case 0xd1 -> LuaValue.valueOf((short) read(2));
                case 0xd2 -> LuaValue.valueOf((int) read(4));
                case 0xd3 -> LuaValue.valueOf((double) read(8));
                case 0xc4, 0xd9 -> string((int) read(1));
                case 0xc5, 0xda -> string((int) read(2));
                case 0xc6, 0xdb -> string((int) read(4));
                case 0xdc -> array((int) read(2));
                case 0xdd -> array((int) read(4));
                case 0xde -> map((int) read(2));
                case 0xdf -> map((int) read(4));
                default -> throw LuaFunctions.error("Bad data format in input.");
            };
        }

        private LuaValue string(int length) {
            if (length < 0 || at + length > end) {
                throw LuaFunctions.error("Missing bytes in input.");
            }
            LuaValue s = LuaValue.valueOf(java.util.Arrays.copyOfRange(bytes, at, at + length));
            at += length;
            return s;
        }

        private LuaValue array(int length) {
            LuaTable table = new LuaTable();
            for (int i = 1; i <= length; i++) {
                table.rawset(i, value());
            }
            return table;
        }

        private LuaValue map(int length) {
            LuaTable table = new LuaTable();
            for (int i = 0; i < length; i++) {
                LuaValue key = value();
                LuaValue v = value();
                if (!key.isnil()) {
                    table.rawset(key, v);
                }
            }
            return table;
        }
    }
}
