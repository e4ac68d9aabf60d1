package dev.embeddedcluster;

/** An inclusive range of hash slots, 0 to 16383. */
public record SlotRange(int start, int end) {
    public static final int SLOT_COUNT = 16384;

    public SlotRange {
        if (start < 0 || end >= SLOT_COUNT || start > end) {
            throw new IllegalArgumentException("invalid slot range " + start + "-" + end + " (slots are 0-16383)");
        }
    }

    public static SlotRange of(int start, int end) {
        return new SlotRange(start, end);
    }

    public boolean contains(int slot) {
        return slot >= start && slot <= end;
    }

    public int size() {
        return end - start + 1;
    }

    @Override
    public String toString() {
        return start == end ? Integer.toString(start) : start + "-" + end;
    }
}
