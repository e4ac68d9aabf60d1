package dev.embeddedcluster.command.strings;

import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.keyspace.Entry;
import dev.embeddedcluster.util.RedisNumbers;

/** The options of SET and GETEX, parsed and validated with Redis's rules and errors. */
final class SetOptions {
    boolean nx;
    boolean xx;
    boolean get;
    boolean keepTtl;
    boolean persist;
    long expireAtMillis = Entry.NO_EXPIRY;
    /** The expiry was given as PXAT: replicated as is, not rewritten. */
    boolean absoluteMillis;
    /** The expiry option as given (ex, px, exat, pxat) and its argument; null without one. */
    private String unit;
    private byte[] amount;

    private SetOptions() {
    }

    /** The options from {@code from} on (for SET with the expiry read), or null after replying the error. */
    static SetOptions parse(Request r, int from, boolean getex) {
        SetOptions o = new SetOptions();
        String unit = null;
        byte[] amount = null;
        for (int i = from; i < r.argc(); i++) {
            boolean hasNext = i + 1 < r.argc();
            boolean expireSet = unit != null;
            if (!getex && r.is(i, "nx") && !o.xx) {
                o.nx = true;
            } else if (!getex && r.is(i, "xx") && !o.nx) {
                o.xx = true;
            } else if (!getex && r.is(i, "get")) {
                o.get = true;
            } else if (!getex && r.is(i, "keepttl") && !expireSet) {
                o.keepTtl = true;
            } else if (getex && r.is(i, "persist") && !expireSet) {
                o.persist = true;
            } else if (hasNext && !o.keepTtl && !o.persist && isExpireOption(r, i) && (unit == null || unit.equals(r.text(i).toLowerCase(java.util.Locale.ROOT)))) {
                unit = r.text(i).toLowerCase(java.util.Locale.ROOT);
                amount = r.arg(++i);
            } else {
                r.reply().error(Errors.SYNTAX);
                return null;
            }
        }
        o.unit = unit;
        o.amount = amount;
        return getex || o.resolveExpiry(r) ? o : null;
    }

    /**
     * Reads the expiry argument into {@link #expireAtMillis}; false after replying the error. SET
     * does it while parsing; GETEX once it found the key holding a string, as Redis does.
     */
    boolean resolveExpiry(Request r) {
        if (unit == null) {
            return true;
        }
        Long value = RedisNumbers.parseLong(amount);
        if (value == null) {
            r.reply().error(Errors.NOT_INTEGER);
            return false;
        }
        long unitMillis = unit.startsWith("p") ? 1 : 1000;
        boolean relative = !unit.endsWith("at");
        long at = Expiry.absolute(value, unitMillis, relative, r.now());
        if (at == Expiry.INVALID) {
            r.reply().error(Errors.invalidExpireTime(r.spec().fullName()));
            return false;
        }
        expireAtMillis = at;
        absoluteMillis = unit.equals("pxat");
        return true;
    }

    private static boolean isExpireOption(Request r, int i) {
        return r.is(i, "ex") || r.is(i, "px") || r.is(i, "exat") || r.is(i, "pxat");
    }
}
