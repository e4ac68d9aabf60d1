package dev.embeddedcluster.util;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class StrtodTest {
    private static Double strict(String text) {
        return Strtod.parseStrict(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static Double bound(String text) {
        return Strtod.parseBound(text.getBytes(StandardCharsets.ISO_8859_1), 0);
    }

    @Test
    void strictAcceptsWhatGetDoubleFromObjectAccepts() {
        assertThat(strict("1.5")).isEqualTo(1.5);
        assertThat(strict("-.5e1")).isEqualTo(-5.0);
        assertThat(strict("5.")).isEqualTo(5.0);
        assertThat(strict("0x10")).isEqualTo(16.0);
        assertThat(strict("0x1.8p1")).isEqualTo(3.0);
        assertThat(strict("-inf")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(strict("+Infinity")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(strict("1e-310")).isPositive();
        assertThat(1 / strict("-0")).isNegative();
    }

    @Test
    void strictRejectsBlanksTrailersNanAndRangeErrors() {
        for (String bad : new String[] {"", " 1", "1 ", "nan", "NaN(1)", "1e400", "1e-400", "1x", "x", "0x", "1e", "++1", "in"}) {
            assertThat(strict(bad)).as(bad).isNull();
        }
    }

    @Test
    void boundsAreLooserAsZrangebyscoresAre() {
        assertThat(bound("")).isZero();
        assertThat(bound(" 1")).isEqualTo(1.0);
        assertThat(bound("1e400")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(bound("1e-400")).isZero();
        assertThat(bound("2\0garbage")).isEqualTo(2.0);
        assertThat(bound("0x")).isNull();
        assertThat(bound("1 ")).isNull();
        assertThat(bound("nan")).isNull();
        assertThat(bound("x")).isNull();
    }
}
