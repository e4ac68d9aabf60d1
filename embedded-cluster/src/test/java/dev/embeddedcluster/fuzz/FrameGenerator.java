package dev.embeddedcluster.fuzz;

import dev.embeddedcluster.testing.RespClient;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Mutated request bytes for a fresh connection: well-formed commands (multibulk or inline)
 * truncated, with wrong or negative or huge lengths and counts, bad terminators, nested or null
 * arrays, quotes and escapes in inline commands, bytes flipped; several requests pipelined.
 * Deterministic for a given {@link Random}.
 */
final class FrameGenerator {
    private static final List<String[]> COMMANDS = List.of(new String[] {"PING"}, new String[] {"ECHO", "hi"},
            new String[] {"SET", "{f}k", "v"}, new String[] {"GET", "{f}k"}, new String[] {"INCR", "{f}n"},
            new String[] {"DEL", "{f}k", "{f}n"}, new String[] {"RPUSH", "{f}l", "a", "b"}, new String[] {"PING", "x y"},
            new String[] {"MULTI"}, new String[] {"EXEC"}, new String[] {"NOSUCH", "a"});
    private static final List<String> INLINE = List.of("PING", "ECHO \"a b\"", "ECHO 'a b'", "ECHO \"a\\x41\\n\"",
            "ECHO \"unterminated", "ECHO 'x'y", "SET {f}k \"v\"", "GET {f}k", "ECHO \"\\xZZ\"", "  PING  ", "\"PING\"",
            "ECHO '\\''", "ECHO \"\\\"\"", "", "ECHO \"a\"\"b\"", "ECHO a\tb");
    private static final List<String> COUNTS = List.of("-1", "0", "-2", "1", "3", "abc", "", "1024", "1025", "1048577",
            "2147483647", "2147483648", "9223372036854775807", "99999999999999999999", "+1", " 2", "2 ", "0x1", "-0");
    private static final List<String> LENGTHS = List.of("-1", "0", "-2", "1", "100", "abc", "", "536870912", "536870913",
            "2147483648", "9223372036854775807", "+3", "-0", "3 ");

    private final Random random;

    FrameGenerator(Random random) {
        this.random = random;
    }

    /** The bytes of the next input. */
    byte[] next() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int requests = 1 + random.nextInt(3);
        for (int i = 0; i < requests; i++) {
            out.writeBytes(random.nextInt(4) == 0 ? inline() : mutatedMultibulk());
        }
        byte[] bytes = out.toByteArray();
        return random.nextInt(5) == 0 && bytes.length > 1 ? truncateOrFlip(bytes) : bytes;
    }

    private byte[] inline() {
        String line = INLINE.get(random.nextInt(INLINE.size()));
        String end = switch (random.nextInt(6)) {
            case 0 -> "\n";
            case 1 -> "";
            case 2 -> "\r";
            default -> "\r\n";
        };
        return (line + end).getBytes(StandardCharsets.ISO_8859_1);
    }

    private byte[] mutatedMultibulk() {
        String[] command = COMMANDS.get(random.nextInt(COMMANDS.size()));
        byte[][] args = new byte[command.length][];
        for (int i = 0; i < args.length; i++) {
            args[i] = command[i].getBytes(StandardCharsets.ISO_8859_1);
        }
        if (random.nextInt(4) == 0) {
            return RespClient.frame(args);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int kind = random.nextInt(9);
        String count = kind == 0 ? COUNTS.get(random.nextInt(COUNTS.size())) : Integer.toString(args.length);
        write(out, (kind == 1 ? "**" : kind == 2 ? "*-1\r\n*" : "*") + count + (kind == 3 ? "\n" : "\r\n"));
        int badArg = random.nextInt(args.length);
        for (int i = 0; i < args.length; i++) {
            if (i != badArg || kind < 4) {
                bulk(out, args[i], "$" + args[i].length, "\r\n");
                continue;
            }
            switch (kind) {
                case 4 -> bulk(out, args[i], "$" + LENGTHS.get(random.nextInt(LENGTHS.size())), "\r\n");
                case 5 -> bulk(out, args[i], "$" + args[i].length, pickOf("\n", "\r", "xx", "", "\r\r\n"));
                case 6 -> write(out, pickOf("*1\r\n$4\r\nPING\r\n", ":1\r\n", "+PING\r\n", "$-1\r\n", "*0\r\n",
                        "-ERR\r\n", "_\r\n", "%1\r\n"));
                case 7 -> bulk(out, args[i], pickOf("#", "+", ":", "$$") + args[i].length, "\r\n");
                default -> bulk(out, args[i], "$" + args[i].length + pickOf(" ", "\n", "x", "\r\r"), "\r\n");
            }
        }
        return out.toByteArray();
    }

    private byte[] truncateOrFlip(byte[] bytes) {
        int at = random.nextInt(bytes.length);
        if (random.nextBoolean()) {
            return java.util.Arrays.copyOf(bytes, at);
        }
        byte[] flipped = bytes.clone();
        flipped[at] = (byte) pickOf("\r", "\n", "\u0000", "*", "$", "-", "9", " ", "\"").charAt(0);
        return flipped;
    }

    private static void bulk(ByteArrayOutputStream out, byte[] arg, String header, String terminator) {
        write(out, header + "\r\n");
        out.writeBytes(arg);
        write(out, terminator);
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private String pickOf(String... choices) {
        return choices[random.nextInt(choices.length)];
    }
}
