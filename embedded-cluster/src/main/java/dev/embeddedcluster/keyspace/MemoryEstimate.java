package dev.embeddedcluster.keyspace;

import dev.embeddedcluster.keyspace.rdb.QuicklistNodes;
import dev.embeddedcluster.keyspace.stream.StreamValue;
import dev.embeddedcluster.util.RedisNumbers;

import java.util.Arrays;

/**
 * What a key would take in a Redis 7.0 cluster node on 64-bit Linux with jemalloc: the bytes
 * of its structures, each allocation rounded up to jemalloc's size class. Strings come out as
 * MEMORY USAGE reports them; aggregates are priced from their encoding (listpack, intset,
 * hashtable, skiplist, quicklist, stream nodes) and a sample of their first elements, so an
 * estimate costs the same whatever the value's size.
 */
public final class MemoryEstimate {
    /** Elements priced one by one before the rest are taken to be like them (MEMORY USAGE's default SAMPLES). */
    public static final int DEFAULT_SAMPLES = 5;

    /** The main dictionary's entry: key, value and next pointers plus the cluster's slot links. */
    private static final int KEY_ENTRY = 40;
    /** An entry of the expires dictionary (three pointers, in a 32-byte class). */
    private static final int EXPIRES_ENTRY = 32;
    private static final int OBJECT_HEADER = 16;
    private static final int DICT = 56;
    private static final int DICT_ENTRY = 24;
    private static final int QUICKLIST = 40;
    private static final int QUICKLIST_NODE = 40;
    /** The length field before a compressed node's bytes. */
    private static final int QUICKLIST_LZF_HEADER = 8;
    /** A list node's listpack size limit for list-max-listpack-size -1 (each step down doubles it, down to -5). */
    private static final int QUICKLIST_SMALLEST_NODE_BYTES = 4096;
    /** The size a list node with an entry count limit (a positive list-max-listpack-size) still never passes. */
    private static final int QUICKLIST_SAFETY_BYTES = 8192;
    /** The elements a sampled list estimate walks at most. */
    private static final int LIST_WALK_BUDGET = 4096;
    private static final int INTSET_HEADER = 8;
    private static final int ZSET = 16;
    private static final int SKIPLIST = 32;
    /** The skiplist's header node: 32 levels. */
    private static final int SKIPLIST_HEADER = 24 + 32 * 16;
    /** A skiplist node of the average height 4/3 (member, score, backward, levels of 16 bytes). */
    private static final int SKIPLIST_NODE = 48;
    private static final int EMBSTR_LIMIT = 44;

    private MemoryEstimate() {
    }

    /**
     * The key's share of used_memory: its entries in the main and expires dictionaries, its name
     * and its value, with up to {@code samples} elements of an aggregate priced. Priced after
     * every write while maxmemory is set, it takes a list's compressed nodes at their plain size
     * rather than compress them each time.
     */
    public static long ofEntry(Entry entry, int samples) {
        return usage(entry, samples, false) + (entry.hasExpiry() ? EXPIRES_ENTRY : 0);
    }

    /** MEMORY USAGE: the key's name, its main dictionary entry and its value (0 samples: every element). */
    public static long usage(Entry entry, int samples) {
        return usage(entry, samples, true);
    }

    private static long usage(Entry entry, int samples, boolean compressedNodes) {
        return KEY_ENTRY + sds(entry.key.bytes().length) + value(entry.value, entry.rawEncoding(), samples, compressedNodes);
    }

    /** The size class jemalloc serves a request of {@code size} bytes from. */
    public static long allocation(long size) {
        if (size <= 8) {
            return 8;
        }
        if (size <= 128) {
            return (size + 15) & ~15L;
        }
        // Four classes per doubling: (2^k, 2^(k+1)] in steps of 2^(k-2).
        long power = Long.highestOneBit(size - 1);
        long step = power >> 2;
        return (size + step - 1) / step * step;
    }

    /** An sds string of {@code length} bytes: header by length, the bytes and the terminator. */
    static long sds(long length) {
        int header = length < 32 ? 1 : length < 256 ? 3 : length < 65536 ? 5 : length < 4294967296L ? 9 : 17;
        return allocation(header + length + 1);
    }

    private static long value(Object value, boolean raw, int samples, boolean compressedNodes) {
        if (value instanceof byte[] bytes) {
            return string(bytes, raw);
        }
        if (value instanceof GrowableString grown) {
            return OBJECT_HEADER + grown.allocated;
        }
        if (value instanceof ListValue list) {
            return list(list, samples, compressedNodes ? list.compressDepth() : 0);
        }
        if (value instanceof HashValue hash) {
            return hash(hash, samples);
        }
        if (value instanceof SetValue set) {
            return set(set, samples);
        }
        if (value instanceof SortedSetValue sortedSet) {
            return sortedSet(sortedSet, samples);
        }
        if (value instanceof StreamValue stream) {
            return OBJECT_HEADER + stream.estimatedBytes(samples);
        }
        return OBJECT_HEADER;
    }

    /** int: the object alone; embstr: object and string in one allocation; raw: the two apart. */
    private static long string(byte[] bytes, boolean raw) {
        if (!raw && bytes.length <= 20 && RedisNumbers.parseLong(bytes) != null) {
            return OBJECT_HEADER;
        }
        if (!raw && bytes.length <= EMBSTR_LIMIT) {
            return allocation(OBJECT_HEADER + 3 + bytes.length + 1);
        }
        return OBJECT_HEADER + sds(bytes.length);
    }

    /** How many elements to price: all when {@code samples} is 0 or covers them. */
    private static int priced(int size, int samples) {
        return samples <= 0 ? size : Math.min(size, samples);
    }

    /** The sampled total scaled to every element. */
    private static long scaled(long sampledBytes, int sampled, int size) {
        return sampled == 0 ? 0 : sampledBytes * size / sampled;
    }

    /**
     * A quicklist: its nodes as pushes fill them ({@link QuicklistNodes}). As Redis does, up to
     * {@code samples} nodes (0: all) are priced and their average stands for every node; the node
     * count past them is taken from their elements per node. A node inside the list's compression
     * depth ({@code compressDepth}) is priced at its LZF-compressed size when quicklist would keep
     * it compressed. Past
     * {@link #LIST_WALK_BUDGET} elements the walk stops and their average size stands for the
     * rest, so that an estimate stays cheap whatever the list.
     */
    private static long list(ListValue list, int samples, int compressDepth) {
        int size = list.size();
        int maxNodes = samples <= 0 ? Integer.MAX_VALUE : samples;
        QuicklistNodes nodes = new QuicklistNodes(list);
        int[] ends = new int[Math.min(maxNodes, 16)];
        int walked = 0;
        while (walked < maxNodes && nodes.next()) {
            if (samples > 0 && nodes.end() > LIST_WALK_BUDGET) {
                return OBJECT_HEADER + QUICKLIST + evenNodes(list, nodes.end());
            }
            if (walked == ends.length) {
                ends = Arrays.copyOf(ends, ends.length * 2);
            }
            ends[walked++] = nodes.end();
        }
        int pricedElements = walked == 0 ? 0 : ends[walked - 1];
        long count = pricedElements == size ? walked : (long) Math.ceil(size / ((double) pricedElements / walked));
        long pricedBytes = 0;
        for (int i = 0; i < walked; i++) {
            pricedBytes += QUICKLIST_NODE + nodeAllocation(list, i == 0 ? 0 : ends[i - 1], ends[i],
                    QuicklistNodes.inner(i, count, compressDepth));
        }
        if (walked == 0) {
            return OBJECT_HEADER + QUICKLIST + QUICKLIST_NODE + allocation(ListpackSize.EMPTY);
        }
        return OBJECT_HEADER + QUICKLIST + (long) ((double) pricedBytes / walked * count);
    }

    /** The allocation of a node's data: its listpack, or the compressed form when it is kept compressed. */
    private static long nodeAllocation(ListValue list, int start, int end, boolean inner) {
        long bytes = ListpackSize.EMPTY;
        for (int i = start; i < end; i++) {
            bytes += ListpackSize.of(list.get(i));
        }
        if (inner) {
            byte[] compressed = QuicklistNodes.compress(QuicklistNodes.data(list, start, end));
            if (compressed != null) {
                return allocation(QUICKLIST_LZF_HEADER + compressed.length);
            }
        }
        return allocation(bytes);
    }

    /** Full nodes of elements as large on average as the first {@code walked}, uncompressed. */
    private static long evenNodes(ListValue list, int walked) {
        long walkedBytes = 0;
        for (int i = 0; i < walked; i++) {
            walkedBytes += ListpackSize.of(list.get(i));
        }
        double entry = (double) walkedBytes / walked;
        int fill = list.fill();
        long bySize = Math.max(1, (long) ((nodeBytesLimit(fill) - ListpackSize.EMPTY) / entry));
        long perNode = fill < 0 ? bySize : Math.max(1, Math.min(fill, bySize));
        long nodes = (list.size() + perNode - 1) / perNode;
        return nodes * (QUICKLIST_NODE + allocation(ListpackSize.EMPTY + Math.round(perNode * entry)));
    }

    /** The most bytes a node's listpack holds: by list-max-listpack-size when negative, else the safety limit. */
    private static long nodeBytesLimit(int fill) {
        return fill < 0 ? (long) QUICKLIST_SMALLEST_NODE_BYTES << (Math.min(5, -fill) - 1) : QUICKLIST_SAFETY_BYTES;
    }

    private static long hash(HashValue hash, int samples) {
        int size = hash.size();
        long[] bytes = {0};
        if (hash.isListpack()) {
            hash.forEach((field, value) -> bytes[0] += ListpackSize.of(field) + ListpackSize.of(value));
            return OBJECT_HEADER + allocation(ListpackSize.EMPTY + bytes[0]);
        }
        int sampled = priced(size, samples);
        hash.scan(0, sampled, (field, value) -> bytes[0] += sds(field.length) + sds(value.length) + DICT_ENTRY);
        return OBJECT_HEADER + dict(size) + scaled(bytes[0], sampled, size);
    }

    private static long set(SetValue set, int samples) {
        int size = set.size();
        if (set.isIntset()) {
            long[] width = {2};
            set.scan(0, size, member -> {
                long n = RedisNumbers.parseLong(member);
                width[0] = Math.max(width[0], n == (short) n ? 2 : n == (int) n ? 4 : 8);
            });
            return OBJECT_HEADER + allocation(INTSET_HEADER + width[0] * size);
        }
        int sampled = priced(size, samples);
        long[] bytes = {0};
        set.scan(0, sampled, member -> bytes[0] += sds(member.length) + DICT_ENTRY);
        return OBJECT_HEADER + dict(size) + scaled(bytes[0], sampled, size);
    }

    private static long sortedSet(SortedSetValue sortedSet, int samples) {
        int size = sortedSet.size();
        if (sortedSet.isListpack()) {
            long bytes = 0;
            for (ScoreSkipList.Node node = sortedSet.first(); node != null; node = node.next()) {
                bytes += ListpackSize.of(node.member()) + ListpackSize.ofScore(node.score());
            }
            return OBJECT_HEADER + allocation(ListpackSize.EMPTY + bytes);
        }
        int sampled = priced(size, samples);
        long bytes = 0;
        ScoreSkipList.Node node = sortedSet.first();
        for (int i = 0; i < sampled && node != null; i++, node = node.next()) {
            bytes += sds(node.member().length) + DICT_ENTRY + SKIPLIST_NODE;
        }
        return OBJECT_HEADER + ZSET + SKIPLIST + allocation(SKIPLIST_HEADER) + dict(size) + scaled(bytes, sampled, size);
    }

    /** A dictionary and its bucket array, sized to the next power of two. */
    private static long dict(int size) {
        long buckets = size <= 4 ? 4 : Long.highestOneBit(size - 1) << 1;
        return DICT + allocation(8 * buckets);
    }
}
