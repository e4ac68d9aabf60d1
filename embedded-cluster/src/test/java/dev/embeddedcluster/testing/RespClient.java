package dev.embeddedcluster.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A test client that sends commands as multibulk and returns each reply as its exact bytes
 * (CRLFs included), so tests can compare replies byte for byte. Every read has a timeout.
 * It talks through a {@link Transport}: a socket, or (for the comparison tests) a recording of
 * what a real redis-server answered.
 */
public final class RespClient implements AutoCloseable {
    /** What a client does with a server: the operations tests use, each replayable. */
    public interface Transport extends AutoCloseable {
        /** Sends one command as a multibulk. */
        void send(byte[][] command);

        /** Sends bytes exactly as given. */
        void sendRaw(byte[] bytes);

        /** Reads one complete reply, nested aggregates included; {@link ClosedByServer} if the server closed instead. */
        byte[] readReply();

        /** Whether the server closed the connection (end of stream within the timeout). */
        boolean closedByServer();

        /** Whether a reply (or anything) arrives within the time, without consuming it. */
        boolean replyWithin(long millis);

        @Override
        void close();
    }

    private final Transport transport;

    public RespClient(String host, int port) {
        this(new SocketTransport(host, port));
    }

    public RespClient(Transport transport) {
        this.transport = transport;
    }

    /** Sends one command and returns its reply's bytes as text. */
    public String call(String... command) {
        send(command);
        return readReply();
    }

    public void send(String... command) {
        byte[][] args = new byte[command.length][];
        for (int i = 0; i < command.length; i++) {
            args[i] = command[i].getBytes(StandardCharsets.UTF_8);
        }
        send(args);
    }

    /** Sends a command of binary arguments. */
    public void send(byte[]... command) {
        transport.send(command);
    }

    /** Sends a command of binary arguments and returns its reply as text. */
    public String call(byte[]... command) {
        send(command);
        return readReply();
    }

    /** Sends a command whose reply is a bulk string and returns its bytes exactly (null for a null reply). */
    public byte[] callForBulk(String... command) {
        send(command);
        byte[] raw = readReplyBytes();
        if (raw[0] != '$') {
            throw new IllegalStateException("not a bulk reply: " + new String(raw, StandardCharsets.UTF_8));
        }
        int headerEnd = 0;
        while (raw[headerEnd] != '\r') {
            headerEnd++;
        }
        int length = Integer.parseInt(new String(raw, 1, headerEnd - 1, StandardCharsets.US_ASCII));
        return length < 0 ? null : java.util.Arrays.copyOfRange(raw, headerEnd + 2, headerEnd + 2 + length);
    }

    /** Sends bytes exactly as given (inline commands, malformed input). */
    public void sendRaw(byte[] bytes) {
        transport.sendRaw(bytes);
    }

    /** Sends one command with binary arguments and returns its reply's exact bytes. */
    public byte[] callBinary(byte[]... command) {
        send(command);
        return readReplyBytes();
    }

    /** Reads one complete reply, nested aggregates included, and returns its bytes as text. */
    public String readReply() {
        return new String(readReplyBytes(), StandardCharsets.UTF_8);
    }

    /** Reads one complete reply, nested aggregates included, and returns its exact bytes. */
    public byte[] readReplyBytes() {
        return transport.readReply();
    }

    /** Whether the server closed the connection (end of stream within the timeout). */
    public boolean closedByServer() {
        return transport.closedByServer();
    }

    /** Whether a reply (or anything) arrives within the time, without consuming it. */
    public boolean replyWithin(long millis) {
        return transport.replyWithin(millis);
    }

    /** Thrown when the server closed the connection where a reply was expected. */
    public static final class ClosedByServer extends UncheckedIOException {
        public ClosedByServer() {
            super(new IOException("connection closed before a reply"));
        }
    }

    /** A multibulk frame: what {@link #send(byte[]...)} puts on the wire. */
    public static byte[] frame(byte[][] command) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.writeBytes(("*" + command.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] bytes : command) {
            frame.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            frame.writeBytes(bytes);
            frame.writeBytes(new byte[] {'\r', '\n'});
        }
        return frame.toByteArray();
    }

    @Override
    public void close() {
        transport.close();
    }
}
