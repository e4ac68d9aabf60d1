package dev.embeddedcluster.keyspace;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HashValueTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void keepsInsertionOrderAndUpdatesInPlace() {
        HashValue hash = new HashValue(new EncodingLimits());
        assertThat(hash.put(b("b"), b("1"))).isTrue();
        assertThat(hash.put(b("a"), b("2"))).isTrue();
        assertThat(hash.put(b("b"), b("3"))).isFalse();
        List<String> seen = new ArrayList<>();
        hash.forEach((f, v) -> seen.add(new String(f) + "=" + new String(v)));
        assertThat(seen).containsExactly("b=3", "a=2");
    }

    @Test
    void switchesToHashtableBeyondTheListpackLimitsAndStays() {
        HashValue hash = new HashValue(new EncodingLimits());
        hash.put(b("f"), b("x".repeat(64)));
        assertThat(hash.encoding()).isEqualTo("listpack");
        hash.put(b("g"), b("x".repeat(65)));
        assertThat(hash.encoding()).isEqualTo("hashtable");
        hash.remove(b("g"));
        assertThat(hash.encoding()).isEqualTo("hashtable");
        HashValue many = new HashValue(new EncodingLimits());
        for (int i = 0; i < 512; i++) {
            many.put(b("f" + i), b("v"));
        }
        assertThat(many.encoding()).isEqualTo("listpack");
        many.put(b("one more"), b("v"));
        assertThat(many.encoding()).isEqualTo("hashtable");
        assertThat(many.copy().encoding()).isEqualTo("hashtable");
    }

    @Test
    void aScanReturnsEveryFieldPresentThroughoutExactlyOnceWhateverChangesMeanwhile() {
        HashValue hash = new HashValue(new EncodingLimits());
        for (int i = 0; i < 1000; i++) {
            hash.put(b("f" + i), b("v"));
        }
        List<String> returned = new ArrayList<>();
        long cursor = 0;
        int round = 0;
        do {
            cursor = hash.scan(cursor, 10, (f, v) -> returned.add(new String(f)));
            round++;
            hash.remove(b("f" + (999 - round)));          // fields not returned yet disappear
            hash.put(b("new" + round), b("v"));            // fields appear
            hash.put(b("f" + (round * 7 % 1000)), b("w")); // values change in place
        } while (cursor != 0);
        assertThat(returned).doesNotHaveDuplicates();
        for (int i = 0; i < 1000 - round - 1; i++) {
            assertThat(returned).contains("f" + i);
        }
    }
}
