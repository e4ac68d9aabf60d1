package dev.embeddedcluster.util;

import java.util.Arrays;

/**
 * LZF (liblzf, which Redis uses for the strings of its RDB payloads): runs of literal bytes and
 * back references into what was already produced. The compressor makes the same choices as
 * Redis's build of liblzf (a 64K-slot hash of three bytes, the "very fast" re-hashing after a
 * match), so that a payload compresses to the bytes Redis would write.
 */
public final class Lzf {
    private static final int HASH_BITS = 16;
    private static final int HASH_SIZE = 1 << HASH_BITS;
    private static final int MAX_LITERAL = 1 << 5;
    private static final int MAX_OFFSET = 1 << 13;
    private static final int MAX_REFERENCE = (1 << 8) + (1 << 3);

    private Lzf() {
    }

    /** The {@code length} bytes {@code compressed} stands for, or null when it is damaged or of another length. */
    public static byte[] decompress(byte[] compressed, long length) {
        if (length > Integer.MAX_VALUE - 8) {
            return null;
        }
        byte[] out = new byte[(int) length];
        int in = 0;
        int op = 0;
        while (in < compressed.length) {
            int control = compressed[in++] & 0xff;
            if (control < 32) {
                int run = control + 1;
                if (op + run > out.length || in + run > compressed.length) {
                    return null;
                }
                System.arraycopy(compressed, in, out, op, run);
                in += run;
                op += run;
                continue;
            }
            int run = control >>> 5;
            int reference = op - ((control & 0x1f) << 8) - 1;
            if (in >= compressed.length) {
                return null;
            }
            if (run == 7) {
                run += compressed[in++] & 0xff;
                if (in >= compressed.length) {
                    return null;
                }
            }
            reference -= compressed[in++] & 0xff;
            run += 2;
            if (op + run > out.length || reference < 0) {
                return null;
            }
            for (int i = 0; i < run; i++) {
                out[op++] = out[reference++];
            }
        }
        return op == out.length ? out : null;
    }

    /**
     * The first {@code length} bytes of {@code in} compressed into at most {@code limit} bytes,
     * or null when they do not fit (Redis then stores the string as it is).
     */
    public static byte[] compress(byte[] in, int length, int limit) {
        if (length == 0 || limit <= 0) {
            return null;
        }
        return new Compression(in, limit, TABLES.get().fresh()).run(length);
    }

    private static final ThreadLocal<HashTable> TABLES = ThreadLocal.withInitial(HashTable::new);

    /**
     * The hash of positions seen, reused by a thread's compressions: each starts from an empty
     * table (every slot 0, as liblzf's with no earlier match) without clearing 64K slots, by
     * stamping the slots it writes with its own generation.
     */
    private static final class HashTable {
        private final int[] positions = new int[HASH_SIZE];
        private final int[] stamps = new int[HASH_SIZE];
        private int generation;

        HashTable fresh() {
            if (++generation == 0) {
                Arrays.fill(stamps, 0);
                generation = 1;
            }
            return this;
        }

        int get(int slot) {
            return stamps[slot] == generation ? positions[slot] : 0;
        }

        void put(int slot, int position) {
            positions[slot] = position;
            stamps[slot] = generation;
        }
    }

    /** One compression's state: where it reads and writes, and the literal run it is in. */
    private static final class Compression {
        private final byte[] in;
        private final byte[] out;
        private final HashTable table;
        private int ip;
        private int op = 1;
        private int literals;

        Compression(byte[] in, int limit, HashTable table) {
            this.in = in;
            this.out = new byte[limit];
            this.table = table;
        }

        byte[] run(int length) {
            int limit = out.length;
            int hash = length > 1 ? first(in, ip) : 0;
            while (ip < length - 2) {
                hash = next(hash, in, ip);
                int slot = index(hash);
                int ref = table.get(slot);
                table.put(slot, ip);
                int offset = ip - ref - 1;
                if (offset < MAX_OFFSET && ref > 0 && in[ref + 2] == in[ip + 2]
                        && in[ref] == in[ip] && in[ref + 1] == in[ip + 1]) {
                    int len = 2;
                    int maxLength = Math.min(length - ip - len, MAX_REFERENCE);
                    if (op + 3 + 1 >= limit && op - (literals == 0 ? 1 : 0) + 3 + 1 >= limit) {
                        return null;
                    }
                    out[op - literals - 1] = (byte) (literals - 1);
                    op -= literals == 0 ? 1 : 0;
                    len = matchEnd(in, ref, ip, len, maxLength);
                    len -= 2;
                    ip++;
                    if (len < 7) {
                        out[op++] = (byte) ((offset >>> 8) + (len << 5));
                    } else {
                        out[op++] = (byte) ((offset >>> 8) + (7 << 5));
                        out[op++] = (byte) (len - 7);
                    }
                    out[op++] = (byte) offset;
                    literals = 0;
                    op++;
                    ip += len + 1;
                    if (ip >= length - 2) {
                        break;
                    }
                    ip -= 2;
                    hash = first(in, ip);
                    hash = next(hash, in, ip);
                    table.put(index(hash), ip);
                    ip++;
                    hash = next(hash, in, ip);
                    table.put(index(hash), ip);
                    ip++;
                } else {
                    if (op >= limit) {
                        return null;
                    }
                    literal();
                }
            }
            if (op + 3 > limit) {
                return null;
            }
            while (ip < length) {
                literal();
            }
            out[op - literals - 1] = (byte) (literals - 1);
            op -= literals == 0 ? 1 : 0;
            return Arrays.copyOf(out, op);
        }

        /** Copies one byte into the literal run, closing the run when it is full. */
        private void literal() {
            literals++;
            out[op++] = in[ip++];
            if (literals == MAX_LITERAL) {
                out[op - literals - 1] = (byte) (literals - 1);
                literals = 0;
                op++;
            }
        }
    }

    /** Where a match starting 2 bytes in stops: liblzf first tries 16 bytes unchecked against the bound. */
    private static int matchEnd(byte[] in, int ref, int ip, int len, int maxLength) {
        if (maxLength > 16) {
            for (int i = 0; i < 16; i++) {
                len++;
                if (in[ref + len] != in[ip + len]) {
                    return len;
                }
            }
        }
        do {
            len++;
        } while (len < maxLength && in[ref + len] == in[ip + len]);
        return len;
    }

    private static int first(byte[] in, int p) {
        return ((in[p] & 0xff) << 8) | (in[p + 1] & 0xff);
    }

    private static int next(int hash, byte[] in, int p) {
        return (hash << 8) | (in[p + 2] & 0xff);
    }

    private static int index(int hash) {
        return ((hash >>> (3 * 8 - HASH_BITS)) - hash * 5) & (HASH_SIZE - 1);
    }
}
