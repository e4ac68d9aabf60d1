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

    /** Reads a range as {@link #toString()} writes it: {@code "0-5460"}, or {@code "42"} for one slot. */
    public static SlotRange parse(String text) {
        String trimmed = text.trim();
        int dash = trimmed.indexOf('-', 1);
        try {
            return dash < 0 ? new SlotRange(Integer.parseInt(trimmed), Integer.parseInt(trimmed))
                    : new SlotRange(Integer.parseInt(trimmed.substring(0, dash).trim()),
                    Integer.parseInt(trimmed.substring(dash + 1).trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a slot range such as 0-5460 or 42");
        }
    }

    /** Reads comma-separated ranges: {@code "0-99,200-16383"}. */
    static java.util.List<SlotRange> parseList(String text) {
        return java.util.Arrays.stream(text.split(",")).map(SlotRange::parse).toList();
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
