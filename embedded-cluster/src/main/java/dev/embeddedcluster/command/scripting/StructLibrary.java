package dev.embeddedcluster.command.scripting;

import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The "struct" library Redis bundles (Roberto Ierusalimschy's struct.c): pack, unpack and size
 * of binary records described by a format string, on a 64-bit little-endian machine.
 */
final class StructLibrary {
    private static final int MAX_ALIGN = 8;
    private static final int MAX_INT_SIZE = 32;

    private StructLibrary() {
    }

    static LuaTable create() {
        LuaTable struct = new ReadOnlyTable();
        struct.set("pack", LuaFunctions.of("pack", StructLibrary::pack));
        struct.set("unpack", LuaFunctions.of("unpack", StructLibrary::unpack));
        struct.set("size", LuaFunctions.of("size", StructLibrary::size));
        return struct;
    }

    /** The reading state of a format: position, byte order, alignment. */
    private static final class Format {
        final byte[] text;
        final String function;
        int at;
        boolean bigEndian;
        int align = 1;

        Format(LuaValue format, String function) {
            LuaString s = format.strvalue();
            this.text = java.util.Arrays.copyOfRange(s.m_bytes, s.m_offset, s.m_offset + s.m_length);
            this.function = function;
        }

        boolean more() {
            return at < text.length;
        }

        int number(int fallback) {
            if (!more() || !Character.isDigit(text[at])) {
                return fallback;
            }
            int n = 0;
            while (more() && Character.isDigit(text[at])) {
                int digit = text[at] - '0';
                if (n > Integer.MAX_VALUE / 10 || n * 10 > Integer.MAX_VALUE - digit) {
                    throw LuaFunctions.error("integral size overflow");
                }
                n = n * 10 + digit;
                at++;
            }
            return n;
        }

        /** The size of the option just read, after reading its digits; -1 for a control option. */
        int size(char option) {
            switch (option) {
                case 'b', 'B', 'x':
                    return 1;
                case 'h', 'H':
                    return 2;
                case 'l', 'L', 'T', 'd':
                    return 8;
                case 'f':
                    return 4;
                case 's':
                    return 0;
                case 'c':
                    return number(1);
                case 'i', 'I': {
                    int size = number(4);
                    if (size > MAX_INT_SIZE) {
                        throw LuaFunctions.error("integral size " + size + " is larger than limit of " + MAX_INT_SIZE);
                    }
                    return size;
                }
                case ' ':
                    return -1;
                case '>':
                    bigEndian = true;
                    return -1;
                case '<':
                    bigEndian = false;
                    return -1;
                case '!':
                    align = number(MAX_ALIGN);
                    return -1;
                default:
                    throw LuaFunctions.argError(1, function, "invalid format option '" + option + "'");
            }
        }

        int padding(long length, char option, int size) {
            if (size == 0 || option == 'c') {
                return 0;
            }
            if (size > align) {
                size = align;
            }
            return (int) ((size - (length & (size - 1))) & (size - 1));
        }
    }

    private static Varargs pack(Varargs args) {
        Format format = new Format(LuaFunctions.checkString(args, 1, "pack"), "pack");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int arg = 2;
        while (format.more()) {
            char option = (char) format.text[format.at++];
            int size = format.size(option);
            if (size < 0) {
                continue;
            }
            for (int pad = format.padding(out.size(), option, size); pad > 0; pad--) {
                out.write(0);
            }
            switch (option) {
                case 'x' -> out.write(0);
                case 'b', 'B', 'h', 'H', 'l', 'L', 'T', 'i', 'I' -> {
                    double n = number(args, arg++);
                    long value = n < 0 ? (long) n : unsignedOf(n);
                    writeInteger(out, value, size, format.bigEndian);
                }
                case 'f' -> writeInteger(out, Float.floatToRawIntBits((float) number(args, arg++)) & 0xffffffffL, 4, format.bigEndian);
                case 'd' -> writeInteger(out, Double.doubleToRawLongBits(number(args, arg++)), 8, format.bigEndian);
                case 'c', 's' -> {
                    LuaString s = LuaFunctions.checkString(args, arg, "pack").strvalue();
                    int length = s.m_length;
                    if (size == 0) {
                        size = length;
                    }
                    if (length < size) {
                        throw LuaFunctions.argError(arg + 1, "pack", "string too short");
                    }
                    out.write(s.m_bytes, s.m_offset, size);
                    if (option == 's') {
                        out.write(0);
                    }
                    arg++;
                }
                default -> {
                }
            }
        }
        return LuaValue.valueOf(out.toByteArray());
    }

    /** luaL_checknumber as struct.pack reports a missing argument ("got nil"). */
    private static double number(Varargs args, int position) {
        LuaValue n = args.arg(position).tonumber();
        if (n.isnil()) {
            String got = args.arg(position).typename();
            throw LuaFunctions.argError(position, "pack", "number expected, got " + got);
        }
        return n.todouble();
    }

    private static long unsignedOf(double n) {
        if (n >= 0x1p63) {
            return n >= 0x1p64 ? 0 : (long) (n - 0x1p63) ^ Long.MIN_VALUE;
        }
        return (long) n;
    }

    private static void writeInteger(ByteArrayOutputStream out, long value, int size, boolean bigEndian) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = i < 8 ? (byte) (value >>> (8 * i)) : 0;
        }
        if (bigEndian) {
            for (int i = 0; i < size / 2; i++) {
                byte t = bytes[i];
                bytes[i] = bytes[size - 1 - i];
                bytes[size - 1 - i] = t;
            }
        }
        out.writeBytes(bytes);
    }

    private static Varargs unpack(Varargs args) {
        Format format = new Format(LuaFunctions.checkString(args, 1, "unpack"), "unpack");
        LuaString data = LuaFunctions.checkString(args, 2, "unpack").strvalue();
        long position = LuaFunctions.optInteger(args, 3, "unpack", 1) - 1;
        if (position < 0) {
            throw LuaFunctions.argError(3, "unpack", "offset must be 1 or greater");
        }
        List<LuaValue> results = new ArrayList<>();
        while (format.more()) {
            char option = (char) format.text[format.at++];
            int size = format.size(option);
            if (size < 0) {
                continue;
            }
            position += format.padding(position, option, size);
            if (position + size > data.m_length) {
                throw LuaFunctions.argError(2, "unpack", "data string too short");
            }
            int at = data.m_offset + (int) position;
            switch (option) {
                case 'b', 'B', 'h', 'H', 'l', 'L', 'T', 'i', 'I' -> {
                    long value = readInteger(data.m_bytes, at, size, format.bigEndian);
                    boolean signed = Character.isLowerCase(option);
                    if (signed && size < 8 && size > 0) {
                        long mask = -1L << (size * 8 - 1);
                        if ((value & mask) != 0) {
                            value |= mask;
                        }
                    }
                    results.add(LuaValue.valueOf(signed || value >= 0 ? (double) value : unsignedToDouble(value)));
                }
                case 'f' -> results.add(LuaValue.valueOf(
                        (double) Float.intBitsToFloat((int) readInteger(data.m_bytes, at, 4, format.bigEndian))));
                case 'd' -> results.add(LuaValue.valueOf(
                        Double.longBitsToDouble(readInteger(data.m_bytes, at, 8, format.bigEndian))));
                case 'c' -> {
                    if (size == 0) {
                        if (results.isEmpty() || !results.get(results.size() - 1).isnumber()) {
                            throw LuaFunctions.error("format 'c0' needs a previous size");
                        }
                        size = (int) results.remove(results.size() - 1).todouble();
                        if (position + size > data.m_length) {
                            throw LuaFunctions.argError(2, "unpack", "data string too short");
                        }
                    }
                    results.add(LuaValue.valueOf(java.util.Arrays.copyOfRange(data.m_bytes, at, at + size)));
                }
                case 's' -> {
                    int end = at;
                    while (end < data.m_offset + data.m_length && data.m_bytes[end] != 0) {
                        end++;
                    }
                    if (end == data.m_offset + data.m_length) {
                        throw LuaFunctions.error("unfinished string in data");
                    }
                    size = end - at + 1;
                    results.add(LuaValue.valueOf(java.util.Arrays.copyOfRange(data.m_bytes, at, end)));
                }
                default -> {
                }
            }
            position += size;
        }
        results.add(LuaValue.valueOf((double) (position + 1)));
        return LuaValue.varargsOf(results.toArray(new LuaValue[0]));
    }

    private static double unsignedToDouble(long value) {
        return (double) (value >>> 1) * 2 + (value & 1);
    }

    private static long readInteger(byte[] bytes, int at, int size, boolean bigEndian) {
        long value = 0;
        for (int i = 0; i < size; i++) {
            int index = bigEndian ? at + i : at + size - 1 - i;
            value = value << 8 | (bytes[index] & 0xff);
        }
        return value;
    }

    private static Varargs size(Varargs args) {
        Format format = new Format(LuaFunctions.checkString(args, 1, "size"), "size");
        long total = 0;
        while (format.more()) {
            char option = (char) format.text[format.at++];
            int size = format.size(option);
            if (size < 0) {
                continue;
            }
            if (size == 0) {
                throw LuaFunctions.argError(1, "size", option == 's' ? "option 's' has no fixed size" : "option 'c0' has no fixed size");
            }
            total += format.padding(total, option, size) + size;
        }
        return LuaValue.valueOf((double) total);
    }
}
