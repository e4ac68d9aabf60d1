package dev.embeddedcluster.keyspace;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PositionedMapTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void behavesAsAnInsertionOrderedMapThroughRandomChanges() {
        PositionedMap<String> map = new PositionedMap<>();
        Map<String, String> expected = new LinkedHashMap<>();
        Random random = new Random(18);
        for (int step = 0; step < 200_000; step++) {
            String key = "k" + random.nextInt(step < 100_000 ? 5_000 : 300);
            if (random.nextInt(3) == 0) {
                assertThat(map.remove(b(key))).isEqualTo(expected.remove(key) != null);
            } else {
                String value = "v" + step;
                assertThat(map.put(b(key), value)).isEqualTo(!expected.containsKey(key));
                expected.put(key, value);
            }
            if (step % 10_000 == 0) {
                assertSame(map, expected);
            }
        }
        assertSame(map, expected);
        for (String key : new ArrayList<>(expected.keySet())) {
            assertThat(map.remove(b(key))).isTrue();
        }
        assertThat(map.size()).isZero();
        assertThat(map.get(b("k1"))).isNull();
    }

    private static void assertSame(PositionedMap<String> map, Map<String, String> expected) {
        assertThat(map.size()).isEqualTo(expected.size());
        List<String> order = new ArrayList<>();
        map.forEach((k, v) -> {
            order.add(new String(k, StandardCharsets.UTF_8));
            assertThat(v).isEqualTo(expected.get(new String(k, StandardCharsets.UTF_8)));
        });
        assertThat(order).containsExactlyElementsOf(expected.keySet());
        for (String key : expected.keySet()) {
            assertThat(map.get(b(key))).isEqualTo(expected.get(key));
        }
    }

    @Test
    void aScanReturnsEveryElementPresentThroughoutExactlyOnce() {
        PositionedMap<String> map = new PositionedMap<>();
        for (int i = 0; i < 10_000; i++) {
            map.put(b("k" + i), "v");
        }
        Set<String> kept = new HashSet<>();
        for (int i = 0; i < 10_000; i += 2) {
            kept.add("k" + i);
        }
        List<String> seen = new ArrayList<>();
        long cursor = 0;
        int round = 0;
        do {
            cursor = map.scan(cursor, 100, (k, v) -> seen.add(new String(k, StandardCharsets.UTF_8)));
            // Meanwhile the odd keys go and new ones come.
            for (int i = 0; i < 20; i++) {
                map.remove(b("k" + (2 * (round * 20 + i) + 1)));
                map.put(b("new" + round + "-" + i), "v");
            }
            round++;
        } while (cursor != 0);
        assertThat(seen).doesNotHaveDuplicates().containsAll(kept);
    }

    @Test
    void randomPicksReachEveryElementAndDistinctPicksAreDistinct() {
        PositionedMap<String> map = new PositionedMap<>();
        for (int i = 0; i < 100; i++) {
            map.put(b("k" + i), "v" + i);
        }
        for (int i = 0; i < 90; i++) {
            map.remove(b("k" + i));
        }
        Set<String> picked = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            picked.add(new String(map.keyAt(map.randomSlot()), StandardCharsets.UTF_8));
        }
        assertThat(picked).hasSize(10);
        for (int count = 1; count < 10; count++) {
            Set<Integer> slots = new HashSet<>();
            for (int slot : map.distinctRandomSlots(count)) {
                assertThat(map.keyAt(slot)).isNotNull();
                slots.add(slot);
            }
            assertThat(slots).hasSize(count);
        }
    }
}
