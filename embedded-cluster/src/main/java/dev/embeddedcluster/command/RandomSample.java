package dev.embeddedcluster.command;

import dev.embeddedcluster.util.RedisNumbers;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/** The random picks of HRANDFIELD, SRANDMEMBER and ZRANDMEMBER. */
public final class RandomSample {
    private RandomSample() {
    }

    /**
     * How to pick from a non-empty collection of {@code size} elements at random: one element,
     * {@code count} distinct ones ({@code count} below the size), each pick in constant time;
     * and every element in the collection's order.
     */
    public record Source<T>(int size, Supplier<T> one, IntFunction<List<T>> distinct, Supplier<List<T>> all) {
    }

    /**
     * Redis's count rule: a negative count makes that many picks that may repeat; a count that
     * reaches the size gives everything, in order; a smaller one that many distinct elements.
     * Takes time proportional to the count (or the size, when the count reaches it).
     */
    public static <T> List<T> of(Source<T> source, long count) {
        if (count < 0) {
            List<T> picks = new ArrayList<>((int) Math.min(-count, 1024));
            for (long i = 0; i < -count; i++) {
                picks.add(source.one().get());
            }
            return picks;
        }
        if (count >= source.size()) {
            return source.all().get();
        }
        return source.distinct().apply((int) count);
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
