package dev.embeddedcluster.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A {@link RespClient.Transport} over a TCP connection; every read times out after 5 s. */
public final class SocketTransport implements RespClient.Transport {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    public SocketTransport(String host, int port) {
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

    @Override
    public void send(byte[][] command) {
        sendRaw(RespClient.frame(command));
    }

    @Override
    public void sendRaw(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public byte[] readReply() {
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        try {
            readInto(reply);
        } catch (RespClient.ClosedByServer e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return reply.toByteArray();
    }

    @Override
    public boolean closedByServer() {
        try {
            return in.read() == -1;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
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

    /** Reads one reply, counting the elements still due rather than recursing (replies nest thousands deep). */
    private void readInto(ByteArrayOutputStream reply) throws IOException {
        long due = 1;
        while (due > 0) {
            due--;
            int type = in.read();
            if (type == -1) {
                throw new RespClient.ClosedByServer();
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
                case '*', '~', '>' -> due += Math.max(0, Integer.parseInt(line));
                case '%', '|' -> due += 2L * Math.max(0, Integer.parseInt(line));
                default -> {
                    // simple string, error, integer, double, boolean, null, big number: one line
                }
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

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a test socket
        }
    }
}
