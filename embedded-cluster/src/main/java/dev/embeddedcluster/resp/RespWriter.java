package dev.embeddedcluster.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes semantic replies (maps, sets, doubles, nulls, pushes) into a connection's output buffer.
 * The connection's protocol, 2 or 3 as chosen by HELLO, decides the bytes, the way Redis's
 * addReplyMapLen and friends do. One writer per connection, used only on the node's thread.
 */
public final class RespWriter {
    private static final int CRLF_SHORT = '\r' << 8 | '\n';
    /** Up to this length, bytes are copied one by one: a bulk copy into direct memory costs more. */
    private static final int SMALL_COPY = 32;
    private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_BULK = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_ARRAY = "*-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RESP3_NULL = "_\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int SHARED_INTEGERS = 1024;
    private static final byte[][] INTEGER_REPLIES = new byte[SHARED_INTEGERS][];
    private static final byte[][] DECIMALS = new byte[SHARED_INTEGERS][];

    static {
        for (int i = 0; i < SHARED_INTEGERS; i++) {
            INTEGER_REPLIES[i] = (":" + i + "\r\n").getBytes(StandardCharsets.US_ASCII);
            DECIMALS[i] = Integer.toString(i).getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** Told of the error replies written, which a server counts (INFO errorstats). */
    public interface ErrorListener {
        /** An error reply was written; {@code text} carries its prefix ("ERR ...", "WRONGTYPE ..."). */
        void errorReplied(CharSequence text);

        /** An error that was counted when it was first replied is passed on (a script's redis.call error). */
        void errorRelayed();
    }

    private final ByteBufAllocator allocator;
    private ByteBuf out;
    private int protocol = 2;
    private ErrorListener errors;

    public RespWriter(ByteBufAllocator allocator) {
        this.allocator = allocator;
    }

    /** Who counts this writer's error replies (null: nobody). */
    public void errorListener(ErrorListener listener) {
        this.errors = listener;
    }

    public ErrorListener errorListener() {
        return errors;
    }

    public int protocol() {
        return protocol;
    }

    public void protocol(int protocol) {
        this.protocol = protocol;
    }

    public boolean resp3() {
        return protocol == 3;
    }

    /** Hands over everything written since the last call, or null when nothing was written. */
    public ByteBuf take() {
        ByteBuf taken = out;
        out = null;
        return taken;
    }

    /** A writer whose buffers come from Netty's default (pooled) allocator. */
    public static RespWriter pooled() {
        return new RespWriter(io.netty.buffer.ByteBufAllocator.DEFAULT);
    }

    /** A writer whose buffers are unpooled heap buffers. */
    public static RespWriter unpooled() {
        return new RespWriter(io.netty.buffer.UnpooledByteBufAllocator.DEFAULT);
    }

    /** Drops everything written since the last {@link #take()} (its buffer is released). */
    public void discard() {
        ByteBuf taken = take();
        if (taken != null) {
            taken.release();
        }
    }

    /** Forgets what was written after {@code mark}, a value {@link #pendingBytes()} returned. */
    public void truncate(int mark) {
        if (out != null) {
            out.writerIndex(mark);
        }
    }

    /**
     * Forgets what was written after {@code mark} except the ranges given as from, to pairs
     * (the first {@code count} values of {@code kept}, in order, all after {@code mark}).
     */
    public void truncateKeeping(int mark, int[] kept, int count) {
        if (out == null) {
            return;
        }
        int total = 0;
        for (int i = 0; i < count; i += 2) {
            total += kept[i + 1] - kept[i];
        }
        byte[] keptBytes = new byte[total];
        int at = 0;
        for (int i = 0; i < count; i += 2) {
            out.getBytes(kept[i], keptBytes, at, kept[i + 1] - kept[i]);
            at += kept[i + 1] - kept[i];
        }
        out.writerIndex(mark);
        out.writeBytes(keptBytes);
    }

    public int pendingBytes() {
        return out == null ? 0 : out.readableBytes();
    }

    private ByteBuf buf() {
        ByteBuf b = out;
        if (b == null) {
            b = out = allocator.ioBuffer(256);
        }
        return b;
    }

    public void ok() {
        writeSmall(buf(), OK);
    }

    public void simple(String text) {
        ByteBuf b = buf();
        b.writeByte('+');
        b.writeCharSequence(text, StandardCharsets.UTF_8);
        b.writeShort(CRLF_SHORT);
    }

    /** An array of simple strings: what the HELP subcommands reply. */
    public void simpleArray(List<String> lines) {
        arrayHeader(lines.size());
        for (String line : lines) {
            simple(line);
        }
    }

    /** An error reply; the text carries its own prefix ("ERR ...", "MOVED ...", "WRONGTYPE ..."). */
    public void error(String text) {
        ByteBuf b = buf();
        b.writeByte('-');
        b.writeCharSequence(oneLine(text), StandardCharsets.UTF_8);
        b.writeShort(CRLF_SHORT);
        if (errors != null) {
            errors.errorReplied(text);
        }
    }

    /** An error's text with CR and LF as spaces, as Redis writes a formatted error: a line break would end the reply. */
    private static String oneLine(String text) {
        return text.indexOf('\r') < 0 && text.indexOf('\n') < 0 ? text : text.replace('\r', ' ').replace('\n', ' ');
    }

    /** An error reply that passes on an error counted when it was first replied. */
    public void relayedError(String text) {
        ByteBuf b = buf();
        b.writeByte('-');
        b.writeCharSequence(text, StandardCharsets.UTF_8);
        b.writeShort(CRLF_SHORT);
        if (errors != null) {
            errors.errorRelayed();
        }
    }

    /**
     * An error reply whose text is bytes (one char per byte in {@code latin1}); {@code counted}
     * false when it passes on an error that was counted already.
     */
    public void rawError(byte[] latin1, boolean counted) {
        ByteBuf b = buf();
        b.writeByte('-');
        b.writeBytes(latin1);
        b.writeShort(CRLF_SHORT);
        if (errors != null) {
            if (counted) {
                errors.errorReplied(new String(latin1, StandardCharsets.ISO_8859_1));
            } else {
                errors.errorRelayed();
            }
        }
    }

    public void integer(long value) {
        if (value >= 0 && value < SHARED_INTEGERS) {
            writeSmall(buf(), INTEGER_REPLIES[(int) value]);
            return;
        }
        ByteBuf b = buf();
        b.writeByte(':');
        writeDecimal(b, value);
        b.writeShort(CRLF_SHORT);
    }

    public void bulk(byte[] value) {
        if (value == null) {
            nullBulk();
            return;
        }
        ByteBuf b = buf();
        b.ensureWritable(value.length + 16);
        b.writeByte('$');
        writeDecimal(b, value.length);
        b.writeShort(CRLF_SHORT);
        writeSmall(b, value);
        b.writeShort(CRLF_SHORT);
    }

    public void bulk(byte[] value, int offset, int length) {
        ByteBuf b = buf();
        b.ensureWritable(length + 16);
        b.writeByte('$');
        writeDecimal(b, length);
        b.writeShort(CRLF_SHORT);
        b.writeBytes(value, offset, length);
        b.writeShort(CRLF_SHORT);
    }

    /** A bulk string from text, encoded as UTF-8. */
    public void bulk(String value) {
        if (value == null) {
            nullBulk();
            return;
        }
        bulk(value.getBytes(StandardCharsets.UTF_8));
    }

    /** A number sent as a bulk string, as Redis does for ROLE offsets and INCRBYFLOAT results. */
    public void bulkDecimal(long value) {
        if (value >= 0 && value < SHARED_INTEGERS) {
            bulk(DECIMALS[(int) value]);
        } else {
            bulk(Long.toString(value).getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** A missing value: $-1 in RESP2, _ in RESP3. */
    public void nullBulk() {
        buf().writeBytes(protocol == 3 ? RESP3_NULL : NULL_BULK);
    }

    /** A missing aggregate: *-1 in RESP2, _ in RESP3. */
    public void nullArray() {
        buf().writeBytes(protocol == 3 ? RESP3_NULL : NULL_ARRAY);
    }

    public void arrayHeader(int length) {
        header('*', length);
    }

    /** A map of {@code pairs} key/value pairs: %n in RESP3, a flat array of 2n in RESP2. */
    public void mapHeader(int pairs) {
        if (protocol == 3) {
            header('%', pairs);
        } else {
            header('*', pairs * 2);
        }
    }

    /** A set: ~n in RESP3, an array in RESP2. */
    public void setHeader(int length) {
        header(protocol == 3 ? '~' : '*', length);
    }

    /** An out-of-band push: >n in RESP3, an array in RESP2. */
    public void pushHeader(int length) {
        header(protocol == 3 ? '>' : '*', length);
    }

    /** A double: ,d in RESP3, a bulk string in RESP2, formatted as Redis 7.0 does (%.17g). */
    public void doubleValue(double value) {
        doubleText(RedisDoubles.format(value));
    }

    /**
     * A double written the "human" way (%.17Lf, trailing zeros dropped), as Redis replies GEOPOS
     * coordinates: ,d in RESP3, a bulk string in RESP2.
     */
    public void humanDouble(double value) {
        doubleText(RedisDoubles.formatHuman(value));
    }

    private void doubleText(String text) {
        if (protocol == 3) {
            ByteBuf b = buf();
            b.writeByte(',');
            b.writeCharSequence(text, StandardCharsets.US_ASCII);
            b.writeShort(CRLF_SHORT);
        } else {
            bulk(text.getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** A boolean: #t/#f in RESP3, :1/:0 in RESP2. */
    public void bool(boolean value) {
        if (protocol == 3) {
            buf().writeBytes(value ? "#t\r\n".getBytes(StandardCharsets.US_ASCII) : "#f\r\n".getBytes(StandardCharsets.US_ASCII));
        } else {
            integer(value ? 1 : 0);
        }
    }

    /** Verbatim text (INFO, CLIENT LIST): =len\r\ntxt:... in RESP3, a bulk string in RESP2. */
    public void verbatim(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (protocol != 3) {
            bulk(bytes);
            return;
        }
        ByteBuf b = buf();
        b.writeByte('=');
        writeDecimal(b, bytes.length + 4);
        b.writeShort(CRLF_SHORT);
        b.writeCharSequence("txt:", StandardCharsets.US_ASCII);
        b.writeBytes(bytes);
        b.writeShort(CRLF_SHORT);
    }

    /** Appends what another writer produced (the buffer is released), or nothing for null. */
    public void append(ByteBuf encoded) {
        if (encoded == null) {
            return;
        }
        try {
            if (encoded.isReadable()) {
                buf().writeBytes(encoded);
            }
        } finally {
            encoded.release();
        }
    }

    /** Appends everything another writer holds, taking it from that writer. */
    public void appendTaken(RespWriter other) {
        append(other.take());
    }

    /** Raw, already encoded RESP bytes. */
    public void raw(byte[] encoded) {
        buf().writeBytes(encoded);
    }

    private void header(char type, int length) {
        ByteBuf b = buf();
        b.writeByte(type);
        writeDecimal(b, length);
        b.writeShort(CRLF_SHORT);
    }

    private static void writeSmall(ByteBuf b, byte[] bytes) {
        if (bytes.length > SMALL_COPY) {
            b.writeBytes(bytes);
            return;
        }
        b.ensureWritable(bytes.length);
        int at = b.writerIndex();
        for (byte x : bytes) {
            b.setByte(at++, x);
        }
        b.writerIndex(at);
    }

    private static void writeDecimal(ByteBuf b, long value) {
        if (value == Long.MIN_VALUE) {
            b.writeCharSequence("-9223372036854775808", StandardCharsets.US_ASCII);
            return;
        }
        if (value < 0) {
            b.writeByte('-');
            value = -value;
        }
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        b.ensureWritable(digits);
        int end = b.writerIndex() + digits;
        for (int i = end - 1; i >= b.writerIndex(); i--) {
            b.setByte(i, (int) ('0' + value % 10));
            value /= 10;
        }
        b.writerIndex(end);
    }
}
