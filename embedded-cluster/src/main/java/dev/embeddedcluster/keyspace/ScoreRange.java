package dev.embeddedcluster.keyspace;

/** A score interval as ZRANGEBYSCORE takes it: each end inclusive or exclusive ("(1.5"). */
public record ScoreRange(double min, boolean minExclusive, double max, boolean maxExclusive) {

    public boolean aboveMin(double score) {
        return minExclusive ? score > min : score >= min;
    }

    public boolean belowMax(double score) {
        return maxExclusive ? score < max : score <= max;
    }

    /** No score can fall inside. */
    public boolean isEmpty() {
        return min > max || (min == max && (minExclusive || maxExclusive));
    }
}
