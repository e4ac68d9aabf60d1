package dev.embeddedcluster.command.geo;

/**
 * Redis's geohash arithmetic (geohash.c). A cell is {@code step} bits of longitude and as many of
 * latitude, interleaved with longitude in the odd positions; at step 26 that is the 52-bit number
 * a geo set keeps as each member's score. Latitudes are indexed over the Web Mercator range
 * (±85.05112878), not ±90, except for the standard text GEOHASH prints. Every operation keeps
 * Redis's double arithmetic and its C conversions, so decoded coordinates match to the last bit.
 */
final class GeoHash {
    static final double LONGITUDE_MIN = -180;
    static final double LONGITUDE_MAX = 180;
    static final double LATITUDE_MIN = -85.05112878;
    static final double LATITUDE_MAX = 85.05112878;
    /** 26 bits per coordinate: the 52 bits a double holds exactly. */
    static final int STEP_MAX = 26;

    private static final long EVEN_BITS = 0x5555555555555555L;
    private static final long ODD_BITS = 0xaaaaaaaaaaaaaaaaL;

    private GeoHash() {
    }

    /** A geohash cell: its interleaved bits and how many bits of each coordinate they hold. */
    record Cell(long bits, int step) {
        /** The lowest 52-bit score inside the cell. */
        long firstScore() {
            return bits << (52 - 2 * step);
        }

        /** The lowest 52-bit score after the cell (exclusive end of its score range). */
        long endScore() {
            return (bits + 1) << (52 - 2 * step);
        }
    }

    /** The rectangle a cell covers, in degrees. */
    record Area(double longitudeMin, double longitudeMax, double latitudeMin, double latitudeMax) {
    }

    /** Whether a coordinate pair can be indexed: GEOADD and searches reject the others. */
    static boolean isValid(double longitude, double latitude) {
        return longitude >= LONGITUDE_MIN && longitude <= LONGITUDE_MAX
                && latitude >= LATITUDE_MIN && latitude <= LATITUDE_MAX;
    }

    /** The cell of a valid coordinate pair at a step, latitudes over the Mercator range. */
    static Cell encode(double longitude, double latitude, int step) {
        return encode(longitude, latitude, step, LATITUDE_MIN, LATITUDE_MAX);
    }

    /** The cell of a valid coordinate pair at a step, latitudes over the given range. */
    static Cell encode(double longitude, double latitude, int step, double latitudeMin, double latitudeMax) {
        double latitudeOffset = (latitude - latitudeMin) / (latitudeMax - latitudeMin);
        double longitudeOffset = (longitude - LONGITUDE_MIN) / (LONGITUDE_MAX - LONGITUDE_MIN);
        latitudeOffset *= (double) (1L << step);
        longitudeOffset *= (double) (1L << step);
        // C converts the offsets to 32-bit unsigned integers by truncation; an offset of exactly
        // 1 (the maximum coordinate) becomes 2^step, one bit wider than the cell.
        return new Cell(spread((long) latitudeOffset) | (spread((long) longitudeOffset) << 1), step);
    }

    /** The area of a cell, latitudes over the Mercator range. */
    static Area decode(Cell cell) {
        long latitudeIndex = gather(cell.bits());
        long longitudeIndex = gather(cell.bits() >>> 1);
        double cells = (double) (1L << cell.step());
        double latitudeScale = LATITUDE_MAX - LATITUDE_MIN;
        double longitudeScale = LONGITUDE_MAX - LONGITUDE_MIN;
        // The index after the last wraps to 0, as C's 32-bit unsigned addition does.
        return new Area(
                LONGITUDE_MIN + (longitudeIndex * 1.0 / cells) * longitudeScale,
                LONGITUDE_MIN + (((longitudeIndex + 1) & 0xFFFFFFFFL) * 1.0 / cells) * longitudeScale,
                LATITUDE_MIN + (latitudeIndex * 1.0 / cells) * latitudeScale,
                LATITUDE_MIN + (((latitudeIndex + 1) & 0xFFFFFFFFL) * 1.0 / cells) * latitudeScale);
    }

    /**
     * The longitude and latitude a score stands for: the center of its 52-bit cell, clamped to
     * the valid range. Any score decodes, as in Redis, after C's conversion to an unsigned 64-bit
     * integer (see {@link #scoreBits}).
     */
    static double[] position(double score) {
        Area area = decode(new Cell(scoreBits(score), STEP_MAX));
        double longitude = (area.longitudeMin() + area.longitudeMax()) / 2;
        longitude = Math.max(LONGITUDE_MIN, Math.min(LONGITUDE_MAX, longitude));
        double latitude = (area.latitudeMin() + area.latitudeMax()) / 2;
        latitude = Math.max(LATITUDE_MIN, Math.min(LATITUDE_MAX, latitude));
        return new double[] {longitude, latitude};
    }

    /**
     * A score converted to an unsigned 64-bit integer the way x86-64 code compiled by gcc does:
     * truncation within range; below 2^63 through the signed conversion (so -1 is all ones and
     * anything below -2^63 the lowest long); from 2^63 through the signed conversion of the score
     * minus 2^63 with the top bit flipped back, which makes 2^64 and above, and infinity, 0.
     */
    static long scoreBits(double score) {
        if (score < 0x1p63) {
            return (long) score;
        }
        double high = score - 0x1p63;
        return high < 0x1p63 ? (long) high ^ Long.MIN_VALUE : 0;
    }

    /** The eight cells around one, wrapping around at the edges of the index. */
    record Neighbors(Cell north, Cell south, Cell east, Cell west,
                     Cell northEast, Cell northWest, Cell southEast, Cell southWest) {
    }

    static Neighbors neighbors(Cell cell) {
        return new Neighbors(
                move(cell, 0, 1), move(cell, 0, -1), move(cell, 1, 0), move(cell, -1, 0),
                move(cell, 1, 1), move(cell, -1, 1), move(cell, 1, -1), move(cell, -1, -1));
    }

    /** The cell {@code dx} columns east and {@code dy} rows north (each -1, 0 or 1), wrapping. */
    private static Cell move(Cell cell, int dx, int dy) {
        int width = 64 - 2 * cell.step();
        long longitudes = step(cell.bits() & ODD_BITS, dx, EVEN_BITS >>> width, ODD_BITS >>> width);
        long latitudes = step(cell.bits() & EVEN_BITS, dy, ODD_BITS >>> width, EVEN_BITS >>> width);
        return new Cell(longitudes | latitudes, cell.step());
    }

    /**
     * Adds or subtracts one to the coordinate whose bits are {@code own}: filling the other
     * coordinate's positions ({@code others}) with ones makes carries and borrows ripple across
     * them; {@code mask} keeps the coordinate's own positions within the step.
     */
    private static long step(long own, int direction, long others, long mask) {
        if (direction > 0) {
            own = own + (others + 1);
        } else if (direction < 0) {
            own = (own | others) - (others + 1);
        } else {
            return own;
        }
        return own & mask;
    }

    /** The low 32 bits of a value spread to the even bit positions of a long. */
    static long spread(long value) {
        long x = value & 0xFFFFFFFFL;
        x = (x | (x << 16)) & 0x0000FFFF0000FFFFL;
        x = (x | (x << 8)) & 0x00FF00FF00FF00FFL;
        x = (x | (x << 4)) & 0x0F0F0F0F0F0F0F0FL;
        x = (x | (x << 2)) & 0x3333333333333333L;
        x = (x | (x << 1)) & EVEN_BITS;
        return x;
    }

    /** The even bits of a value packed into the low 32 bits: the inverse of {@link #spread}. */
    static long gather(long value) {
        long x = value & EVEN_BITS;
        x = (x | (x >>> 1)) & 0x3333333333333333L;
        x = (x | (x >>> 2)) & 0x0F0F0F0F0F0F0F0FL;
        x = (x | (x >>> 4)) & 0x00FF00FF00FF00FFL;
        x = (x | (x >>> 8)) & 0x0000FFFF0000FFFFL;
        x = (x | (x >>> 16)) & 0x00000000FFFFFFFFL;
        return x;
    }
}
