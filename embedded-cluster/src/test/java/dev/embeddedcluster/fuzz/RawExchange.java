package dev.embeddedcluster.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * Bytes sent on a fresh connection and everything the server answered, until it closed the
 * connection or went quiet for a while: "&lt;closed&gt;" or "&lt;open&gt;" ends the transcript.
 */
final class RawExchange {
    private RawExchange() {
    }

    /** Opens a connection to {@code port}, sends {@code bytes} at once; the caller reads with {@link #transcript}. */
    static Socket send(int port, byte[] bytes) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return socket;
    }

    /**
     * What arrived on the socket until it closed or stayed quiet for {@code quietMillis}, appended to
     * {@code sofar}; the socket is closed afterwards only when the server closed it.
     */
    static String transcript(Socket socket, ByteArrayOutputStream sofar, int quietMillis) throws IOException {
        socket.setSoTimeout(quietMillis);
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[8192];
        String end;
        while (true) {
            try {
                int n = in.read(buffer);
                if (n < 0) {
                    end = "<closed>";
                    break;
                }
                sofar.write(buffer, 0, n);
            } catch (SocketTimeoutException quiet) {
                end = "<open>";
                break;
            } catch (IOException reset) {
                end = "<closed>";
                break;
            }
        }
        return new String(sofar.toByteArray(), StandardCharsets.ISO_8859_1) + end;
    }
}
