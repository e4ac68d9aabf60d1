package dev.embeddedcluster.command.bits;

import dev.embeddedcluster.util.Ascii;

/** BITFIELD's OVERFLOW policy: what a SET or INCRBY stores when its result does not fit its type. */
enum BitfieldOverflow {
    WRAP, SAT, FAIL;

    /** The policy an OVERFLOW argument names, ignoring case, or null. */
    static BitfieldOverflow parse(byte[] arg) {
        for (BitfieldOverflow policy : values()) {
            if (Ascii.equalsIgnoreCase(arg, policy.name().toLowerCase(java.util.Locale.ROOT))) {
                return policy;
            }
        }
        return null;
    }

    /**
     * The value to store for a result that does not fit ({@code direction} 1 above the type's
     * range, -1 below): the result cut to the type's width, the nearest bound, or null to store
     * nothing.
     */
    Long settle(BitfieldType type, long result, int direction) {
        return switch (this) {
            case WRAP -> type.truncate(result);
            case SAT -> direction > 0 ? type.max() : type.min();
            case FAIL -> null;
        };
    }
}
