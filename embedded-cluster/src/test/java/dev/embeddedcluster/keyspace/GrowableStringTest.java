package dev.embeddedcluster.keyspace;

import dev.embeddedcluster.ManualClock;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Strings written in place: arrays handed out never change, and growth follows Redis's. */
class GrowableStringTest {
    private final Keyspace keyspace = new Keyspace(new ManualClock(Instant.ofEpochMilli(1_000_000)));

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void theStoredArrayIsNeverWrittenInto() {
        byte[] stored = b("hello");
        Entry e = keyspace.put(b("k"), stored);
        e.writableString(5)[0] = 'j';
        assertThat(stored).isEqualTo(b("hello"));
        assertThat(e.stringLength()).isEqualTo(5);
        assertThat((byte[]) e.value()).isEqualTo(b("jello"));
    }

    @Test
    void aValueReadIsAnExactArrayThatLaterWritesLeaveAlone() {
        Entry e = keyspace.put(b("k"), b("ab"));
        byte[] buffer = e.writableString(3);
        buffer[2] = 'c';
        byte[] read = (byte[]) e.value();
        assertThat(read).isEqualTo(b("abc"));
        e.writableString(3)[0] = 'x';
        assertThat(read).isEqualTo(b("abc"));
        assertThat(Values.copy(e.value())).isEqualTo(b("xbc"));
    }

    @Test
    void growthDoublesBelowAMegabyteAndAddsOneAbove() {
        Entry e = keyspace.put(b("k"), new byte[10]);
        assertThat(e.writableString(11).length).isGreaterThanOrEqualTo(22);
        byte[] spare = e.writableString(12);
        assertThat(e.writableString(20)).isSameAs(spare);
        assertThat(e.stringLength()).isEqualTo(20);
        assertThat(e.stringBuffer()[19]).isZero();
        assertThat(e.rawEncoding()).isTrue();

        Entry big = keyspace.put(b("big"), new byte[1 << 20]);
        int capacity = big.writableString((1 << 20) + 1).length;
        // 2 MB + 1 rounded up to its allocation class, 2.5 MB
        assertThat(capacity).isBetween((2 << 20) + 1, (5 << 19));
    }
}
