package dev.embeddedcluster.command.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LatencyHistogramTest {

    @Test
    void percentilesAreTheTopOfTheirBucketAsRedisReportsThem() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.record(7000);
        // Redis showed p50=7.007 usec for a 7 us call, and 51.199 for about 51 us: two significant digits.
        assertThat(histogram.valueAtPercentile(50)).isEqualTo(7007);
        LatencyHistogram other = new LatencyHistogram();
        other.record(51_000);
        assertThat(other.valueAtPercentile(99.9)).isEqualTo(51_199);
        LatencyHistogram exact = new LatencyHistogram();
        exact.record(200);
        assertThat(exact.valueAtPercentile(50)).isEqualTo(200);
    }

    @Test
    void percentilesCountFromTheLowest() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int i = 1; i <= 100; i++) {
            histogram.record(i * 1000L);
        }
        assertThat(histogram.valueAtPercentile(50)).isBetween(50_000L, 50_255L);
        assertThat(histogram.valueAtPercentile(100)).isBetween(100_000L, 100_511L);
        assertThat(histogram.total()).isEqualTo(100);
    }

    @Test
    void cumulativeCountsAtPowersOfTwo() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.record(900);
        histogram.record(3000);
        histogram.record(3500);
        histogram.record(130_000);
        // Levels 1024, 2048, 4096 ... ns, shown by the top of their bucket in microseconds; only where the count grew.
        assertThat(histogram.cumulativeByPowerOfTwo()).containsExactly(1, 1, 4, 3, 132, 4);
    }

    @Test
    void durationsBeyondOneSecondCountAsOneSecond() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.record(5_000_000_000L);
        assertThat(histogram.valueAtPercentile(50)).isGreaterThanOrEqualTo(LatencyHistogram.MAX_NANOS);
        assertThat(histogram.cumulativeByPowerOfTwo()).hasSize(2);
    }
}
