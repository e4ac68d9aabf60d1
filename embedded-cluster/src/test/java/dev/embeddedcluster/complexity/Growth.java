package dev.embeddedcluster.complexity;

/**
 * How a command's time may grow when its collection grows a hundredfold (1,000 to 100,000
 * elements) with its arguments unchanged, per the class Redis documents for it.
 */
enum Growth {
    /** O(1), or O(N) in a count that the case keeps fixed. */
    CONSTANT(3),
    /** O(log N), possibly plus a fixed count. */
    LOGARITHMIC(5),
    /** O(N) in the collection (or in a reply that grows with it): a hundredfold at most, not ten thousandfold. */
    LINEAR(1_000);

    final double maxRatio;

    Growth(double maxRatio) {
        this.maxRatio = maxRatio;
    }
}
