package dev.embeddedcluster.testing;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/** PING over a new TLS connection, to tell a node that serves a client from one that refuses its handshake. */
public final class TlsPing {
    private TlsPing() {
    }

    /**
     * The reply ({@code +PONG\r\n}), or empty when the node refused the handshake: with TLS 1.3 the
     * client finishes its side first and hears of the refusal when it reads.
     */
    public static String ping(SSLContext context, String host, int port) throws IOException {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress(host, port), 2000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readNBytes(7), StandardCharsets.US_ASCII);
        } catch (SSLException | SocketException refused) {
            return "";
        }
    }
}
