package dev.embeddedcluster.command.scripting;

import dev.embeddedcluster.resp.RespReader;
import dev.embeddedcluster.resp.RespWriter;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.nio.charset.StandardCharsets;

/**
 * Conversions between Redis replies and Lua values, both ways, as Redis 7.0 makes them
 * (script_lua.c): a command's RESP2 or RESP3 reply becomes a Lua value for redis.call, and a
 * script's return value becomes the reply to the client that ran it.
 */
final class LuaReplies {
    private static final LuaString OK = LuaValue.valueOf("ok");
    static final LuaString ERR = LuaValue.valueOf("err");
    private static final LuaString IGNORE_STATS = LuaValue.valueOf("ignore_error_stats_update");
    private static final LuaString DOUBLE = LuaValue.valueOf("double");
    private static final LuaString BIG_NUMBER = LuaValue.valueOf("big_number");
    private static final LuaString VERBATIM = LuaValue.valueOf("verbatim_string");
    private static final LuaString FORMAT = LuaValue.valueOf("format");
    private static final LuaString STRING = LuaValue.valueOf("string");
    private static final LuaString MAP = LuaValue.valueOf("map");
    private static final LuaString SET = LuaValue.valueOf("set");

    private LuaReplies() {
    }

    /** A Lua array of {@code count} arguments of a request from {@code from}: KEYS and ARGV. */
    static LuaTable strings(dev.embeddedcluster.command.Request r, int from, int count) {
        LuaTable array = new LuaTable(count, 0);
        for (int i = 0; i < count; i++) {
            array.rawset(i + 1, LuaValue.valueOf(r.arg(from + i)));
        }
        return array;
    }

    // ---- Redis reply -> Lua ----

    /** The Lua value of one complete reply read from {@code in}. */
    static LuaValue toLua(RespReader in) {
        byte type = in.readByte();
        switch (type) {
            case '+':
                return LuaValue.tableOf(new LuaValue[] {OK, LuaValue.valueOf(line(in))});
            case '-':
                return counted(errorTable("-" + new String(line(in), StandardCharsets.ISO_8859_1)));
            case ':':
                return LuaValue.valueOf((double) Long.parseLong(text(in)));
            case '$': {
                int length = Integer.parseInt(text(in));
                if (length < 0) {
                    return LuaValue.FALSE;
                }
                return LuaValue.valueOf(bytes(in, length));
            }
            case '*': {
                int length = Integer.parseInt(text(in));
                if (length < 0) {
                    return LuaValue.FALSE;
                }
                LuaTable array = new LuaTable(length, 0);
                for (int i = 1; i <= length; i++) {
                    array.rawset(i, toLua(in));
                }
                return array;
            }
            case '%': {
                int pairs = Integer.parseInt(text(in));
                LuaTable map = new LuaTable();
                for (int i = 0; i < pairs; i++) {
                    LuaValue key = toLua(in);
                    map.rawset(key, toLua(in));
                }
                return LuaValue.tableOf(new LuaValue[] {MAP, map});
            }
            case '~': {
                int length = Integer.parseInt(text(in));
                LuaTable set = new LuaTable();
                for (int i = 0; i < length; i++) {
                    set.rawset(toLua(in), LuaValue.TRUE);
                }
                return LuaValue.tableOf(new LuaValue[] {SET, set});
            }
            case '_':
                line(in);
                return LuaValue.NIL;
            case '#':
                return LuaValue.valueOf(line(in)[0] == 't');
            case ',':
                return LuaValue.tableOf(new LuaValue[] {DOUBLE, LuaValue.valueOf(parseDouble(text(in)))});
            case '(':
                return LuaValue.tableOf(new LuaValue[] {BIG_NUMBER, LuaValue.valueOf(line(in))});
            case '=': {
                byte[] all = bytes(in, Integer.parseInt(text(in)));
                byte[] content = java.util.Arrays.copyOfRange(all, 4, all.length);
                LuaTable verbatim = LuaValue.tableOf(new LuaValue[] {STRING, LuaValue.valueOf(content),
                        FORMAT, LuaValue.valueOf(java.util.Arrays.copyOfRange(all, 0, 3))});
                return LuaValue.tableOf(new LuaValue[] {VERBATIM, verbatim});
            }
            case '|': {
                int pairs = Integer.parseInt(text(in));
                for (int i = 0; i < 2 * pairs; i++) {
                    toLua(in);
                }
                return toLua(in);
            }
            default:
                throw new IllegalStateException("unexpected reply type " + (char) type);
        }
    }

    private static double parseDouble(String text) {
        return switch (text) {
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            case "nan", "-nan" -> Double.NaN;
            default -> Double.parseDouble(text);
        };
    }

    private static byte[] line(RespReader in) {
        return in.readLine();
    }

    private static String text(RespReader in) {
        return new String(line(in), StandardCharsets.US_ASCII);
    }

    private static byte[] bytes(RespReader in, int length) {
        return in.readBytes(length);
    }

    /**
     * The table Redis raises or returns for an error: {err = "CODE message"}. A text starting with
     * "-" carries its own code (its first word), any other text gets "ERR"; line breaks at either
     * end are dropped.
     */
    /**
     * Marks an error table as one whose error was counted already (a command's error reply): a
     * script that returns or raises it passes it on without counting it again, as Redis does.
     */
    static LuaTable counted(LuaTable error) {
        error.rawset(IGNORE_STATS, LuaValue.TRUE);
        return error;
    }

    /** Whether an error value was counted already (see {@link #counted}). */
    static boolean wasCounted(LuaValue error) {
        return error.istable() && error.rawget(IGNORE_STATS).toboolean();
    }

    static LuaTable errorTable(String text) {
        String code = "ERR";
        String message = text;
        if (text.startsWith("-")) {
            int space = text.indexOf(' ');
            if (space < 0) {
                message = text.substring(1);
            } else {
                code = text.substring(1, space);
                message = text.substring(space + 1);
            }
        }
        message = trimLineBreaks(message);
        return LuaValue.tableOf(new LuaValue[] {ERR, LuaValue.valueOf(latin1(code + " " + message))});
    }

    private static String trimLineBreaks(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && (text.charAt(start) == '\r' || text.charAt(start) == '\n')) {
            start++;
        }
        while (end > start && (text.charAt(end - 1) == '\r' || text.charAt(end - 1) == '\n')) {
            end--;
        }
        return text.substring(start, end);
    }

    /** Lua strings are bytes: a Java string whose chars are bytes (ISO-8859-1) as a Lua string. */
    static byte[] latin1(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The bytes of a Lua string, as a Java string of one char per byte. */
    static String latin1(LuaValue string) {
        LuaString s = string.checkstring();
        return new String(s.m_bytes, s.m_offset, s.m_length, StandardCharsets.ISO_8859_1);
    }

    // ---- Lua -> Redis reply ----

    /**
     * Writes a script's return value as Redis does: strings as bulk strings, numbers as integers
     * (truncated), true as 1 and false as a null (booleans proper once the script chose RESP3),
     * tables as errors, statuses, doubles, big numbers, verbatim strings, maps, sets or arrays
     * (stopping at the first nil), anything else as a null.
     */
    static void write(LuaValue value, RespWriter out, int scriptProtocol) {
        write(value, out, scriptProtocol, TOP_LEVEL_SLOT);
    }

    /**
     * Redis converts a reply on the Lua stack, which holds at most {@link #LUA_STACK_SLOTS}
     * values: the value returned sits in slot 2 (after the error handler), an array's element one
     * slot above its table, a set's member and a map's value three, a map's key four. A value
     * with fewer than four free slots above it becomes the error "reached lua stack limit" (so a
     * table that contains itself ends after 7,995 levels, as in Redis).
     */
    private static final int LUA_STACK_SLOTS = 8000;
    private static final int TOP_LEVEL_SLOT = 2;
    private static final int SLOTS_A_CONVERSION_NEEDS = 4;

    private static void write(LuaValue value, RespWriter out, int scriptProtocol, int slot) {
        if (slot + SLOTS_A_CONVERSION_NEEDS > LUA_STACK_SLOTS) {
            out.error("ERR reached lua stack limit");
            return;
        }
        switch (value.type()) {
            case LuaValue.TSTRING -> {
                LuaString s = value.strvalue();
                out.bulk(s.m_bytes, s.m_offset, s.m_length);
            }
            case LuaValue.TBOOLEAN -> {
                if (scriptProtocol == 2) {
                    if (value.toboolean()) {
                        out.integer(1);
                    } else {
                        out.nullBulk();
                    }
                } else {
                    out.bool(value.toboolean());
                }
            }
            case LuaValue.TNUMBER -> out.integer(toLongLikeC(value.todouble()));
            case LuaValue.TTABLE -> writeTable((LuaTable) value, out, scriptProtocol, slot);
            default -> out.nullBulk();
        }
    }

    /** C's cast of a double to long long as x86-64 performs it: out-of-range and NaN give the minimum. */
    static long toLongLikeC(double d) {
        if (Double.isNaN(d) || d >= 0x1p63 || d < -0x1p63) {
            return Long.MIN_VALUE;
        }
        return (long) d;
    }

    private static void writeTable(LuaTable table, RespWriter out, int scriptProtocol, int slot) {
        LuaValue err = table.rawget(ERR);
        if (err.type() == LuaValue.TSTRING) {
            if (wasCounted(table)) {
                out.relayedError(noLineBreaks(latin1(err)));
            } else {
                out.error(noLineBreaks(latin1(err)));
            }
            return;
        }
        LuaValue ok = table.rawget(OK);
        if (ok.type() == LuaValue.TSTRING) {
            out.simple(noLineBreaks(latin1(ok)));
            return;
        }
        LuaValue dbl = table.rawget(DOUBLE);
        if (dbl.type() == LuaValue.TNUMBER) {
            out.doubleValue(dbl.todouble());
            return;
        }
        LuaValue big = table.rawget(BIG_NUMBER);
        if (big.type() == LuaValue.TSTRING) {
            String number = noLineBreaks(latin1(big));
            if (out.resp3()) {
                out.raw(latin1("(" + number + "\r\n"));
            } else {
                out.bulk(latin1(number));
            }
            return;
        }
        LuaValue verbatim = table.rawget(VERBATIM);
        if (verbatim.istable()) {
            LuaValue format = verbatim.rawget(FORMAT);
            LuaValue string = verbatim.rawget(STRING);
            if (format.type() == LuaValue.TSTRING && string.type() == LuaValue.TSTRING) {
                writeVerbatim(latin1(format), string.strvalue(), out);
                return;
            }
        }
        LuaValue map = table.rawget(MAP);
        if (map.istable()) {
            out.mapHeader(countPairs(map));
            for (Varargs entry = map.next(LuaValue.NIL); !entry.arg1().isnil(); entry = map.next(entry.arg1())) {
                write(entry.arg1(), out, scriptProtocol, slot + 4);
                write(entry.arg(2), out, scriptProtocol, slot + 3);
            }
            return;
        }
        LuaValue set = table.rawget(SET);
        if (set.istable()) {
            out.setHeader(countPairs(set));
            for (Varargs entry = set.next(LuaValue.NIL); !entry.arg1().isnil(); entry = set.next(entry.arg1())) {
                write(entry.arg1(), out, scriptProtocol, slot + 3);
            }
            return;
        }
        int length = 0;
        while (!table.rawget(length + 1).isnil()) {
            length++;
        }
        out.arrayHeader(length);
        for (int i = 1; i <= length; i++) {
            write(table.rawget(i), out, scriptProtocol, slot + 1);
        }
    }

    private static void writeVerbatim(String format, LuaString string, RespWriter out) {
        if (!out.resp3()) {
            out.bulk(string.m_bytes, string.m_offset, string.m_length);
            return;
        }
        String prefix = format.length() >= 3 ? format.substring(0, 3) : format;
        out.raw(latin1("=" + (string.m_length + 4) + "\r\n" + prefix + ":"));
        byte[] content = new byte[string.m_length + 2];
        System.arraycopy(string.m_bytes, string.m_offset, content, 0, string.m_length);
        content[content.length - 2] = '\r';
        content[content.length - 1] = '\n';
        out.raw(content);
    }

    private static int countPairs(LuaValue table) {
        int count = 0;
        for (Varargs entry = table.next(LuaValue.NIL); !entry.arg1().isnil(); entry = table.next(entry.arg1())) {
            count++;
        }
        return count;
    }

    private static String noLineBreaks(String text) {
        return text.replace('\r', ' ').replace('\n', ' ');
    }
}
