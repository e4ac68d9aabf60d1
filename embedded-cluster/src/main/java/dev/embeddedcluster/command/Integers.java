package dev.embeddedcluster.command;

import dev.embeddedcluster.resp.RespWriter;
import dev.embeddedcluster.util.RedisNumbers;

/** Integer arguments and stored integers read as commands read them, replying the error when they are not. */
public final class Integers {
    private Integers() {
    }

    /**
     * A stored decimal integer (null counts as 0) plus an increment, as INCRBY and HINCRBY
     * compute it; null after replying {@code notInteger} or the overflow error.
     */
    public static Long incremented(byte[] stored, long increment, String notInteger, RespWriter reply) {
        long current = 0;
        if (stored != null) {
            Long parsed = RedisNumbers.parseLong(stored);
            if (parsed == null) {
                reply.error(notInteger);
                return null;
            }
            current = parsed;
        }
        try {
            return Math.addExact(current, increment);
        } catch (ArithmeticException overflow) {
            reply.error(Errors.OVERFLOW);
            return null;
        }
    }

    /**
     * An integer argument of at least {@code min}, read as Redis reads a count with a message of
     * its own (getRangeLongFromObjectOrReply): that message answers a non-number too. Null after
     * replying it.
     */
    public static Long atLeast(byte[] arg, long min, String error, RespWriter reply) {
        Long value = RedisNumbers.parseLong(arg);
        if (value == null || value < min) {
            reply.error(error);
            return null;
        }
        return value;
    }

    /** An integer argument as getLongLongFromObjectOrReply reads it (string2ll); null after replying {@code error}. */
    public static Long int64(byte[] arg, String error, RespWriter reply) {
        Long value = RedisNumbers.parseLong(arg);
        if (value == null) {
            reply.error(error);
        }
        return value;
    }

    /**
     * An integer argument as getIntFromObjectOrReply reads it: a 64-bit integer first, then within
     * an int; null after replying the error.
     */
    public static Integer int32(byte[] arg, RespWriter reply) {
        Long value = int64(arg, Errors.NOT_INTEGER, reply);
        if (value == null) {
            return null;
        }
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            reply.error(Errors.valueOutOfRange(Integer.MIN_VALUE, Integer.MAX_VALUE));
            return null;
        }
        return value.intValue();
    }
}
