package dev.embeddedcluster.command.monitor;

import dev.embeddedcluster.util.Ascii;
import dev.embeddedcluster.util.RedisNumbers;

/**
 * The arguments MONITOR shows as {@code "(redacted)"}, as Redis 7.0.15 hides them: the password
 * (and user name) of AUTH, of HELLO's first AUTH option and of each of MIGRATE's AUTH and AUTH2
 * options. An argument is hidden only once its command got as far as reading it: AUTH with too
 * many arguments, HELLO with a bad protocol version or an option it stopped at before, and an
 * option missing its values are shown as sent.
 */
final class MonitorRedaction {
    static final byte[] REDACTED = Ascii.bytes("(redacted)");

    private MonitorRedaction() {
    }

    /** The arguments to show: {@code args} itself when nothing is hidden, otherwise a copy. */
    static byte[][] apply(byte[][] args) {
        if (args.length < 2) {
            return args;
        }
        if (Ascii.equalsIgnoreCase(args[0], "auth")) {
            return args.length <= 3 ? hide(args, 1, args.length - 1) : args;
        }
        if (Ascii.equalsIgnoreCase(args[0], "hello")) {
            return hello(args);
        }
        if (Ascii.equalsIgnoreCase(args[0], "migrate")) {
            return migrate(args);
        }
        return args;
    }

    private static byte[][] hello(byte[][] args) {
        Long version = RedisNumbers.parseLong(args[1]);
        if (version == null || version < 2 || version > 3) {
            return args;
        }
        for (int i = 2; i < args.length; i++) {
            int more = args.length - 1 - i;
            if (Ascii.equalsIgnoreCase(args[i], "auth") && more >= 2) {
                return hide(args, i + 1, i + 2);
            } else if (Ascii.equalsIgnoreCase(args[i], "setname") && more >= 1) {
                i++;
            } else {
                return args;
            }
        }
        return args;
    }

    private static byte[][] migrate(byte[][] args) {
        byte[][] shown = args;
        for (int i = 6; i < args.length; i++) {
            int more = args.length - 1 - i;
            if (Ascii.equalsIgnoreCase(args[i], "copy") || Ascii.equalsIgnoreCase(args[i], "replace")) {
                continue;
            }
            if (Ascii.equalsIgnoreCase(args[i], "auth") && more >= 1) {
                shown = hide(shown, i + 1, i + 1);
                i++;
            } else if (Ascii.equalsIgnoreCase(args[i], "auth2") && more >= 2) {
                shown = hide(shown, i + 1, i + 2);
                i += 2;
            } else {
                break;
            }
        }
        return shown;
    }

    /** A copy of {@code args} (unless it is one already) with arguments {@code from} to {@code to} hidden. */
    private static byte[][] hide(byte[][] args, int from, int to) {
        byte[][] shown = args.clone();
        for (int i = from; i <= to; i++) {
            shown[i] = REDACTED;
        }
        return shown;
    }
}
