package dev.embeddedcluster.command.hyperloglog;

/**
 * The estimate Redis 7.0 gives from a histogram of register values: Otmar Ertl's improved
 * estimator ("New cardinality estimation algorithms for HyperLogLog sketches", arXiv:1702.01284),
 * computed in the same order of double operations as Redis so that the rounded result is the same.
 */
final class CardinalityEstimator {
    /** 0.5 / ln 2, the limit of the bias-correction constant as the register count grows. */
    private static final double ALPHA_INF = 0.721347520444481703680;
    /** The largest register value a 64-bit hash can produce: 64 - 14 bits, plus one. */
    private static final int MAX_RUN = 64 - HllSketch.INDEX_BITS + 1;

    private CardinalityEstimator() {
    }

    /** The estimated cardinality; {@code histogram[v]} counts the registers holding v (64 slots). */
    static long estimate(int[] histogram) {
        double m = HllSketch.REGISTERS;
        double z = m * tau((m - histogram[MAX_RUN]) / m);
        for (int value = MAX_RUN - 1; value >= 1; value--) {
            z += histogram[value];
            z *= 0.5;
        }
        z += m * sigma(histogram[0] / m);
        // Rounding half away from zero, as llroundl does; the quotient is never negative.
        return Math.round(ALPHA_INF * m * m / z);
    }

    private static double sigma(double x) {
        if (x == 1.0) {
            return Double.POSITIVE_INFINITY;
        }
        double y = 1;
        double z = x;
        double previous;
        do {
            x *= x;
            previous = z;
            z += x * y;
            y += y;
        } while (previous != z);
        return z;
    }

    private static double tau(double x) {
        if (x == 0.0 || x == 1.0) {
            return 0.0;
        }
        double y = 1.0;
        double z = 1 - x;
        double previous;
        do {
            x = Math.sqrt(x);
            previous = z;
            y *= 0.5;
            // Redis writes pow(1 - x, 2), which its compiler turns into this exact product.
            double complement = 1 - x;
            z -= complement * complement * y;
        } while (previous != z);
        return z / 3;
    }
}
