package dev.embeddedcluster.resp;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;

/**
 * Turns request bytes into commands ({@code byte[][]}, argument 0 being the name), accepting the
 * multibulk form clients send and the inline form of telnet and redis-cli's pipe mode. Keeps its
 * position between reads, so a large value arriving in many reads is parsed once.
 *
 * <p>Limits and error texts are Redis 7.0's: on malformed input it returns one {@link ProtocolError}
 * and nothing after it, as Redis stops reading before closing the connection.
 *
 * <p>It is a plain parser, not a pipeline stage, so that the connection can stop taking commands
 * out of its input while the client is blocked, as Redis leaves them in the query buffer.
 */
public final class RespDecoder {
    static final int MAX_INLINE = 64 * 1024;
    static final long MAX_MULTIBULK = Integer.MAX_VALUE;
    private static final int INITIAL_ARGS = 1024;
    /** Past a Java array's size a bulk cannot be held, whatever proto-max-bulk-len allows. */
    private static final long LARGEST_ARRAY = Integer.MAX_VALUE - 8;

    private long maxBulk = 512L * 1024 * 1024;

    private byte[][] args;
    private int expectedArgs;
    private int argIndex;
    private int bulkLength = -1;
    private boolean failed;
    /** The value {@link #parseLong} read last. */
    private long parsed;

    /** The length of the bulk whose bytes are still arriving, or -1. */
    public int pendingBulkLength() {
        return bulkLength;
    }

    /** proto-max-bulk-len: a longer bulk is a protocol error. */
    public void maxBulkLength(long length) {
        maxBulk = Math.min(length, LARGEST_ARRAY);
    }

    /**
     * The next command in {@code in} ({@code byte[][]}), a {@link ProtocolError}, or null when
     * {@code in} holds no complete command yet. Consumes what it has parsed.
     */
    public Object next(ByteBuf in) {
        while (!failed && in.isReadable()) {
            Object message = args == null ? startRequest(in) : continueMultibulk(in);
            if (message == null) {
                return null;
            }
            if (message != NOTHING) {
                return message;
            }
        }
        if (failed) {
            in.skipBytes(in.readableBytes());
        }
        return null;
    }

    private static final Object NOTHING = new Object();

    private Object startRequest(ByteBuf in) {
        if (in.getByte(in.readerIndex()) == '*') {
            int eol = lineEnd(in, in.readerIndex(), UNTIL_CR);
            if (eol < 0) {
                return in.readableBytes() > MAX_INLINE ? fail("Protocol error: too big mbulk count string") : null;
            }
            if (eol + 1 >= in.writerIndex()) {
                return null;
            }
            if (!parseLong(in, in.readerIndex() + 1, eol) || parsed > MAX_MULTIBULK) {
                return fail("Protocol error: invalid multibulk length");
            }
            in.readerIndex(eol + 2);
            if (parsed <= 0) {
                return NOTHING;
            }
            expectedArgs = (int) parsed;
            args = new byte[Math.min(expectedArgs, INITIAL_ARGS)][];
            argIndex = 0;
            bulkLength = -1;
            return continueMultibulk(in);
        }
        return inline(in);
    }

    private Object continueMultibulk(ByteBuf in) {
        while (argIndex < expectedArgs) {
            if (bulkLength < 0) {
                if (!in.isReadable()) {
                    return null;
                }
                int start = in.readerIndex();
                int eol = lineEnd(in, start, UNTIL_CR);
                if (eol < 0) {
                    return in.readableBytes() > MAX_INLINE ? fail("Protocol error: too big bulk count string") : null;
                }
                if (eol + 1 >= in.writerIndex()) {
                    return null; // the LF after the CR has yet to come, whatever the line holds
                }
                if (in.getByte(start) != '$') {
                    char got = (char) (in.getByte(start) & 0xFF);
                    // Redis turns CR and LF of an error text into spaces
                    return fail("Protocol error: expected '$', got '" + (got == '\r' || got == '\n' ? ' ' : got) + "'");
                }
                if (!parseLong(in, start + 1, eol) || parsed < 0 || parsed > maxBulk) {
                    return fail("Protocol error: invalid bulk length");
                }
                in.readerIndex(eol + 2);
                bulkLength = (int) parsed;
            }
            if (in.readableBytes() < bulkLength + 2) {
                return null;
            }
            byte[] arg = new byte[bulkLength];
            in.readBytes(arg);
            in.skipBytes(2);
            if (argIndex == args.length) {
                args = java.util.Arrays.copyOf(args, (int) Math.min(expectedArgs, 2L * args.length));
            }
            args[argIndex++] = arg;
            bulkLength = -1;
        }
        byte[][] complete = args;
        args = null;
        return complete;
    }

    private Object inline(ByteBuf in) {
        int start = in.readerIndex();
        int eol = lineEnd(in, start, UNTIL_LF);
        if (eol < 0) {
            return in.readableBytes() > MAX_INLINE ? fail("Protocol error: too big inline request") : null;
        }
        int end = eol;
        if (end > start && in.getByte(end - 1) == '\r') {
            end--;
        }
        byte[] line = new byte[end - start];
        in.getBytes(start, line);
        in.readerIndex(eol + 1);
        byte[][] parsed = InlineParser.split(line);
        if (parsed == null) {
            return fail("Protocol error: unbalanced quotes in request");
        }
        return parsed.length == 0 ? NOTHING : parsed;
    }

    private static final ByteProcessor UNTIL_CR = b -> b != '\r' && b != 0;
    private static final ByteProcessor UNTIL_LF = b -> b != '\n' && b != 0;

    /**
     * Where the line from {@code from} ends (its CR, or LF for an inline command), or -1 while it
     * has not: Redis looks for it with strchr, which stops at a NUL, so a NUL before it means the
     * line never ends (until it is too long).
     */
    private static int lineEnd(ByteBuf in, int from, ByteProcessor untilEnd) {
        int at = in.forEachByte(from, in.writerIndex() - from, untilEnd);
        return at < 0 || in.getByte(at) == 0 ? -1 : at;
    }

    private Object fail(String message) {
        failed = true;
        args = null;
        return new ProtocolError("ERR " + message);
    }

    /**
     * Parses a decimal in [from, to) as Redis's string2ll does (no '+', no leading zeros, no "-0",
     * within 64 bits) into {@link #parsed}; false when it is not one.
     */
    private boolean parseLong(ByteBuf in, int from, int to) {
        int n = to - from;
        if (n <= 0 || n > 20) {
            return false;
        }
        if (n == 1 && in.getByte(from) == '0') {
            parsed = 0;
            return true;
        }
        boolean negative = in.getByte(from) == '-';
        int i = negative ? from + 1 : from;
        if (i >= to || in.getByte(i) < '1' || in.getByte(i) > '9') {
            return false;
        }
        long value = 0; // accumulated negatively: the negative range is one larger
        for (; i < to; i++) {
            int digit = in.getByte(i) - '0';
            if (digit < 0 || digit > 9 || value < (Long.MIN_VALUE + digit) / 10) {
                return false;
            }
            value = value * 10 - digit;
        }
        if (!negative && value == Long.MIN_VALUE) {
            return false;
        }
        parsed = negative ? value : -value;
        return true;
    }
}
