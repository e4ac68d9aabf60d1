package dev.embeddedcluster.command.blocking;

import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.command.strings.LongDouble;

/** The timeout argument of the blocking pops. */
public final class BlockingTimeout {
    private BlockingTimeout() {
    }

    /** A blocking command's timeout in seconds (fractions allowed) as milliseconds; null after replying. */
    public static Long parse(Request r, int index) {
        String text = r.text(index);
        LongDouble.Sum parsed = LongDouble.add("0", text);
        if (!parsed.incrementIsFloat()) {
            r.reply().error(Errors.TIMEOUT_NOT_FLOAT);
            return null;
        }
        // Redis converts to a long long the x86 way: infinities and what does not fit become the
        // most negative value, hence "negative".
        double millisExact = parsed.text() == null ? Double.NEGATIVE_INFINITY
                : Math.ceil(Double.parseDouble(new String(parsed.text(), java.nio.charset.StandardCharsets.US_ASCII)) * 1000.0);
        long millis = millisExact >= 0x1p63 ? Long.MIN_VALUE : (long) millisExact;
        if (millis < 0) {
            r.reply().error(Errors.TIMEOUT_NEGATIVE);
            return null;
        }
        return millis;
    }
}
