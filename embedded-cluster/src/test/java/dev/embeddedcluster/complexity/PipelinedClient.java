package dev.embeddedcluster.complexity;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A RESP2 connection that sends many commands before reading their replies, so that a batch
 * costs about what the server spends on it. Replies are read and dropped; an error reply fails.
 */
final class PipelinedClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    PipelinedClient(String host, int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), 5_000);
        socket.setSoTimeout(60_000);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
    }

    /** Sends every command, then reads as many replies; returns the nanoseconds it all took. */
    long run(List<String[]> commands) throws IOException {
        byte[] encoded = encode(commands);
        long start = System.nanoTime();
        out.write(encoded);
        out.flush();
        for (String[] command : commands) {
            skipReply(String.join(" ", command));
        }
        return System.nanoTime() - start;
    }

    private static byte[] encode(List<String[]> commands) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (String[] command : commands) {
            bytes.writeBytes(("*" + command.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (String argument : command) {
                byte[] b = argument.getBytes(StandardCharsets.UTF_8);
                bytes.writeBytes(("$" + b.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                bytes.writeBytes(b);
                bytes.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
        }
        return bytes.toByteArray();
    }

    private void skipReply(String command) throws IOException {
        int type = in.read();
        String line = readLine();
        switch (type) {
            case '+', ':' -> { }
            case '-' -> throw new IllegalStateException(command + " answered -" + line);
            case '$' -> {
                long length = Long.parseLong(line);
                if (length >= 0) {
                    skip(length + 2);
                }
            }
            case '*' -> {
                long count = Long.parseLong(line);
                for (long i = 0; i < count; i++) {
                    skipReply(command);
                }
            }
            case -1 -> throw new EOFException("connection closed awaiting the reply to " + command);
            default -> throw new IOException("unexpected reply type " + (char) type + " to " + command);
        }
    }

    private void skip(long n) throws IOException {
        long left = n;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EOFException();
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new EOFException();
            }
            line.append((char) c);
        }
        in.read();
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
