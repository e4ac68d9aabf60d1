package dev.embeddedcluster.command;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** The random picks of HRANDFIELD and SRANDMEMBER (and ZRANDMEMBER to come). */
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
}
