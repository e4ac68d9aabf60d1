package dev.embeddedcluster.command.geo;

import java.util.Comparator;

/**
 * glibc's qsort as Redis gets it on Linux: a top-down merge sort (first half, then second,
 * merged taking from the first half unless it compares greater), so equal elements keep their
 * order. Written out rather than left to {@code Arrays.sort} because Redis's distance comparator
 * is not a total order when a distance is not a number, and the element order must still match.
 */
final class MergeSort {
    private MergeSort() {
    }

    static <T> void sort(T[] elements, Comparator<? super T> order) {
        sort(elements, elements.clone(), 0, elements.length, order);
    }

    private static <T> void sort(T[] elements, T[] scratch, int from, int to, Comparator<? super T> order) {
        int n = to - from;
        if (n <= 1) {
            return;
        }
        int middle = from + n / 2;
        sort(elements, scratch, from, middle, order);
        sort(elements, scratch, middle, to, order);
        int left = from;
        int right = middle;
        int out = from;
        while (left < middle && right < to) {
            scratch[out++] = order.compare(elements[left], elements[right]) <= 0 ? elements[left++] : elements[right++];
        }
        while (left < middle) {
            scratch[out++] = elements[left++];
        }
        // What remains of the second half is already in place.
        System.arraycopy(scratch, from, elements, from, out - from);
    }
}
