package dev.embeddedcluster.keyspace;

import dev.embeddedcluster.util.RedisNumbers;

/**
 * The bytes an element takes in a Redis listpack: an integer (or a string that reads as one)
 * in 1 to 9 bytes by magnitude, a string with a 1, 2 or 5 byte header, each followed by its
 * back-length. Streams decide when to start a new node from these sizes; memory estimates price
 * listpacks with them.
 */
public final class ListpackSize {
    /** The listpack's total-bytes and count header, and its end marker. */
    public static final int EMPTY = 7;

    private ListpackSize() {
    }

    public static int of(long value) {
        int encoded;
        if (value >= 0 && value <= 127) {
            encoded = 1;
        } else if (value >= -4096 && value <= 4095) {
            encoded = 2;
        } else if (value >= -32768 && value <= 32767) {
            encoded = 3;
        } else if (value >= -8388608 && value <= 8388607) {
            encoded = 4;
        } else if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
            encoded = 5;
        } else {
            encoded = 9;
        }
        return encoded + backlength(encoded);
    }

    public static int of(byte[] element) {
        Long integer = RedisNumbers.parseLong(element);
        if (integer != null) {
            return of(integer);
        }
        long encoded = element.length < 64 ? 1 + element.length
                : element.length < 4096 ? 2 + element.length : 5L + element.length;
        return (int) (encoded + backlength(encoded));
    }

    /** A sorted set's score: an integer when it is integral, else its shortest decimal text. */
    public static int ofScore(double score) {
        if (score == Math.rint(score) && Math.abs(score) < 1e17) {
            return of((long) score);
        }
        long encoded = 1 + Double.toString(score).length();
        return (int) (encoded + backlength(encoded));
    }

    private static int backlength(long encoded) {
        if (encoded <= 127) {
            return 1;
        }
        if (encoded < 16383) {
            return 2;
        }
        if (encoded < 2097151) {
            return 3;
        }
        return encoded < 268435455 ? 4 : 5;
    }
}
