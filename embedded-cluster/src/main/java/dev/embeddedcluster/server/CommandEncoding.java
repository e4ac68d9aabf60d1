package dev.embeddedcluster.server;

import dev.embeddedcluster.util.Ascii;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.util.List;

/** Commands as a server reads them: RESP arrays of bulk strings, as a master streams them and MIGRATE sends them. */
final class CommandEncoding {
    private static final short CRLF = ('\r' << 8) | '\n';

    private CommandEncoding() {
    }

    /** The commands in one buffer of exactly their encoded length (see {@link ReplicationStream#encodedLength}). */
    static ByteBuf encode(List<byte[][]> commands) {
        long length = 0;
        for (byte[][] command : commands) {
            length += ReplicationStream.encodedLength(command);
        }
        ByteBuf out = Unpooled.buffer((int) length);
        for (byte[][] command : commands) {
            out.writeByte('*').writeBytes(Ascii.bytes(Integer.toString(command.length))).writeShort(CRLF);
            for (byte[] arg : command) {
                out.writeByte('$').writeBytes(Ascii.bytes(Integer.toString(arg.length))).writeShort(CRLF);
                out.writeBytes(arg).writeShort(CRLF);
            }
        }
        return out;
    }
}
