package dev.embeddedcluster.keyspace;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SlotEntriesTest {
    private final SlotEntries entries = new SlotEntries();
    private final Map<String, Entry> stored = new HashMap<>();

    private void add(String key) {
        Entry e = new Entry(new Key(key.getBytes(StandardCharsets.UTF_8)), "v", 0);
        stored.put(key, e);
        entries.add(slot(key), e);
    }

    private void remove(String key) {
        entries.remove(slot(key), stored.remove(key));
    }

    private static int slot(String key) {
        return KeySlot.of(key.getBytes(StandardCharsets.UTF_8));
    }

    private static String name(Entry e) {
        return new String(e.key(), StandardCharsets.UTF_8);
    }

    /** A few tags, so that some slots hold thousands of keys and holes pile up in them. */
    private static String key(Random random, int range) {
        return "{t" + random.nextInt(4) + "}" + random.nextInt(range);
    }

    @Test
    void aScanReturnsEveryKeyPresentThroughoutDespiteInsertsAndDeletesBetweenCalls() {
        Random random = new Random(18);
        for (int round = 0; round < 12; round++) {
            for (int i = 0; i < 3_000; i++) {
                add("{t" + random.nextInt(4) + "}" + "r" + round + "k" + i);
            }
            Set<String> throughout = new HashSet<>(stored.keySet());
            Set<String> returned = new HashSet<>();
            int count = 1 + random.nextInt(50);
            long cursor = 0;
            int calls = 0;
            do {
                List<Entry> step = new ArrayList<>();
                cursor = entries.scan(cursor, count, step::add);
                assertThat(step.size()).isLessThanOrEqualTo(count);
                step.forEach(e -> returned.add(name(e)));
                for (int change = random.nextInt(40); change > 0; change--) {
                    if (random.nextBoolean() && !stored.isEmpty()) {
                        String victim = name(entries.random());
                        remove(victim);
                        throughout.remove(victim);
                    } else {
                        String key = key(random, 100_000) + "n" + round;
                        if (!stored.containsKey(key)) {
                            add(key);
                        }
                    }
                }
                assertThat(++calls).isLessThan(1_000_000);
            } while (cursor != 0);
            assertThat(returned).containsAll(throughout);
        }
    }

    @Test
    void aCallReturnsCountKeysAlsoWithinOneBigSlot() {
        for (int i = 0; i < 100_000; i++) {
            add("{one}" + i);
        }
        List<Entry> step = new ArrayList<>();
        long cursor = entries.scan(0, 10, step::add);
        assertThat(step).hasSize(10);
        assertThat(cursor).isNotZero();
        step.clear();
        entries.scan(cursor, 10, step::add);
        assertThat(step).extracting(SlotEntriesTest::name).containsExactly(
                "{one}10", "{one}11", "{one}12", "{one}13", "{one}14", "{one}15", "{one}16", "{one}17", "{one}18", "{one}19");
    }

    @Test
    void aRemovedKeyIsNeverReturnedAndTheCursorSurvivesCompaction() {
        for (int i = 0; i < 1_000; i++) {
            add("{one}" + i);
        }
        List<Entry> step = new ArrayList<>();
        long cursor = entries.scan(0, 100, step::add);
        for (int i = 0; i < 900; i++) {
            remove("{one}" + i);
        }
        Set<String> rest = new HashSet<>();
        while (cursor != 0) {
            step.clear();
            cursor = entries.scan(cursor, 100, step::add);
            step.forEach(e -> rest.add(name(e)));
        }
        Set<String> expected = new HashSet<>();
        for (int i = 900; i < 1_000; i++) {
            expected.add("{one}" + i);
        }
        assertThat(rest).isEqualTo(expected);
    }

    @Test
    void randomPicksAndSamplesSkipTheHoles() {
        Random random = new Random(7);
        while (stored.size() < 20_000) {
            String key = key(random, 1_000_000);
            if (!stored.containsKey(key)) {
                add(key);
            }
        }
        List<String> keys = new ArrayList<>(stored.keySet());
        for (int i = 0; i < keys.size(); i += 3) {
            remove(keys.get(i));
        }
        for (int i = 0; i < 1_000; i++) {
            assertThat(stored).containsKey(name(entries.random()));
        }
        Entry[] sample = new Entry[16];
        assertThat(entries.fromRandom(sample)).isEqualTo(16);
        for (Entry e : sample) {
            assertThat(stored.get(name(e))).isSameAs(e);
        }
    }
}
