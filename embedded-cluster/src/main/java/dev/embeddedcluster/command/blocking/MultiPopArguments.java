package dev.embeddedcluster.command.blocking;

import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.Integers;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.util.RedisNumbers;

import java.util.Arrays;

/**
 * What LMPOP, BLMPOP, ZMPOP and BZMPOP take: numkeys, the keys, the end to pop from (LEFT/RIGHT,
 * MIN/MAX), an optional COUNT (1 when absent) and, for the blocking forms, the timeout in
 * argument 1, read last as Redis reads it.
 */
public record MultiPopArguments(byte[][] keys, boolean firstEnd, long count, Long timeoutMillis) {

    /** Null after replying the error. */
    public static MultiPopArguments parse(Request r, int numKeysIndex, String firstEnd, String secondEnd, boolean blocking) {
        Long numKeys = Integers.atLeast(r.arg(numKeysIndex), 1, Errors.NUMKEYS_NOT_POSITIVE, r.reply());
        if (numKeys == null) {
            return null;
        }
        if (numKeys >= r.argc() - numKeysIndex - 1) {
            r.reply().error(Errors.SYNTAX);
            return null;
        }
        int endIndex = numKeysIndex + 1 + numKeys.intValue();
        Boolean first = r.either(endIndex, firstEnd, secondEnd);
        if (first == null) {
            return null;
        }
        long count = -1;
        for (int i = endIndex + 1; i < r.argc(); i++) {
            if (count == -1 && r.is(i, "count") && i + 1 < r.argc()) {
                Long parsed = Integers.atLeast(r.arg(++i), 1, Errors.COUNT_NOT_POSITIVE, r.reply());
                if (parsed == null) {
                    return null;
                }
                count = parsed;
            } else {
                r.reply().error(Errors.SYNTAX);
                return null;
            }
        }
        Long timeout = null;
        if (blocking) {
            timeout = BlockingTimeout.parse(r, 1);
            if (timeout == null) {
                return null;
            }
        }
        byte[][] keys = Arrays.copyOfRange(r.args(), numKeysIndex + 1, endIndex);
        return new MultiPopArguments(keys, first, count == -1 ? 1 : count, timeout);
    }
}
