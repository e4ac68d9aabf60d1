package dev.embeddedcluster.command.strings;

/** Turns an expire argument into an absolute time the way Redis validates it. */
final class Expiry {
    static final long INVALID = Long.MIN_VALUE;

    private Expiry() {
    }

    /**
     * The absolute expiry in milliseconds, or {@link #INVALID} when Redis answers "invalid expire
     * time": not positive, or overflowing once converted and made absolute.
     */
    static long absolute(long amount, long unitMillis, boolean relative, long nowMillis) {
        if (amount <= 0 || (unitMillis == 1000 && amount > Long.MAX_VALUE / 1000)) {
            return INVALID;
        }
        long millis = amount * unitMillis;
        if (relative) {
            if (millis > Long.MAX_VALUE - nowMillis) {
                return INVALID;
            }
            millis += nowMillis;
        }
        return millis <= 0 ? INVALID : millis;
    }
}
