package dev.embeddedcluster.keyspace;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * A sorted set's order, the structure Redis uses: a skip list of (score, member) ascending by
 * score then by member bytes, each link counting the elements it jumps over, so that finding a
 * member's rank or the element at a rank costs O(log n). Node thread only.
 */
public final class ScoreSkipList {
    private static final int MAX_LEVEL = 32;
    /** The chance that a node also appears one level up, as in Redis. */
    private static final double LEVEL_UP = 0.25;

    /** One element; read-only outside this class. */
    public static final class Node {
        private final byte[] member;
        private final double score;
        private final Node[] forward;
        private final long[] span;
        private Node backward;

        private Node(byte[] member, double score, int levels) {
            this.member = member;
            this.score = score;
            this.forward = new Node[levels];
            this.span = new long[levels];
        }

        public byte[] member() {
            return member;
        }

        public double score() {
            return score;
        }

        /** The next element in ascending order, or null. */
        public Node next() {
            return forward[0];
        }

        /** The previous element, or null. */
        public Node previous() {
            return backward;
        }
    }

    private final Node header = new Node(null, 0, MAX_LEVEL);
    private Node tail;
    private int length;
    private int level = 1;

    public int length() {
        return length;
    }

    public Node first() {
        return header.forward[0];
    }

    public Node last() {
        return tail;
    }

    /** Inserts an element that is not in the list; returns its node. */
    public Node insert(double score, byte[] member) {
        Node[] update = new Node[MAX_LEVEL];
        long[] rank = new long[MAX_LEVEL];
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            rank[i] = i == level - 1 ? 0 : rank[i + 1];
            while (x.forward[i] != null && precedes(x.forward[i], score, member)) {
                rank[i] += x.span[i];
                x = x.forward[i];
            }
            update[i] = x;
        }
        int levels = randomLevel();
        if (levels > level) {
            for (int i = level; i < levels; i++) {
                rank[i] = 0;
                update[i] = header;
                header.span[i] = length;
            }
            level = levels;
        }
        x = new Node(member, score, levels);
        for (int i = 0; i < levels; i++) {
            x.forward[i] = update[i].forward[i];
            update[i].forward[i] = x;
            x.span[i] = update[i].span[i] - (rank[0] - rank[i]);
            update[i].span[i] = rank[0] - rank[i] + 1;
        }
        for (int i = levels; i < level; i++) {
            update[i].span[i]++;
        }
        x.backward = update[0] == header ? null : update[0];
        if (x.forward[0] != null) {
            x.forward[0].backward = x;
        } else {
            tail = x;
        }
        length++;
        return x;
    }

    /** Removes an element; false when it is not in the list. */
    public boolean delete(double score, byte[] member) {
        Node[] update = new Node[MAX_LEVEL];
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && precedes(x.forward[i], score, member)) {
                x = x.forward[i];
            }
            update[i] = x;
        }
        x = x.forward[0];
        if (x == null || x.score != score || !Arrays.equals(x.member, member)) {
            return false;
        }
        for (int i = 0; i < level; i++) {
            if (update[i].forward[i] == x) {
                update[i].span[i] += x.span[i] - 1;
                update[i].forward[i] = x.forward[i];
            } else {
                update[i].span[i]--;
            }
        }
        if (x.forward[0] != null) {
            x.forward[0].backward = x.backward;
        } else {
            tail = x.backward;
        }
        while (level > 1 && header.forward[level - 1] == null) {
            level--;
        }
        length--;
        return true;
    }

    /** The 1-based rank of an element in ascending order, 0 when it is not in the list. */
    public long rank(double score, byte[] member) {
        long rank = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && !precedes(score, member, x.forward[i])) {
                rank += x.span[i];
                x = x.forward[i];
            }
            if (x != header && x.score == score && Arrays.equals(x.member, member)) {
                return rank;
            }
        }
        return 0;
    }

    /** The element at a 1-based rank, or null. */
    public Node byRank(long rank) {
        long traversed = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && traversed + x.span[i] <= rank) {
                traversed += x.span[i];
                x = x.forward[i];
            }
            if (traversed == rank) {
                return x == header ? null : x;
            }
        }
        return null;
    }

    /**
     * The first element for which {@code before} is false, given that {@code before} holds for
     * a prefix of the list only; null when there is none.
     */
    public Node firstNotBefore(Predicate<Node> before) {
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && before.test(x.forward[i])) {
                x = x.forward[i];
            }
        }
        return x.forward[0];
    }

    /**
     * The last element for which {@code notAfter} holds, given that it holds for a prefix of the
     * list only; null when there is none.
     */
    public Node lastNotAfter(Predicate<Node> notAfter) {
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && notAfter.test(x.forward[i])) {
                x = x.forward[i];
            }
        }
        return x == header ? null : x;
    }

    /** Whether a node sorts strictly before (score, member). */
    private static boolean precedes(Node node, double score, byte[] member) {
        return node.score < score || (node.score == score && Arrays.compareUnsigned(node.member, member) < 0);
    }

    /** Whether (score, member) sorts strictly before a node. */
    private static boolean precedes(double score, byte[] member, Node node) {
        return score < node.score || (score == node.score && Arrays.compareUnsigned(member, node.member) < 0);
    }

    private static int randomLevel() {
        int levels = 1;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (levels < MAX_LEVEL && random.nextDouble() < LEVEL_UP) {
            levels++;
        }
        return levels;
    }
}
