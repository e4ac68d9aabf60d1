package dev.embeddedcluster.command.scripting;

import dev.embeddedcluster.command.Errors;

import java.nio.charset.StandardCharsets;

/**
 * A script's first line "#!lua flags=no-writes,..." (Redis 7.0): the flags it declares, and how
 * many bytes to skip before compiling (the line break stays, to keep line numbers).
 */
record Shebang(boolean declared, int flags, int length) {
    private static final Shebang NONE = new Shebang(false, 0, 0);

    boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** The shebang of a script body, or null after putting Redis's error in {@code error[0]}. */
    static Shebang parse(byte[] body, String[] error) {
        if (body.length < 2 || body[0] != '#' || body[1] != '!') {
            return NONE;
        }
        int end = 0;
        while (end < body.length && body[end] != '\n') {
            end++;
        }
        if (end == body.length) {
            error[0] = Errors.SHEBANG_INVALID;
            return null;
        }
        String[] parts = new String(body, 0, end, StandardCharsets.ISO_8859_1).trim().split("[ \t\r\f\u000b]+");
        if (!parts[0].equals("#!lua")) {
            error[0] = Errors.shebangEngine(parts[0]);
            return null;
        }
        int flags = 0;
        for (int i = 1; i < parts.length; i++) {
            if (!parts[i].startsWith("flags=")) {
                error[0] = Errors.shebangOption(parts[i]);
                return null;
            }
            String list = parts[i].substring(6);
            if (list.isEmpty()) {
                continue;
            }
            for (String flag : list.split(",", -1)) {
                int bit = ScriptFlags.bit(flag);
                if (bit == 0) {
                    error[0] = Errors.shebangFlag(flag);
                    return null;
                }
                flags |= bit;
            }
        }
        return new Shebang(true, flags, end);
    }
}
