package dev.embeddedcluster.keyspace.rdb;

import dev.embeddedcluster.keyspace.ListValue;
import dev.embeddedcluster.keyspace.ListpackSize;
import dev.embeddedcluster.util.Lzf;

/**
 * The nodes a list's Redis quicklist has when built by pushes at one end, walked one at a time:
 * a new node starts when the listpack would outgrow the list's node size (list-max-listpack-size:
 * bytes by quicklist's own estimate, the element's length plus 8, or entries within 8 KB), and an
 * element of 1 GB or more gets a plain node of its own. With list-compress-depth d, the nodes
 * past the first d and before the last d are kept LZF-compressed, when that saves enough.
 */
public final class QuicklistNodes {
    /** list-max-listpack-size -2: a quicklist node's listpack stays within 8 KB. */
    private static final int SAFETY_BYTES = 8192;
    /** What quicklist adds to an element's length when it estimates the node's size after a push. */
    private static final int ELEMENT_OVERHEAD = 8;
    /** Elements this large get a plain quicklist node of their own. */
    private static final long PLAIN_ELEMENT = 1L << 30;
    /** Nodes smaller than this are never compressed. */
    private static final int MIN_COMPRESS_BYTES = 48;
    /** Compression is kept only when it saves more than this. */
    private static final int MIN_COMPRESS_IMPROVE = 8;

    private final ListValue list;
    private final long sizeLimit;
    private final long countLimit;
    private int start;
    private int end;
    private long bytes;

    public QuicklistNodes(ListValue list) {
        this.list = list;
        int fill = list.fill();
        this.sizeLimit = fill >= 0 ? SAFETY_BYTES : 4096L << (Math.min(5, -fill) - 1);
        this.countLimit = fill >= 0 ? Math.max(1, fill) : 65535;
    }

    /** Moves to the next node; false past the last one. */
    public boolean next() {
        start = end;
        if (start >= list.size()) {
            return false;
        }
        byte[] first = list.get(start);
        end = start + 1;
        if (first.length >= PLAIN_ELEMENT) {
            bytes = first.length;
            return true;
        }
        bytes = ListpackSize.EMPTY + ListpackSize.of(first);
        while (end < list.size()) {
            byte[] element = list.get(end);
            if (element.length >= PLAIN_ELEMENT || bytes + element.length + ELEMENT_OVERHEAD > sizeLimit
                    || end - start + 1 > countLimit) {
                break;
            }
            bytes += ListpackSize.of(element);
            end++;
        }
        return true;
    }

    /** The index of the node's first element. */
    public int start() {
        return start;
    }

    /** The index past the node's last element. */
    public int end() {
        return end;
    }

    /** The bytes of the node's data: its listpack, or the element of a plain node. */
    public long bytes() {
        return bytes;
    }

    public boolean plain() {
        return end - start == 1 && list.get(start).length >= PLAIN_ELEMENT;
    }

    /** The node's data as Redis holds it uncompressed: its listpack, or the element of a plain node. */
    public byte[] data() {
        return plain() ? list.get(start) : data(list, start, end);
    }

    /** The listpack of the elements from {@code start} to before {@code end}. */
    public static byte[] data(ListValue list, int start, int end) {
        ListpackWriter node = new ListpackWriter();
        for (int i = start; i < end; i++) {
            node.add(list.get(i));
        }
        return node.toByteArray();
    }

    /** How many nodes the list has. */
    public static int count(ListValue list) {
        QuicklistNodes nodes = new QuicklistNodes(list);
        int count = 0;
        while (nodes.next()) {
            count++;
        }
        return count;
    }

    /** Whether node {@code index} of {@code count} lies inside the compression depth's ends (0: none). */
    public static boolean inner(int index, long count, int depth) {
        return depth > 0 && index >= depth && index < count - depth;
    }

    /** The node's data LZF-compressed as quicklist keeps it, or null when it stays as it is. */
    public static byte[] compress(byte[] data) {
        if (data.length < MIN_COMPRESS_BYTES) {
            return null;
        }
        byte[] packed = Lzf.compress(data, data.length, data.length);
        return packed == null || packed.length + MIN_COMPRESS_IMPROVE >= data.length ? null : packed;
    }
}
