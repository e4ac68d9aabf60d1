package dev.embeddedcluster.command.geo;

import java.util.Comparator;

/**
 * Redis's pqsort: Bentley and McIlroy's quicksort ("Engineering a Sort Function") that only
 * recurses into partitions overlapping the range of positions wanted, so those positions end up
 * holding what a full sort would put there. Searches with COUNT sort this way; equal elements
 * land where this algorithm puts them, so it is reproduced step by step.
 */
final class PartialQuickSort {
    private PartialQuickSort() {
    }

    /** Sorts enough of the array that positions {@code first} to {@code last} (inclusive) are final. */
    static <T> void sort(T[] a, Comparator<? super T> order, int first, int last) {
        sort(a, 0, a.length, order, first, last);
    }

    private static <T> void sort(T[] a, int base, int n, Comparator<? super T> order, int first, int last) {
        while (true) {
            if (n < 7) {
                insertionSort(a, base, n, order);
                return;
            }
            int pivot = base + n / 2;
            if (n > 7) {
                int low = base;
                int high = base + n - 1;
                if (n > 40) {
                    int d = n / 8;
                    low = medianOfThree(a, low, low + d, low + 2 * d, order);
                    pivot = medianOfThree(a, pivot - d, pivot, pivot + d, order);
                    high = medianOfThree(a, high - 2 * d, high - d, high, order);
                }
                pivot = medianOfThree(a, low, pivot, high, order);
            }
            swap(a, base, pivot);
            // Elements equal to the pivot gather at both ends ([base+1, pa) and (pd, end)), the
            // smaller and larger ones between, then the equal ones are swapped to the middle.
            int pa = base + 1;
            int pb = pa;
            int pc = base + n - 1;
            int pd = pc;
            while (true) {
                int c;
                while (pb <= pc && (c = order.compare(a[pb], a[base])) <= 0) {
                    if (c == 0) {
                        swap(a, pa++, pb);
                    }
                    pb++;
                }
                while (pb <= pc && (c = order.compare(a[pc], a[base])) >= 0) {
                    if (c == 0) {
                        swap(a, pc, pd--);
                    }
                    pc--;
                }
                if (pb > pc) {
                    break;
                }
                swap(a, pb++, pc--);
            }
            int end = base + n;
            int r = Math.min(pa - base, pb - pa);
            swapRanges(a, base, pb - r, r);
            r = Math.min(pd - pc, end - pd - 1);
            swapRanges(a, pb, end - r, r);
            int smaller = pb - pa;
            if (smaller > 1 && overlaps(base, smaller, first, last)) {
                sort(a, base, smaller, order, first, last);
            }
            int larger = pd - pc;
            if (larger <= 1 || !overlaps(end - larger, larger, first, last)) {
                return;
            }
            base = end - larger;
            n = larger;
        }
    }

    /** Whether positions [from, from + n) hold part of the wanted range, as Redis tests it. */
    private static boolean overlaps(int from, int n, int first, int last) {
        boolean bothBefore = first < from && last < from;
        boolean bothAfter = first >= from + n && last >= from + n;
        return !(bothBefore || bothAfter);
    }

    private static <T> void insertionSort(T[] a, int base, int n, Comparator<? super T> order) {
        for (int m = base + 1; m < base + n; m++) {
            for (int l = m; l > base && order.compare(a[l - 1], a[l]) > 0; l--) {
                swap(a, l, l - 1);
            }
        }
    }

    private static <T> int medianOfThree(T[] a, int i, int j, int k, Comparator<? super T> order) {
        if (order.compare(a[i], a[j]) < 0) {
            return order.compare(a[j], a[k]) < 0 ? j : (order.compare(a[i], a[k]) < 0 ? k : i);
        }
        return order.compare(a[j], a[k]) > 0 ? j : (order.compare(a[i], a[k]) < 0 ? i : k);
    }

    private static <T> void swap(T[] a, int i, int j) {
        T t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    /** Swaps the n elements from i with the n elements from j, pairwise in order. */
    private static <T> void swapRanges(T[] a, int i, int j, int n) {
        for (int k = 0; k < n; k++) {
            swap(a, i + k, j + k);
        }
    }
}
