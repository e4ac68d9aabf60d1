package dev.embeddedcluster.command.hyperloglog;

import java.util.SplittableRandom;

/**
 * PFSELFTEST: checks this node's HyperLogLog code as Redis's self test checks its own, with the
 * same failure texts. The 6-bit registers of the dense form must read back what was written at
 * every position (values straddle byte boundaries); and a sketch built as PFADD builds it (sparse
 * first, dense past the sparse limit) must agree with one that is dense from the start, register
 * for register and estimate for estimate, while its estimates stay within five standard errors
 * (1.04 / sqrt(16384)) of the true count, from 10 to 10,000,000 distinct elements.
 */
final class HllSelfTest {
    private static final int REGISTER_ROUNDS = 1000;
    private static final long LAST_CHECKPOINT = 10_000_000L;
    /** Above this many elements a sketch must be dense: smaller ones must still be sparse. */
    private static final long SPARSE_UP_TO = 1500;
    private static final double STANDARD_ERROR = 1.04 / Math.sqrt(HllSketch.REGISTERS);
    private static final double TOLERATED_ERRORS = 5;

    private final SplittableRandom random;

    HllSelfTest(long seed) {
        random = new SplittableRandom(seed);
    }

    /** Null when every check passes, otherwise Redis's text for the first that failed. */
    String run() {
        String failure = registers();
        return failure != null ? failure : estimates();
    }

    private String registers() {
        byte[] dense = HllSketch.denseRegisters();
        int[] expected = new int[HllSketch.REGISTERS];
        for (int round = 0; round < REGISTER_ROUNDS; round++) {
            for (int i = 0; i < HllSketch.REGISTERS; i++) {
                expected[i] = random.nextInt(64);
                HllSketch.setRegister(dense, i, expected[i]);
            }
            for (int i = 0; i < HllSketch.REGISTERS; i++) {
                if (HllSketch.register(dense, i) != expected[i]) {
                    return "TESTFAILED Register error at " + i;
                }
            }
        }
        return null;
    }

    private String estimates() {
        HllSketch grown = HllSketch.empty();
        HllSketch dense = HllSketch.empty();
        dense.toDense();
        long salt = random.nextLong();
        byte[] element = new byte[Long.BYTES];
        long checkpoint = 10;
        for (long n = 1; n <= LAST_CHECKPOINT; n++) {
            long value = n ^ salt;
            for (int b = 0; b < Long.BYTES; b++) {
                element[b] = (byte) (value >>> (8 * b));
            }
            grown.add(element);
            dense.add(element);
            if (n != checkpoint) {
                continue;
            }
            checkpoint *= 10;
            if (n <= SPARSE_UP_TO && grown.dense()) {
                return "TESTFAILED sparse encoding not used";
            }
            if (!sameRegisters(grown, dense) || grown.estimate() != dense.estimate()) {
                return "TESTFAILED dense/sparse disagree";
            }
            long estimate = dense.estimate();
            double error = Math.abs((double) n - estimate);
            if (error > TOLERATED_ERRORS * STANDARD_ERROR * n && error > TOLERATED_ERRORS) {
                return String.format(java.util.Locale.ROOT, "TESTFAILED Too big error. card:%d abserr:%f", estimate, error);
            }
        }
        return null;
    }

    /** Whether a sketch, turned dense if it is not, holds the registers of a dense one. */
    private static boolean sameRegisters(HllSketch sketch, HllSketch dense) {
        HllSketch converted = HllSketch.of(sketch.toBytes().clone());
        if (!converted.toDense()) {
            return false;
        }
        for (int i = 0; i < HllSketch.REGISTERS; i++) {
            if (converted.register(i) != dense.register(i)) {
                return false;
            }
        }
        return true;
    }
}
