package dev.embeddedcluster.compare;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A MIGRATE target for the comparison tests, on a fixed port so that the recorded commands name
 * it: it reads RESP commands and answers each by its arguments, the same to the real server and
 * to the emulator. AUTH with the password "wrong" fails, SELECT 9 fails, RESTORE (or
 * RESTORE-ASKING) of a key starting with "busy" fails, one starting with "hang" gets no answer,
 * one starting with "drop" closes the connection, any other is accepted.
 */
final class FakeMigrateTarget implements AutoCloseable {
    static final int PORT = 46391;

    private final ServerSocket server;
    private final List<Socket> connections = new ArrayList<>();

    FakeMigrateTarget() throws IOException {
        server = new ServerSocket(PORT, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "fake-migrate-target");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                synchronized (connections) {
                    connections.add(socket);
                }
                Thread serving = new Thread(() -> serve(socket), "fake-migrate-connection");
                serving.setDaemon(true);
                serving.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (true) {
                List<String> command = readCommand(in);
                if (command == null) {
                    return;
                }
                String name = command.get(0).toUpperCase(java.util.Locale.ROOT);
                String reply;
                if (name.equals("AUTH")) {
                    reply = command.get(command.size() - 1).equals("wrong")
                            ? "-WRONGPASS invalid username-password pair or user is disabled." : "+OK";
                } else if (name.equals("SELECT")) {
                    reply = command.get(1).equals("9") ? "-ERR DB index is out of range" : "+OK";
                } else if (name.startsWith("RESTORE")) {
                    String key = command.get(1);
                    if (key.startsWith("hang")) {
                        continue;
                    }
                    if (key.startsWith("drop")) {
                        return;
                    }
                    reply = key.startsWith("busy") ? "-BUSYKEY Target key name already exists." : "+OK";
                } else {
                    reply = "-ERR unknown command";
                }
                out.write((reply + "\r\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException gone) {
            // the migrating server closed the connection
        }
    }

    private static List<String> readCommand(InputStream in) throws IOException {
        String header = readLine(in);
        if (header == null) {
            return null;
        }
        int count = Integer.parseInt(header.substring(1));
        List<String> args = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int length = Integer.parseInt(readLine(in).substring(1));
            byte[] bytes = in.readNBytes(length + 2);
            args.add(new String(bytes, 0, length, StandardCharsets.ISO_8859_1));
        }
        return args;
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                return null;
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        server.close();
        synchronized (connections) {
            for (Socket socket : connections) {
                socket.close();
            }
        }
    }
}
