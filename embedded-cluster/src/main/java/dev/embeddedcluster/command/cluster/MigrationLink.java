package dev.embeddedcluster.command.cluster;

import dev.embeddedcluster.command.MigrateTargets;
import dev.embeddedcluster.util.Ascii;

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
 * MIGRATE's synchronous exchange, for where its client cannot block (inside MULTI/EXEC or a
 * script): a socket of its own, within the timeout, as Redis talks to the target while its
 * node waits. Sends the commands pipelined and reads one status line for each; like Redis, it
 * tries once more on a new connection when one fails, not by timeout, before any RESTORE was
 * answered.
 */
final class MigrationLink {
    static final String CONNECTING = "IOERR error or timeout connecting to the client";
    static final String WRITING = "IOERR error or timeout writing to target instance";
    static final String READING = "IOERR error or timeout reading to target instance";
    private static final byte[] SELECT = Ascii.bytes("SELECT");

    private MigrationLink() {
    }

    private static final class Failed extends Exception {
        final String reply;
        final boolean timedOut;

        Failed(String reply, boolean timedOut) {
            super(reply, null, false, false);
            this.reply = reply;
            this.timedOut = timedOut;
        }
    }

    static MigrateTargets.Result exchange(javax.net.SocketFactory sockets, String host, int port, int timeoutMillis, MigrateTargets.Batch batch) {
        List<byte[][]> commands = new ArrayList<>();
        if (batch.auth() != null) {
            commands.add(batch.auth());
        }
        commands.add(new byte[][] {SELECT, Ascii.bytes(Long.toString(batch.db()))});
        commands.addAll(batch.restores());
        int preamble = commands.size() - batch.restores().size();
        List<String> replies = new ArrayList<>();
        String error = attempt(sockets, host, port, timeoutMillis, commands, replies, preamble, true);
        int at = 0;
        String auth = batch.auth() != null && replies.size() > at ? replies.get(at++) : null;
        String select = replies.size() > at ? replies.get(at++) : null;
        return new MigrateTargets.Result(error, auth, select, List.copyOf(replies.subList(Math.min(at, replies.size()), replies.size())));
    }

    private static String attempt(javax.net.SocketFactory sockets, String host, int port, int timeoutMillis, List<byte[][]> commands,
                                  List<String> replies, int preamble, boolean mayRetry) {
        replies.clear();
        try (Socket socket = sockets.createSocket()) {
            connect(socket, host, port, timeoutMillis);
            try {
                socket.setSoTimeout(timeoutMillis);
                OutputStream out = socket.getOutputStream();
                out.write(encode(commands));
                out.flush();
            } catch (SocketTimeoutException e) {
                throw new Failed(WRITING, true);
            } catch (IOException e) {
                throw new Failed(WRITING, false);
            }
            try {
                InputStream in = new BufferedInputStream(socket.getInputStream());
                for (int i = 0; i < commands.size(); i++) {
                    replies.add(readLine(in));
                }
                return null;
            } catch (SocketTimeoutException e) {
                throw new Failed(READING, true);
            } catch (IOException e) {
                throw new Failed(READING, false);
            }
        } catch (Failed failed) {
            if (failed.reply.equals(CONNECTING)) {
                return CONNECTING;
            }
            if (!failed.timedOut && mayRetry && replies.size() <= preamble) {
                return attempt(sockets, host, port, timeoutMillis, commands, replies, preamble, false);
            }
            return failed.reply;
        } catch (IOException closing) {
            return READING;
        }
    }

    /**
     * Redis connects without waiting for the handshake's outcome: a refused connection shows
     * only when it writes, while a name that does not resolve or a connection that times out
     * fails the connect itself.
     */
    private static void connect(Socket socket, String host, int port, int timeoutMillis) throws Failed {
        try {
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
        } catch (ConnectException refused) {
            throw new Failed(WRITING, false);
        } catch (SocketTimeoutException | UnknownHostException | IllegalArgumentException e) {
            throw new Failed(CONNECTING, true);
        } catch (IOException e) {
            throw new Failed(WRITING, false);
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
