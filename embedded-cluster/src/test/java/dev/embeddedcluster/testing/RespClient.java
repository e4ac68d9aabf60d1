package dev.embeddedcluster.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A test client that sends commands as multibulk and returns each reply as its exact bytes
 * (CRLFs included), so tests can compare replies byte for byte. Every read has a timeout.
 */
public final class RespClient implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    public RespClient(String host, int port) {
        try {
            socket = new Socket(host, port);
            socket.setSoTimeout(5000);
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        write(frame, "*" + command.length + "\r\n");
        for (byte[] bytes : command) {
            write(frame, "$" + bytes.length + "\r\n");
            frame.writeBytes(bytes);
            write(frame, "\r\n");
        }
        sendRaw(frame.toByteArray());
    }

    /** Sends a command of binary arguments and returns its reply as text. */
    public String call(byte[]... command) {
        send(command);
        return readReply();
    }

    /** Sends a command whose reply is a bulk string and returns its bytes exactly (null for a null reply). */
    public byte[] callForBulk(String... command) {
        send(command);
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        try {
            readInto(reply);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] raw = reply.toByteArray();
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
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        try {
            readInto(reply);
        } catch (ClosedByServer e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return reply.toByteArray();
    }

    /** Whether the server closed the connection (end of stream within the timeout). */
    public boolean closedByServer() {
        try {
            return in.read() == -1;
        } catch (IOException e) {
            return true;
        }
    }

    /** Whether a reply (or anything) arrives within the time, without consuming it. */
    public boolean replyWithin(long millis) {
        try {
            socket.setSoTimeout((int) millis);
            in.mark(1);
            boolean arrived = in.read() != -1;
            in.reset();
            return arrived;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                socket.setSoTimeout(5000);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Thrown when the server closed the connection where a reply was expected. */
    public static final class ClosedByServer extends UncheckedIOException {
        ClosedByServer() {
            super(new IOException("connection closed before a reply"));
        }
    }

    private void readInto(ByteArrayOutputStream reply) throws IOException {
        int type = in.read();
        if (type == -1) {
            throw new ClosedByServer();
        }
        reply.write(type);
        String line = readLine(reply);
        switch (type) {
            case '$', '=', '!' -> {
                int length = Integer.parseInt(line);
                if (length >= 0) {
                    reply.writeBytes(in.readNBytes(length + 2));
                }
            }
            case '*', '~', '>' -> {
                int count = Integer.parseInt(line);
                for (int i = 0; i < count; i++) {
                    readInto(reply);
                }
            }
            case '%', '|' -> {
                int pairs = Integer.parseInt(line);
                for (int i = 0; i < pairs * 2; i++) {
                    readInto(reply);
                }
            }
            default -> {
                // simple string, error, integer, double, boolean, null, big number: one line
            }
        }
    }

    private String readLine(ByteArrayOutputStream reply) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\r') {
            if (c == -1) {
                throw new IOException("connection closed inside a reply");
            }
            line.append((char) c);
        }
        in.read();
        reply.writeBytes(line.toString().getBytes(StandardCharsets.ISO_8859_1));
        reply.writeBytes(new byte[] {'\r', '\n'});
        return line.toString();
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a test socket
        }
    }
}
