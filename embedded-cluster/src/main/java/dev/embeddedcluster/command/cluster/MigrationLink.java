package dev.embeddedcluster.command.cluster;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * MIGRATE's connection to the target instance: a plain blocking socket, as Redis's MIGRATE
 * blocks its node while it talks to the target. Sends the commands pipelined and reads one
 * status line for each.
 */
final class MigrationLink {
    /** Why an exchange failed, in the words of MIGRATE's IOERR replies. */
    static final class Failure extends Exception {
        Failure(String reply) {
            super(reply, null, false, false);
        }
    }

    static final String CONNECTING = "IOERR error or timeout connecting to the client";
    static final String WRITING = "IOERR error or timeout writing to target instance";
    static final String READING = "IOERR error or timeout reading to target instance";

    private MigrationLink() {
    }

    /** Sends the commands and returns the first line of each reply, without its CRLF. */
    static List<String> exchange(String host, int port, int timeoutMillis, List<byte[][]> commands) throws Failure {
        try (Socket socket = new Socket()) {
            connect(socket, host, port, timeoutMillis);
            try {
                socket.setSoTimeout(timeoutMillis);
                OutputStream out = socket.getOutputStream();
                out.write(encode(commands));
                out.flush();
            } catch (IOException e) {
                throw new Failure(WRITING);
            }
            try {
                InputStream in = new BufferedInputStream(socket.getInputStream());
                List<String> replies = new ArrayList<>(commands.size());
                for (int i = 0; i < commands.size(); i++) {
                    replies.add(readLine(in));
                }
                return replies;
            } catch (IOException e) {
                throw new Failure(READING);
            }
        } catch (IOException closing) {
            throw new Failure(READING);
        }
    }

    /**
     * Redis connects without waiting for the handshake's outcome: a refused connection shows
     * only when it writes, while a name that does not resolve or a connection that times out
     * fails the connect itself.
     */
    private static void connect(Socket socket, String host, int port, int timeoutMillis) throws Failure {
        try {
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
        } catch (ConnectException refused) {
            throw new Failure(WRITING);
        } catch (SocketTimeoutException | UnknownHostException | IllegalArgumentException e) {
            throw new Failure(CONNECTING);
        } catch (IOException e) {
            throw new Failure(WRITING);
        }
    }

    private static byte[] encode(List<byte[][]> commands) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[][] command : commands) {
            ascii(out, "*" + command.length + "\r\n");
            for (byte[] arg : command) {
                ascii(out, "$" + arg.length + "\r\n");
                out.writeBytes(arg);
                ascii(out, "\r\n");
            }
        }
        return out.toByteArray();
    }

    private static void ascii(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("connection closed");
            }
            line.write(b);
        }
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }
}
