package dev.embeddedcluster.command.bits;

import dev.embeddedcluster.command.CommandHandler;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.command.StringRange;
import dev.embeddedcluster.command.notifications.EventClass;
import dev.embeddedcluster.util.RedisNumbers;

import java.util.function.BiConsumer;

import static dev.embeddedcluster.command.bits.BitStrings.WRONG_TYPE;
import static dev.embeddedcluster.command.bits.BitStrings.read;

/**
 * SETBIT, GETBIT, BITCOUNT, BITPOS and BITOP on string values (Redis's bitops.c), bit 0 being
 * the most significant bit of the first byte. Range handling follows Redis 7.0 to the letter,
 * including its edge cases. BITFIELD has a class of its own, {@link BitfieldCommand}.
 */
public final class BitCommands {
    private BitCommands() {
    }

    public static void register(BiConsumer<String, CommandHandler> registry) {
        registry.accept("setbit", BitCommands::setBit);
        registry.accept("getbit", BitCommands::getBit);
        registry.accept("bitcount", BitCommands::bitCount);
        registry.accept("bitpos", BitCommands::bitPos);
        registry.accept("bitop", BitCommands::bitOp);
        BitfieldCommand.register(registry);
    }

    private static void setBit(Request r) {
        long offset = BitStrings.offset(r, r.arg(2), 0);
        if (offset < 0) {
            return;
        }
        Long on = RedisNumbers.parseLong(r.arg(3));
        if (on == null || (on & ~1) != 0) {
            r.reply().error(Errors.BIT_VALUE_INVALID);
            return;
        }
        BitStrings.Writable string = BitStrings.writable(r, r.arg(1), offset);
        if (string == null) {
            return;
        }
        int was = BitStrings.bit(string.bytes(), offset);
        BitStrings.setBit(string.bytes(), offset, on == 1);
        if (string.grown() || was != on) {
            r.propagate();
            r.notify(EventClass.STRING, "setbit", r.arg(1));
        }
        r.reply().integer(was);
    }

    private static void getBit(Request r) {
        long offset = BitStrings.offset(r, r.arg(2), 0);
        if (offset < 0) {
            return;
        }
        byte[] value = BitStrings.readBits(r, r.arg(1));
        if (value == WRONG_TYPE) {
            return;
        }
        r.reply().integer(BitStrings.bit(value, offset));
    }

    /** Start and end (inclusive) bytes of a range and the masks of the bits outside it at both edges. */
    private record Span(long start, long end, int firstMask, int lastMask) {
    }

    /**
     * Redis's conversion of a BITCOUNT/BITPOS range: negative indexes from the end, clamping, and
     * in BIT mode the byte range plus masks of the edge bits outside it.
     */
    private static Span span(long start, long end, long length, boolean bits) {
        long[] range = StringRange.clamp(start, end, bits ? length << 3 : length);
        start = range[0];
        end = range[1];
        int firstMask = 0;
        int lastMask = 0;
        if (bits && start <= end) {
            firstMask = ~((1 << (8 - (int) (start & 7))) - 1) & 0xFF;
            lastMask = (1 << (7 - (int) (end & 7))) - 1;
            start >>= 3;
            end >>= 3;
        }
        return new Span(start, end, firstMask, lastMask);
    }

    private static void bitCount(Request r) {
        byte[] value = read(r, r.arg(1));
        if (value == WRONG_TYPE) {
            return;
        }
        if (value == null) {
            r.reply().integer(0);
            return;
        }
        Span span;
        if (r.argc() == 4 || r.argc() == 5) {
            Long start = RedisNumbers.parseLong(r.arg(2));
            Long end = start == null ? null : RedisNumbers.parseLong(r.arg(3));
            if (end == null) {
                r.reply().error(Errors.NOT_INTEGER);
                return;
            }
            if (start < 0 && end < 0 && start > end) {
                r.reply().integer(0);
                return;
            }
            Boolean bits = r.argc() == 5 ? r.either(4, "bit", "byte") : Boolean.FALSE;
            if (bits == null) {
                return;
            }
            span = span(start, end, value.length, bits);
        } else if (r.argc() == 2) {
            span = new Span(0, value.length - 1, 0, 0);
        } else {
            r.reply().error(Errors.SYNTAX);
            return;
        }
        if (span.start() > span.end()) {
            r.reply().integer(0);
            return;
        }
        long count = 0;
        for (long i = span.start(); i <= span.end(); i++) {
            count += Integer.bitCount(value[(int) i] & 0xFF);
        }
        // As Redis does: take away the bits of the edge bytes that lie outside the range.
        count -= Integer.bitCount(value[(int) span.start()] & span.firstMask());
        count -= Integer.bitCount(value[(int) span.end()] & span.lastMask());
        r.reply().integer(count);
    }

    private static void bitPos(Request r) {
        Long bit = RedisNumbers.parseLong(r.arg(2));
        if (bit == null) {
            r.reply().error(Errors.NOT_INTEGER);
            return;
        }
        if (bit != 0 && bit != 1) {
            r.reply().error(Errors.BIT_ARGUMENT_INVALID);
            return;
        }
        byte[] value = read(r, r.arg(1));
        if (value == WRONG_TYPE) {
            return;
        }
        if (value == null) {
            r.reply().integer(bit == 1 ? -1 : 0);
            return;
        }
        boolean endGiven = false;
        Span span;
        if (r.argc() >= 4 && r.argc() <= 6) {
            Long start = RedisNumbers.parseLong(r.arg(3));
            if (start == null) {
                r.reply().error(Errors.NOT_INTEGER);
                return;
            }
            Boolean bits = r.argc() == 6 ? r.either(5, "bit", "byte") : Boolean.FALSE;
            if (bits == null) {
                return;
            }
            long end;
            if (r.argc() >= 5) {
                Long parsed = RedisNumbers.parseLong(r.arg(4));
                if (parsed == null) {
                    r.reply().error(Errors.NOT_INTEGER);
                    return;
                }
                end = parsed;
                endGiven = true;
            } else {
                end = bits ? ((long) value.length << 3) + 7 : value.length - 1;
            }
            span = span(start, end, value.length, bits);
        } else if (r.argc() == 3) {
            span = new Span(0, value.length - 1, 0, 0);
        } else {
            r.reply().error(Errors.SYNTAX);
            return;
        }
        r.reply().integer(position(value, span, bit == 1, endGiven));
    }

    /** BITPOS's search over a span, edge bytes masked as Redis masks them. */
    private static long position(byte[] value, Span span, boolean one, boolean endGiven) {
        if (span.start() > span.end()) {
            return -1;
        }
        int start = (int) span.start();
        int end = (int) span.end();
        long bytes = end - start + 1;
        long pos;
        found:
        {
            if (span.firstMask() != 0) {
                int edge = one ? value[start] & ~span.firstMask() : value[start] | span.firstMask();
                if (span.lastMask() != 0 && bytes == 1) {
                    edge = one ? edge & ~span.lastMask() : edge | span.lastMask();
                }
                pos = firstBit(new byte[] {(byte) edge}, 0, 1, one);
                if (bytes == 1 || (pos != -1 && pos != 8)) {
                    break found;
                }
                start++;
                bytes--;
            }
            long middle = bytes - (span.lastMask() != 0 ? 1 : 0);
            if (middle > 0) {
                pos = firstBit(value, start, (int) middle, one);
                if (bytes == middle || (pos != -1 && pos != middle << 3)) {
                    break found;
                }
                start += (int) middle;
                bytes -= middle;
            }
            int edge = one ? value[end] & ~span.lastMask() : value[end] | span.lastMask();
            pos = firstBit(new byte[] {(byte) edge}, 0, 1, one);
        }
        if (endGiven && !one && pos == bytes << 3) {
            return -1;
        }
        return pos == -1 ? -1 : pos + ((long) start << 3);
    }

    /**
     * The first bit equal to {@code one} in bytes [from, from + count): its position from
     * {@code from}; when there is none, -1 looking for a 1, and count * 8 looking for a 0 (the
     * string reads as followed by zeros), as Redis's redisBitpos answers.
     */
    private static long firstBit(byte[] bytes, int from, int count, boolean one) {
        for (int i = 0; i < count; i++) {
            int b = bytes[from + i] & 0xFF;
            int candidate = one ? b : ~b & 0xFF;
            if (candidate != 0) {
                return (long) i * 8 + Integer.numberOfLeadingZeros(candidate) - 24;
            }
        }
        return one ? -1 : (long) count * 8;
    }

    private static void bitOp(Request r) {
        String op = r.text(1).toLowerCase(java.util.Locale.ROOT);
        if (!op.equals("and") && !op.equals("or") && !op.equals("xor") && !op.equals("not")) {
            r.reply().error(Errors.SYNTAX);
            return;
        }
        if (op.equals("not") && r.argc() != 4) {
            r.reply().error(Errors.BITOP_NOT_ONE_KEY);
            return;
        }
        byte[][] sources = new byte[r.argc() - 3][];
        int length = 0;
        for (int i = 3; i < r.argc(); i++) {
            byte[] value = read(r, r.arg(i));
            if (value == WRONG_TYPE) {
                return;
            }
            sources[i - 3] = value == null ? new byte[0] : value;
            length = Math.max(length, sources[i - 3].length);
        }
        byte[] target = r.arg(2);
        if (length == 0) {
            boolean deleted = r.keyspace().delete(target);
            r.propagate();
            if (deleted) {
                r.notify(EventClass.GENERIC, "del", target);
            }
            r.reply().integer(0);
            return;
        }
        byte[] result = new byte[length];
        for (int i = 0; i < length; i++) {
            int acc = byteAt(sources[0], i);
            for (int s = 1; s < sources.length; s++) {
                int b = byteAt(sources[s], i);
                acc = switch (op) {
                    case "and" -> acc & b;
                    case "or" -> acc | b;
                    default -> acc ^ b;
                };
            }
            result[i] = (byte) (op.equals("not") ? ~acc : acc);
        }
        // Redis builds the result as a raw string, whatever its length.
        r.keyspace().updateInPlace(r.keyspace().put(target, result), result);
        r.propagate();
        r.notify(EventClass.STRING, "set", target);
        r.reply().integer(length);
    }

    private static int byteAt(byte[] bytes, int index) {
        return index < bytes.length ? bytes[index] & 0xFF : 0;
    }
}
