package dev.embeddedcluster.resp;

import io.netty.buffer.ByteBuf;

/**
 * Reads back, element by element, a reply a {@link RespWriter} encoded (what a Lua script's
 * redis.call receives), so that readers above the codec never see its buffers. One reader is
 * reused for every reply: {@link #takeFrom} gives it the next, {@link #release} lets it go.
 */
public final class RespReader {
    private ByteBuf in;

    /** Takes what the writer holds as the reply to read; false when the writer holds nothing. */
    public boolean takeFrom(RespWriter writer) {
        release();
        in = writer.take();
        return in != null;
    }

    /** The next byte, not consumed. */
    public byte peekByte() {
        return in.getByte(in.readerIndex());
    }

    public byte readByte() {
        return in.readByte();
    }

    /** The bytes up to the next CRLF, which is skipped. */
    public byte[] readLine() {
        int end = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\r');
        byte[] line = new byte[end - in.readerIndex()];
        in.readBytes(line);
        in.skipBytes(2);
        return line;
    }

    /** The next {@code length} bytes, then skips the CRLF after them. */
    public byte[] readBytes(int length) {
        byte[] value = new byte[length];
        in.readBytes(value);
        in.skipBytes(2);
        return value;
    }

    /** Lets the reply go (its buffer is released); nothing when there is none. */
    public void release() {
        ByteBuf taken = in;
        in = null;
        if (taken != null) {
            taken.release();
        }
    }
}
