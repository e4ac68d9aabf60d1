package dev.embeddedcluster.command.scripting;

import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Lua 5.1's string.format, which hands each directive to C's printf: flags, width and precision
 * as C applies them (luaj's own version drops them), %q as Lua quotes strings.
 */
final class StringFormat {
    private StringFormat() {
    }

    static Varargs format(Varargs args) {
        byte[] format = LuaReplies.latin1(LuaReplies.latin1(LuaFunctions.checkString(args, 1, "format")));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int arg = 1;
        for (int i = 0; i < format.length; i++) {
            byte c = format[i];
            if (c != '%') {
                out.write(c);
                continue;
            }
            if (++i < format.length && format[i] == '%') {
                out.write('%');
                continue;
            }
            int start = i;
            while (i < format.length && "-+ #0".indexOf(format[i]) >= 0) {
                i++;
            }
            if (i - start > 5) {
                throw LuaFunctions.error("invalid format (repeated flags)");
            }
            String flags = new String(format, start, i - start, java.nio.charset.StandardCharsets.ISO_8859_1);
            int width = -1;
            int digits = 0;
            while (i < format.length && Character.isDigit(format[i])) {
                width = (width < 0 ? 0 : width * 10) + (format[i++] - '0');
                digits++;
            }
            int precision = -1;
            if (i < format.length && format[i] == '.') {
                i++;
                precision = 0;
                int precisionDigits = 0;
                while (i < format.length && Character.isDigit(format[i])) {
                    precision = precision * 10 + (format[i++] - '0');
                    precisionDigits++;
                }
                if (precisionDigits > 2) {
                    throw LuaFunctions.error("invalid format (width or precision too long)");
                }
            }
            if (digits > 2) {
                throw LuaFunctions.error("invalid format (width or precision too long)");
            }
            if (i >= format.length) {
                throw LuaFunctions.error("invalid option '%' to 'format'");
            }
            char conversion = (char) format[i];
            if (++arg > args.narg()) {
                throw LuaFunctions.argError(arg, "format", "no value");
            }
            String text;
            switch (conversion) {
                case 'c' -> {
                    out.write((int) LuaFunctions.checkInteger(args, arg, "format"));
                    continue;
                }
                case 'd', 'i' -> text = integer(LuaFunctions.checkInteger(args, arg, "format"), flags, precision);
                case 'o', 'u', 'x', 'X' -> text = unsigned(LuaFunctions.checkInteger(args, arg, "format"), conversion, flags, precision);
                case 'e', 'E', 'f', 'g', 'G' -> text = floating(LuaFunctions.checkNumber(args, arg, "format"), conversion, flags, precision);
                case 'q' -> {
                    quote(LuaFunctions.checkString(args, arg, "format"), out);
                    continue;
                }
                case 's' -> {
                    String s = LuaReplies.latin1(LuaFunctions.checkString(args, arg, "format"));
                    text = precision >= 0 && precision < s.length() ? s.substring(0, precision) : s;
                    flags = flags.replace("0", "");
                }
                default -> throw LuaFunctions.error("invalid option '%" + conversion + "' to 'format'");
            }
            out.writeBytes(LuaReplies.latin1(pad(text, width, flags)));
        }
        return LuaValue.valueOf(out.toByteArray());
    }

    private static String integer(long value, String flags, int precision) {
        String digits = Long.toString(Math.abs(value));
        if (value == Long.MIN_VALUE) {
            digits = "9223372036854775808";
        }
        digits = zeroPad(digits, precision);
        String sign = value < 0 ? "-" : flags.contains("+") ? "+" : flags.contains(" ") ? " " : "";
        return sign + digits;
    }

    private static String unsigned(long value, char conversion, String flags, int precision) {
        String digits = switch (conversion) {
            case 'o' -> Long.toOctalString(value);
            case 'x' -> Long.toHexString(value);
            case 'X' -> Long.toHexString(value).toUpperCase(java.util.Locale.ROOT);
            default -> Long.toUnsignedString(value);
        };
        digits = zeroPad(digits, precision);
        if (flags.contains("#") && value != 0) {
            digits = switch (conversion) {
                case 'o' -> digits.startsWith("0") ? digits : "0" + digits;
                case 'x' -> "0x" + digits;
                case 'X' -> "0X" + digits;
                default -> digits;
            };
        }
        return digits;
    }

    private static String zeroPad(String digits, int precision) {
        if (precision == 0 && digits.equals("0")) {
            return "";
        }
        StringBuilder padded = new StringBuilder();
        for (int n = digits.length(); n < precision; n++) {
            padded.append('0');
        }
        return padded.append(digits).toString();
    }

    private static String floating(double value, char conversion, String flags, int precision) {
        if (precision < 0) {
            precision = 6;
        }
        String sign = Double.doubleToRawLongBits(value) < 0 && !Double.isNaN(value) ? "-"
                : flags.contains("+") ? "+" : flags.contains(" ") ? " " : "";
        double magnitude = Math.abs(value);
        String body;
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            body = Double.isNaN(value) ? "nan" : "inf";
        } else {
            body = switch (conversion) {
                case 'f' -> new BigDecimal(magnitude).setScale(precision, RoundingMode.HALF_EVEN).toPlainString();
                case 'e', 'E' -> exponent(magnitude, precision);
                default -> general(magnitude, precision == 0 ? 1 : precision);
            };
            if (flags.contains("#") && precision == 0 && conversion == 'f') {
                body += ".";
            }
        }
        if (Character.isUpperCase(conversion)) {
            body = body.toUpperCase(java.util.Locale.ROOT);
        }
        return sign + body;
    }

    private static String exponent(double magnitude, int precision) {
        if (magnitude == 0) {
            return new BigDecimal(0).setScale(precision).toPlainString() + "e+00";
        }
        BigDecimal exact = new BigDecimal(magnitude);
        int exp = exact.precision() - exact.scale() - 1;
        BigDecimal mantissa = exact.movePointLeft(exp).setScale(precision, RoundingMode.HALF_EVEN);
        if (mantissa.compareTo(BigDecimal.TEN) >= 0) {
            exp++;
            mantissa = exact.movePointLeft(exp).setScale(precision, RoundingMode.HALF_EVEN);
        }
        int abs = Math.abs(exp);
        return mantissa.toPlainString() + "e" + (exp < 0 ? "-" : "+") + (abs < 10 ? "0" + abs : Integer.toString(abs));
    }

    private static String general(double magnitude, int precision) {
        return CFormat.g(magnitude, precision);
    }

    private static String pad(String text, int width, String flags) {
        if (width <= text.length()) {
            return text;
        }
        StringBuilder padded = new StringBuilder();
        int fill = width - text.length();
        if (flags.contains("-")) {
            padded.append(text);
            padded.append(" ".repeat(fill));
            return padded.toString();
        }
        if (flags.contains("0")) {
            int signLength = !text.isEmpty() && "+- ".indexOf(text.charAt(0)) >= 0 ? 1 : 0;
            if (text.startsWith("0x") || text.startsWith("0X")) {
                signLength = 2;
            }
            return text.substring(0, signLength) + "0".repeat(fill) + text.substring(signLength);
        }
        return " ".repeat(fill) + text;
    }

    /** %q: the string between double quotes, with ", \, newline, carriage return and NUL escaped as Lua reads them back. */
    private static void quote(LuaValue string, ByteArrayOutputStream out) {
        byte[] bytes = LuaReplies.latin1(LuaReplies.latin1(string));
        out.write('"');
        for (byte b : bytes) {
            switch (b) {
                case '"', '\\', '\n' -> {
                    out.write('\\');
                    out.write(b);
                }
                case '\r' -> out.writeBytes(LuaReplies.latin1("\\r"));
                case 0 -> out.writeBytes(LuaReplies.latin1("\\000"));
                default -> out.write(b);
            }
        }
        out.write('"');
    }
}
