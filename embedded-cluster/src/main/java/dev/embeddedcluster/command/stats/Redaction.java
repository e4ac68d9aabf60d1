package dev.embeddedcluster.command.stats;

import dev.embeddedcluster.util.Ascii;

/**
 * The secrets a command's arguments carry, hidden before the slow log keeps them, as Redis hides
 * them: AUTH's arguments, HELLO's after AUTH, every argument of ACL SETUSER after the subcommand
 * (the user's name too), CONFIG SET's values of requirepass and masterauth, and MIGRATE's AUTH and
 * AUTH2 credentials.
 */
final class Redaction {
    static final byte[] REDACTED = Ascii.bytes("(redacted)");

    private Redaction() {
    }

    /** The arguments with their secrets replaced (a copy), or the same array when there are none. */
    static byte[][] redact(String command, byte[][] args) {
        switch (command) {
            case "auth" -> {
                return replace(args, 1, args.length);
            }
            case "acl|setuser" -> {
                return replace(args, 2, args.length);
            }
            case "hello" -> {
                for (int i = 2; i + 2 < args.length; i++) {
                    if (is(args[i], "auth")) {
                        return replace(args, i + 1, i + 3);
                    }
                }
                return args;
            }
            case "config|set" -> {
                byte[][] copy = args;
                for (int i = 2; i + 1 < args.length; i += 2) {
                    if (is(args[i], "requirepass") || is(args[i], "masterauth")) {
                        copy = replace(copy, i + 1, i + 2);
                    }
                }
                return copy;
            }
            case "migrate" -> {
                for (int i = 6; i < args.length; i++) {
                    if (is(args[i], "auth")) {
                        return replace(args, i + 1, Math.min(args.length, i + 2));
                    }
                    if (is(args[i], "auth2")) {
                        return replace(args, i + 1, Math.min(args.length, i + 3));
                    }
                }
                return args;
            }
            default -> {
                return args;
            }
        }
    }

    private static boolean is(byte[] arg, String word) {
        return Ascii.equalsIgnoreCase(arg, word);
    }

    private static byte[][] replace(byte[][] args, int from, int to) {
        byte[][] copy = args.clone();
        for (int i = from; i < to; i++) {
            copy[i] = REDACTED;
        }
        return copy;
    }
}
