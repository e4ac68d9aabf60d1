package dev.embeddedcluster.command.bits;

import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.command.TypedRead;
import dev.embeddedcluster.keyspace.Entry;
import dev.embeddedcluster.util.RedisNumbers;

import java.util.Arrays;

/**
 * What the bit commands share about string values: reading them, bit offset arguments, single
 * bits (bit 0 is the most significant bit of the first byte), and making a string writable up
 * to a bit.
 */
final class BitStrings {
    /** proto-max-bulk-len: no string grows past 512 MB. */
    private static final long MAX_BYTES = 512L * 1024 * 1024;

    /** Marks "the key holds another type; WRONGTYPE was replied". */
    static final byte[] WRONG_TYPE = new byte[0];

    private BitStrings() {
    }

    /** The string at a key: null when absent, {@link #WRONG_TYPE} after replying the error. */
    static byte[] read(Request r, byte[] key) {
        return TypedRead.read(r, key, byte[].class, WRONG_TYPE);
    }

    /**
     * The string at a key to read bits from at once, as {@link #read} but without trimming a string
     * written in place: bytes past the string's end, if any, are zeros, as bits past the end read.
     */
    static byte[] readBits(Request r, byte[] key) {
        Entry entry = r.keyspace().read(key);
        if (entry == null) {
            return null;
        }
        if (!entry.holdsString()) {
            r.reply().error(Errors.WRONG_TYPE);
            return WRONG_TYPE;
        }
        return entry.stringBuffer();
    }

    /**
     * A bit offset argument; -1 after replying the error. When {@code typeBits} is positive the
     * offset may also be written {@code #n}, meaning n times {@code typeBits} (BITFIELD); the
     * product wraps around 64 bits as Redis's does, and is checked after.
     */
    static long offset(Request r, byte[] arg, int typeBits) {
        boolean multiplied = typeBits > 0 && arg.length > 0 && arg[0] == '#';
        Long offset = RedisNumbers.parseLong(multiplied ? Arrays.copyOfRange(arg, 1, arg.length) : arg);
        if (offset != null && multiplied) {
            offset *= typeBits;
        }
        if (offset == null || offset < 0 || (offset >> 3) >= MAX_BYTES) {
            r.reply().error(Errors.BIT_OFFSET_INVALID);
            return -1;
        }
        return offset;
    }

    /** The bit at an offset, 0 past the end of the string (or for a null one). */
    static int bit(byte[] bytes, long offset) {
        long index = offset >> 3;
        if (bytes == null || index >= bytes.length) {
            return 0;
        }
        return (bytes[(int) index] >> (7 - (int) (offset & 7))) & 1;
    }

    /** Sets or clears the bit at an offset inside the string. */
    static void setBit(byte[] bytes, long offset, boolean on) {
        int index = (int) (offset >> 3);
        int mask = 0x80 >>> (int) (offset & 7);
        bytes[index] = (byte) (on ? bytes[index] | mask : bytes[index] & ~mask);
    }

    /** A string stored for writing: its bytes, which the caller may change in place, and whether it was created or grown. */
    record Writable(byte[] bytes, boolean grown) {
    }

    /**
     * The string at a key made ready for writing bit {@code maxBit}: a copy padded with zero bytes
     * as far as needed (a new key when absent), stored at once and marked raw as Redis leaves a
     * string it writes into. Null after replying WRONGTYPE.
     */
    static Writable writable(Request r, byte[] key, long maxBit) {
        Entry entry = r.keyspace().lookup(key);
        if (entry != null && !entry.holdsString()) {
            r.reply().error(Errors.WRONG_TYPE);
            return null;
        }
        int needed = (int) (maxBit >> 3) + 1;
        if (entry == null) {
            entry = r.keyspace().put(key, new byte[needed]);
            return new Writable(entry.writableString(needed), true);
        }
        int oldLength = entry.stringLength();
        return new Writable(entry.writableString(needed), needed > oldLength);
    }
}
