package dev.embeddedcluster.command.geo;

import dev.embeddedcluster.command.geo.GeoHash.Area;
import dev.embeddedcluster.command.geo.GeoHash.Cell;
import dev.embeddedcluster.resp.RedisDoubles;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Scores and positions as redis-server 7.0.15 gives them (values taken from its replies). */
class GeoHashTest {

    private static String position(double score) {
        double[] xy = GeoHash.position(score);
        return RedisDoubles.formatHuman(xy[0]) + " " + RedisDoubles.formatHuman(xy[1]);
    }

    @Test
    void encodesCoordinatesIntoRedisScores() {
        assertThat(GeoHash.encode(13.361389, 38.115556, GeoHash.STEP_MAX).firstScore()).isEqualTo(3479099956230698L);
        assertThat(GeoHash.encode(15.087269, 37.502669, GeoHash.STEP_MAX).firstScore()).isEqualTo(3479447370796909L);
        // The largest coordinates overflow the 26 bits of each, as in Redis.
        assertThat(GeoHash.encode(180, 85.05112878, GeoHash.STEP_MAX).firstScore()).isEqualTo(13510798882111488L);
        assertThat(GeoHash.encode(-180, -85.05112878, GeoHash.STEP_MAX).firstScore()).isZero();
    }

    @Test
    void decodesScoresToTheirCellCenters() {
        assertThat(position(3479099956230698L)).isEqualTo("13.36138933897018433 38.11555639549629859");
        assertThat(position(3479447370796909L)).isEqualTo("15.08726745843887329 37.50266842333162032");
        assertThat(position(13510798882111488L)).isEqualTo("180 85.0511287799999991");
    }

    @Test
    void decodesAnyScoreAfterCsConversionToUnsigned() {
        assertThat(GeoHash.scoreBits(1.5)).isEqualTo(1);
        assertThat(GeoHash.scoreBits(-0.5)).isZero();
        assertThat(GeoHash.scoreBits(-1)).isEqualTo(-1L);
        assertThat(GeoHash.scoreBits(-1e300)).isEqualTo(Long.MIN_VALUE);
        assertThat(GeoHash.scoreBits(Double.NEGATIVE_INFINITY)).isEqualTo(Long.MIN_VALUE);
        assertThat(GeoHash.scoreBits(1e19)).isEqualTo(Long.parseUnsignedLong("10000000000000000000"));
        assertThat(GeoHash.scoreBits(0x1p64)).isZero();
        assertThat(GeoHash.scoreBits(Double.POSITIVE_INFINITY)).isZero();
        assertThat(position(-1)).isEqualTo("180 85.0511287799999991");
        assertThat(position(1.5)).isEqualTo("-179.99999731779098511 -85.05112497791824921");
        assertThat(position(-1e300)).isEqualTo("180 -85.05112751263942528");
        assertThat(position(1e300)).isEqualTo("-179.99999731779098511 -85.05112751263942528");
    }

    @Test
    void neighborsShareEdgesAndWrapAroundTheAntimeridian() {
        Random random = new Random(3);
        for (int i = 0; i < 1000; i++) {
            int step = 1 + random.nextInt(GeoHash.STEP_MAX);
            double longitude = -180 + random.nextDouble() * 359.99;
            double latitude = -85 + random.nextDouble() * 170;
            Cell cell = GeoHash.encode(longitude, latitude, step);
            Area area = GeoHash.decode(cell);
            GeoHash.Neighbors n = GeoHash.neighbors(cell);
            Area east = GeoHash.decode(n.east());
            Area west = GeoHash.decode(n.west());
            assertThat(east.latitudeMin()).isEqualTo(area.latitudeMin());
            assertThat(west.latitudeMax()).isEqualTo(area.latitudeMax());
            assertThat(east.longitudeMin() == area.longitudeMax() || (area.longitudeMax() == 180 && east.longitudeMin() == -180))
                    .as("east of %s at step %d", area, step).isTrue();
            assertThat(west.longitudeMax() == area.longitudeMin() || (area.longitudeMin() == -180 && west.longitudeMax() == 180))
                    .as("west of %s at step %d", area, step).isTrue();
            if (area.latitudeMax() < GeoHash.LATITUDE_MAX) {
                assertThat(GeoHash.decode(n.north()).latitudeMin()).isEqualTo(area.latitudeMax());
                assertThat(GeoHash.decode(n.northEast())).isEqualTo(GeoHash.decode(GeoHash.neighbors(n.north()).east()));
            }
            if (area.latitudeMin() > GeoHash.LATITUDE_MIN) {
                assertThat(GeoHash.decode(n.south()).latitudeMax()).isEqualTo(area.latitudeMin());
                assertThat(GeoHash.decode(n.southWest())).isEqualTo(GeoHash.decode(GeoHash.neighbors(n.south()).west()));
            }
        }
    }

    @Test
    void cellScoreRangesNestInsideTheWhole52BitRange() {
        Cell cell = GeoHash.encode(13.361389, 38.115556, 10);
        assertThat(cell.firstScore()).isLessThanOrEqualTo(3479099956230698L);
        assertThat(cell.endScore()).isGreaterThan(3479099956230698L);
        assertThat(cell.endScore() - cell.firstScore()).isEqualTo(1L << 32);
    }

    @Test
    void spreadAndGatherAreInverse() {
        Random random = new Random(5);
        for (int i = 0; i < 1000; i++) {
            long value = random.nextLong() & 0xFFFFFFFFL;
            assertThat(GeoHash.gather(GeoHash.spread(value))).isEqualTo(value);
            assertThat(GeoHash.spread(value) & 0xaaaaaaaaaaaaaaaaL).isZero();
        }
    }
}
