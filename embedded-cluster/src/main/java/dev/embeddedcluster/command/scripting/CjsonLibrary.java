package dev.embeddedcluster.command.scripting;

import dev.embeddedcluster.util.Strtod;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.io.ByteArrayOutputStream;

/**
 * The "cjson" library Redis bundles (lua-cjson 2.1): JSON encoding and decoding with its texts,
 * escapes, %.14g numbers, sparse-array rule and error messages. Object members come out in the
 * order the Lua table iterates them.
 */
final class CjsonLibrary {
    private static final String[] TOKEN_NAMES = {"T_OBJ_BEGIN", "T_OBJ_END", "T_ARR_BEGIN", "T_ARR_END", "T_STRING",
            "T_NUMBER", "T_BOOLEAN", "T_NULL", "T_COLON", "T_COMMA", "T_END"};
    private static final int OBJ_BEGIN = 0;
    private static final int OBJ_END = 1;
    private static final int ARR_BEGIN = 2;
    private static final int ARR_END = 3;
    private static final int STRING = 4;
    private static final int NUMBER = 5;
    private static final int BOOLEAN = 6;
    private static final int NULL = 7;
    private static final int COLON = 8;
    private static final int COMMA = 9;
    private static final int END = 10;
    private static final int ERROR = -1;

    /** lua-cjson's settings, one set per library instance (cjson.new makes another). */
    private static final class Config {
        int encodeMaxDepth = 1000;
        int decodeMaxDepth = 1000;
        int precision = 14;
        boolean sparseConvert;
        int sparseRatio = 2;
        int sparseSafe = 10;
        boolean encodeInvalidNumbers;
        boolean decodeInvalidNumbers = true;
        boolean keepBuffer = true;
    }

    private CjsonLibrary() {
    }

    static LuaTable create() {
        return instance(new ReadOnlyTable(), new LuaUserdata(new Object()) {
            @Override
            public String tojstring() {
                return "userdata: (nil)";
            }
        });
    }

    private static LuaTable instance(LuaTable cjson, LuaValue nullValue) {
        Config config = new Config();
        cjson.set("encode", LuaFunctions.of("encode", args -> {
            if (args.narg() != 1) {
                throw LuaFunctions.argError(1, "encode", "expected 1 argument");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new Encoder(config, nullValue, out).value(args.arg1(), 0);
            return LuaValue.valueOf(out.toByteArray());
        }));
        cjson.set("decode", LuaFunctions.of("decode", args -> {
            if (args.narg() != 1) {
                throw LuaFunctions.argError(1, "decode", "expected 1 argument");
            }
            LuaString text = LuaFunctions.checkString(args, 1, "decode").strvalue();
            byte[] json = java.util.Arrays.copyOfRange(text.m_bytes, text.m_offset, text.m_offset + text.m_length);
            return new Decoder(config, nullValue, json).document();
        }));
        cjson.set("encode_max_depth", LuaFunctions.of("encode_max_depth", args -> {
            config.encodeMaxDepth = (int) intOption(args, "encode_max_depth", config.encodeMaxDepth, 1);
            return LuaValue.valueOf(config.encodeMaxDepth);
        }));
        cjson.set("decode_max_depth", LuaFunctions.of("decode_max_depth", args -> {
            config.decodeMaxDepth = (int) intOption(args, "decode_max_depth", config.decodeMaxDepth, 1);
            return LuaValue.valueOf(config.decodeMaxDepth);
        }));
        cjson.set("encode_number_precision", LuaFunctions.of("encode_number_precision", args -> {
            long precision = intOption(args, "encode_number_precision", config.precision, 1);
            if (precision > 14) {
                throw LuaFunctions.argError(1, "encode_number_precision", "expected integer between 1 and 14");
            }
            config.precision = (int) precision;
            return LuaValue.valueOf(config.precision);
        }));
        cjson.set("encode_sparse_array", LuaFunctions.of("encode_sparse_array", args -> {
            if (!args.isnoneornil(1)) {
                config.sparseConvert = args.arg1().toboolean();
            }
            config.sparseRatio = (int) LuaFunctions.optInteger(args, 2, "encode_sparse_array", config.sparseRatio);
            config.sparseSafe = (int) LuaFunctions.optInteger(args, 3, "encode_sparse_array", config.sparseSafe);
            return LuaValue.varargsOf(new LuaValue[] {LuaValue.valueOf(config.sparseConvert),
                    LuaValue.valueOf(config.sparseRatio), LuaValue.valueOf(config.sparseSafe)});
        }));
        cjson.set("encode_invalid_numbers", LuaFunctions.of("encode_invalid_numbers", args -> {
            if (!args.isnoneornil(1)) {
                config.encodeInvalidNumbers = args.arg1().toboolean();
            }
            return LuaValue.valueOf(config.encodeInvalidNumbers);
        }));
        cjson.set("decode_invalid_numbers", LuaFunctions.of("decode_invalid_numbers", args -> {
            if (!args.isnoneornil(1)) {
                config.decodeInvalidNumbers = args.arg1().toboolean();
            }
            return LuaValue.valueOf(config.decodeInvalidNumbers);
        }));
        cjson.set("encode_keep_buffer", LuaFunctions.of("encode_keep_buffer", args -> {
            if (!args.isnoneornil(1)) {
                config.keepBuffer = args.arg1().toboolean();
            }
            return LuaValue.valueOf(config.keepBuffer);
        }));
        cjson.set("new", LuaFunctions.of("new", args -> instance(new LuaTable(), nullValue)));
        cjson.set("null", nullValue);
        cjson.set("_NAME", "cjson");
        cjson.set("_VERSION", "2.1.0");
        return cjson;
    }

    private static long intOption(Varargs args, String function, long current, long min) {
        if (args.isnoneornil(1)) {
            return current;
        }
        long value = LuaFunctions.checkInteger(args, 1, function);
        if (value < min) {
            throw LuaFunctions.argError(1, function, "expected integer between 1 and 2147483647");
        }
        return value;
    }

    private static final class Encoder {
        private final Config config;
        private final LuaValue nullValue;
        private final ByteArrayOutputStream out;

        Encoder(Config config, LuaValue nullValue, ByteArrayOutputStream out) {
            this.config = config;
            this.nullValue = nullValue;
            this.out = out;
        }

        void value(LuaValue value, int depth) {
            switch (value.type()) {
                case LuaValue.TSTRING -> string(value.strvalue());
                case LuaValue.TNUMBER -> number(value, value.todouble());
                case LuaValue.TBOOLEAN -> ascii(value.toboolean() ? "true" : "false");
                case LuaValue.TNIL -> ascii("null");
                case LuaValue.TTABLE -> table((LuaTable) value, depth + 1);
                default -> {
                    if (value == nullValue) {
                        ascii("null");
                    } else {
                        throw LuaFunctions.error("Cannot serialise " + value.typename() + ": type not supported");
                    }
                }
            }
        }

        private void number(LuaValue value, double n) {
            if (!config.encodeInvalidNumbers && (Double.isNaN(n) || Double.isInfinite(n))) {
                throw LuaFunctions.error("Cannot serialise " + value.typename() + ": must not be NaN or Inf");
            }
            ascii(CFormat.g(n, config.precision));
        }

        private void table(LuaTable table, int depth) {
            if (depth > config.encodeMaxDepth) {
                throw LuaFunctions.error("Cannot serialise, excessive nesting (" + depth + ")");
            }
            int length = arrayLength(table);
            if (length > 0) {
                out.write('[');
                for (int i = 1; i <= length; i++) {
                    if (i > 1) {
                        out.write(',');
                    }
                    value(table.rawget(i), depth);
                }
                out.write(']');
                return;
            }
            out.write('{');
            boolean first = true;
            for (Varargs entry = table.next(LuaValue.NIL); !entry.arg1().isnil(); entry = table.next(entry.arg1())) {
                if (!first) {
                    out.write(',');
                }
                first = false;
                LuaValue key = entry.arg1();
                if (key.type() == LuaValue.TNUMBER) {
                    out.write('"');
                    number(key, key.todouble());
                    out.write('"');
                } else if (key.type() == LuaValue.TSTRING) {
                    string(key.strvalue());
                } else {
                    throw LuaFunctions.error("Cannot serialise " + key.typename() + ": table key must be a number or string");
                }
                out.write(':');
                value(entry.arg(2), depth);
            }
            out.write('}');
        }

        /** The array length lua-cjson sees, 0 to encode an object; raises for an excessively sparse array. */
        private int arrayLength(LuaTable table) {
            double max = 0;
            int items = 0;
            for (Varargs entry = table.next(LuaValue.NIL); !entry.arg1().isnil(); entry = table.next(entry.arg1())) {
                LuaValue key = entry.arg1();
                double k = key.type() == LuaValue.TNUMBER ? key.todouble() : 0;
                if (k >= 1 && Math.floor(k) == k) {
                    max = Math.max(max, k);
                    items++;
                    continue;
                }
                return 0;
            }
            if (config.sparseRatio > 0 && max > (double) items * config.sparseRatio && max > config.sparseSafe) {
                if (!config.sparseConvert) {
                    throw LuaFunctions.error("Cannot serialise table: excessively sparse array");
                }
                return 0;
            }
            return (int) max;
        }

        private void string(LuaString s) {
            out.write('"');
            for (int i = 0; i < s.m_length; i++) {
                int c = s.m_bytes[s.m_offset + i] & 0xff;
                switch (c) {
                    case '"' -> ascii("\\\"");
                    case '\\' -> ascii("\\\\");
                    case '/' -> ascii("\\/");
                    case '\b' -> ascii("\\b");
                    case '\f' -> ascii("\\f");
                    case '\n' -> ascii("\\n");
                    case '\r' -> ascii("\\r");
                    case '\t' -> ascii("\\t");
                    default -> {
                        if (c < 0x20 || c == 0x7f) {
                            ascii(String.format("\\u%04x", c));
                        } else {
                            out.write(c);
                        }
                    }
                }
            }
            out.write('"');
        }

        private void ascii(String text) {
            for (int i = 0; i < text.length(); i++) {
                out.write(text.charAt(i));
            }
        }
    }

    private static final class Decoder {
        private final Config config;
        private final LuaValue nullValue;
        private final byte[] json;
        private int at;
        private int depth;
        private int type;
        private int index;
        private LuaValue tokenValue;
        private String tokenError;

        Decoder(Config config, LuaValue nullValue, byte[] json) {
            this.config = config;
            this.nullValue = nullValue;
            this.json = json;
        }

        LuaValue document() {
            next();
            LuaValue value = value();
            next();
            if (type != END) {
                throw parseError("the end");
            }
            return value;
        }

        private LuaValue value() {
            switch (type) {
                case STRING, NUMBER, BOOLEAN:
                    return tokenValue;
                case NULL:
                    return nullValue;
                case OBJ_BEGIN:
                    return object();
                case ARR_BEGIN:
                    return array();
                default:
                    throw parseError("value");
            }
        }

        private void descend() {
            if (++depth > config.decodeMaxDepth) {
                throw LuaFunctions.error("Found too many nested data structures (" + depth + ") at character " + at);
            }
        }

        private LuaValue object() {
            descend();
            LuaTable table = new LuaTable();
            next();
            if (type == OBJ_END) {
                depth--;
                return table;
            }
            while (true) {
                if (type != STRING) {
                    throw parseError("object key string");
                }
                LuaValue key = tokenValue;
                next();
                if (type != COLON) {
                    throw parseError("colon");
                }
                next();
                table.rawset(key, value());
                next();
                if (type == OBJ_END) {
                    depth--;
                    return table;
                }
                if (type != COMMA) {
                    throw parseError("comma or object end");
                }
                next();
            }
        }

        private LuaValue array() {
            descend();
            LuaTable table = new LuaTable();
            next();
            if (type == ARR_END) {
                depth--;
                return table;
            }
            for (int i = 1; ; i++) {
                table.rawset(i, value());
                next();
                if (type == ARR_END) {
                    depth--;
                    return table;
                }
                if (type != COMMA) {
                    throw parseError("comma or array end");
                }
                next();
            }
        }

        private RuntimeException parseError(String expected) {
            String found = type == ERROR ? tokenError : TOKEN_NAMES[type];
            return LuaFunctions.error("Expected " + expected + " but found " + found + " at character " + (index + 1));
        }

        /** The byte at {@code i}, 0 past the end: C strings end at a NUL. */
        private int peek(int i) {
            return i < json.length ? json[i] & 0xff : 0;
        }

        private void next() {
            while (true) {
                int c = peek(at);
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                    at++;
                } else {
                    break;
                }
            }
            index = at;
            int c = peek(at);
            switch (c) {
                case 0 -> type = END;
                case '{' -> single(OBJ_BEGIN);
                case '}' -> single(OBJ_END);
                case '[' -> single(ARR_BEGIN);
                case ']' -> single(ARR_END);
                case ':' -> single(COLON);
                case ',' -> single(COMMA);
                case '"' -> string();
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        if (!config.decodeInvalidNumbers && invalidNumber()) {
                            error("invalid number");
                        } else {
                            number();
                        }
                    } else if (word("true")) {
                        literal(BOOLEAN, LuaValue.TRUE, 4);
                    } else if (word("false")) {
                        literal(BOOLEAN, LuaValue.FALSE, 5);
                    } else if (word("null")) {
                        literal(NULL, LuaValue.NIL, 4);
                    } else if (config.decodeInvalidNumbers && invalidNumber()) {
                        number();
                    } else {
                        error("invalid token");
                    }
                }
            }
        }

        private void single(int tokenType) {
            type = tokenType;
            at++;
        }

        private void literal(int tokenType, LuaValue value, int length) {
            type = tokenType;
            tokenValue = value;
            at += length;
        }

        private boolean word(String w) {
            for (int i = 0; i < w.length(); i++) {
                if (peek(at + i) != w.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        private void error(String message) {
            type = ERROR;
            tokenError = message;
            index = at;
        }

        private boolean invalidNumber() {
            int p = at;
            if (peek(p) == '+') {
                return true;
            }
            if (peek(p) == '-') {
                p++;
            }
            if (peek(p) == '0') {
                int next = peek(p + 1);
                return (next | 0x20) == 'x' || (next >= '0' && next <= '9');
            }
            if (peek(p) <= '9') {
                return false;
            }
            return startsWithIgnoreCase(p, "inf") || startsWithIgnoreCase(p, "nan");
        }

        private boolean startsWithIgnoreCase(int p, String w) {
            for (int i = 0; i < w.length(); i++) {
                if (Character.toLowerCase(peek(p + i)) != w.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        private void number() {
            int end = at;
            while (end < json.length && json[end] != 0) {
                end++;
            }
            double[] scanned = Strtod.scanPrefix(java.util.Arrays.copyOf(json, end), at);
            if ((int) scanned[1] == at) {
                error("invalid number");
                return;
            }
            type = NUMBER;
            tokenValue = LuaValue.valueOf(scanned[0]);
            at = (int) scanned[1];
        }

        private void string() {
            ByteArrayOutputStream value = new ByteArrayOutputStream();
            at++;
            while (true) {
                int c = peek(at);
                if (c == '"') {
                    at++;
                    break;
                }
                if (c == 0) {
                    error("unexpected end of string");
                    return;
                }
                if (c != '\\') {
                    value.write(c);
                    at++;
                    continue;
                }
                int escape = peek(at + 1);
                switch (escape) {
                    case '"', '\\', '/' -> value.write(escape);
                    case 'b' -> value.write('\b');
                    case 'f' -> value.write('\f');
                    case 'n' -> value.write('\n');
                    case 'r' -> value.write('\r');
                    case 't' -> value.write('\t');
                    case 'u' -> {
                        if (!unicode(value)) {
                            error("invalid unicode escape code");
                            return;
                        }
                        continue;
                    }
                    default -> {
                        error("invalid escape code");
                        return;
                    }
                }
                at += 2;
            }
            type = STRING;
            tokenValue = LuaValue.valueOf(value.toByteArray());
        }

        private int hex4(int p) {
            int code = 0;
            for (int i = 0; i < 4; i++) {
                int digit = Character.digit(peek(p + i), 16);
                if (digit < 0) {
                    return -1;
                }
                code = code << 4 | digit;
            }
            return code;
        }

        /** A \\uXXXX escape (with its low surrogate) at {@code at}, appended as UTF-8; false when invalid. */
        private boolean unicode(ByteArrayOutputStream value) {
            int code = hex4(at + 2);
            if (code < 0) {
                return false;
            }
            int length = 6;
            if ((code & 0xFC00) == 0xDC00) {
                return false;
            }
            if ((code & 0xFC00) == 0xD800) {
                if (peek(at + 6) != '\\' || peek(at + 7) != 'u') {
                    return false;
                }
                int low = hex4(at + 8);
                if (low < 0 || (low & 0xFC00) != 0xDC00) {
                    return false;
                }
                code = (((code & 0x3FF) << 10) | (low & 0x3FF)) + 0x10000;
                length = 12;
            }
            value.writeBytes(new String(Character.toChars(code)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            at += length;
            return true;
        }
    }
}
