package dev.embeddedcluster.command;

import dev.embeddedcluster.util.RedisNumbers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** The random picks of HRANDFIELD, SRANDMEMBER and ZRANDMEMBER. */
public final class RandomSample {
    private RandomSample() {
    }

    /** One element of a non-empty list, at random. */
    public static <T> T one(List<T> all) {
        return all.get(ThreadLocalRandom.current().nextInt(all.size()));
    }

    /**
     * Redis's count rule: a negative count makes that many picks that may repeat; a count that
     * reaches the size gives everything, in order; a smaller one that many distinct elements.
     * {@code all} may be shuffled.
     */
    public static <T> List<T> of(List<T> all, long count) {
        if (count < 0) {
            List<T> picks = new ArrayList<>();
            for (long i = 0; i < -count; i++) {
                picks.add(one(all));
            }
            return picks;
        }
        if (count >= all.size()) {
            return all;
        }
        Collections.shuffle(all, ThreadLocalRandom.current());
        return all.subList(0, (int) count);
    }

    /** HRANDFIELD's and ZRANDMEMBER's count, and whether values (or scores) come with the picks. */
    public record CountArgument(long count, boolean withValues) {
    }

    /**
     * Reads argument 2 (the count) and the optional {@code withKeyword} after it as Redis does,
     * range checks included; null after replying the error.
     */
    public static CountArgument countArgument(Request r, String withKeyword) {
        Long count = RedisNumbers.parseLong(r.arg(2));
        if (count == null) {
            r.reply().error(Errors.NOT_INTEGER);
            return null;
        }
        if (count < -Long.MAX_VALUE) {
            r.reply().error(Errors.valueOutOfRange(-Long.MAX_VALUE, Long.MAX_VALUE));
            return null;
        }
        boolean withValues = r.argc() == 4;
        if (r.argc() > 4 || (withValues && !r.is(3, withKeyword))) {
            r.reply().error(Errors.SYNTAX);
            return null;
        }
        if (withValues && (count < -Long.MAX_VALUE / 2 || count > Long.MAX_VALUE / 2)) {
            r.reply().error(Errors.VALUE_OUT_OF_RANGE);
            return null;
        }
        return new CountArgument(count, withValues);
    }
}
