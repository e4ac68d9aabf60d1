package dev.embeddedcluster.junit;

import dev.embeddedcluster.ClusterNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A raw RESP connection to one node, sending inline commands. */
final class RawConnection implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawConnection(ClusterNode node) throws IOException {
        this(node.host(), node.port());
    }

    RawConnection(String host, int port) throws IOException {
        socket = new Socket(host, port);
        socket.setSoTimeout(5000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** Sends a command and returns its reply: a line, or a bulk string's content. */
    String call(String inlineCommand) throws IOException {
        send(inlineCommand);
        return readReply();
    }

    /** Sends a command without reading its reply. */
    void send(String inlineCommand) throws IOException {
        out.write((inlineCommand + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Reads the next reply: a line, or a bulk string's content. */
    String readReply() throws IOException {
        String line = readLine();
        if (!line.startsWith("$") || line.equals("$-1")) {
            return line;
        }
        byte[] body = in.readNBytes(Integer.parseInt(line.substring(1)) + 2);
        return new String(body, 0, body.length - 2, StandardCharsets.UTF_8);
    }

    /** Sends a command whose reply is an array of bulk strings and returns their contents. */
    java.util.List<String> callArray(String inlineCommand) throws IOException {
        out.write((inlineCommand + "\r\n").getBytes(StandardCharsets.UTF_8));
        String header = readLine();
        java.util.List<String> elements = new java.util.ArrayList<>();
        for (int i = 0; i < Integer.parseInt(header.substring(1)); i++) {
            String line = readLine();
            byte[] body = in.readNBytes(Integer.parseInt(line.substring(1)) + 2);
            elements.add(new String(body, 0, body.length - 2, StandardCharsets.UTF_8));
        }
        return elements;
    }

    /** Reads and drops the rest of a reply already received (what {@link #call} leaves of an aggregate). */
    void skipReceived() throws IOException {
        socket.setSoTimeout(300);
        try {
            while (in.available() > 0 || in.read() != -1) {
                in.skip(in.available());
                if (in.available() == 0) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            // nothing more
        } finally {
            socket.setSoTimeout(5000);
        }
    }

    /** Whether the server has closed this connection (end of stream within 300 ms). */
    boolean closedByServer() throws IOException {
        socket.setSoTimeout(300);
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n' && c != -1) {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
