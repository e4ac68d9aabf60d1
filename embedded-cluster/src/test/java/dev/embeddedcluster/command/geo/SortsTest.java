package dev.embeddedcluster.command.geo;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The two sorts Redis's searches use: a stable merge sort, and a quicksort that only finishes a prefix. */
class SortsTest {
    private record Item(int key, int arrival) {
    }

    private static final Comparator<Item> BY_KEY = Comparator.comparingInt(Item::key);

    private static Item[] items(Random random, int n, int distinctKeys) {
        Item[] items = new Item[n];
        for (int i = 0; i < n; i++) {
            items[i] = new Item(random.nextInt(distinctKeys), i);
        }
        return items;
    }

    @Test
    void mergeSortIsStable() {
        Random random = new Random(1);
        for (int round = 0; round < 200; round++) {
            Item[] items = items(random, random.nextInt(300), 1 + random.nextInt(20));
            Item[] expected = items.clone();
            Arrays.sort(expected, BY_KEY.thenComparingInt(Item::arrival));
            MergeSort.sort(items, BY_KEY);
            assertThat(items).containsExactly(expected);
        }
    }

    @Test
    void partialQuickSortFinishesTheWantedPrefix() {
        Random random = new Random(2);
        for (int round = 0; round < 500; round++) {
            int n = 1 + random.nextInt(400);
            Item[] items = items(random, n, 1 + random.nextInt(n * 2));
            Item[] sorted = items.clone();
            Arrays.sort(sorted, BY_KEY);
            int wanted = 1 + random.nextInt(n);
            PartialQuickSort.sort(items, BY_KEY, 0, wanted - 1);
            for (int i = 0; i < wanted; i++) {
                assertThat(items[i].key()).as("position %d of %d", i, n).isEqualTo(sorted[i].key());
            }
            assertThat(items).containsExactlyInAnyOrder(sorted);
        }
    }
}
