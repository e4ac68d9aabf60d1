package dev.embeddedcluster.command.monitor;

import dev.embeddedcluster.command.Client;

import java.util.ArrayList;
import java.util.List;

/**
 * The clients of one node in MONITOR mode, and what they are shown: each command run, after it
 * ran, as Redis formats it ("+<seconds>.<micros> [0 <client address>] "arg" ..."), except the
 * commands Redis keeps from monitors (administrative ones and those flagged skip_monitor), and
 * with passwords hidden ({@link MonitorRedaction}).
 */
public final class Monitors {
    private final List<Client> monitors = new ArrayList<>();

    public boolean isEmpty() {
        return monitors.isEmpty();
    }

    public void add(Client client) {
        if (!monitors.contains(client)) {
            monitors.add(client);
            client.monitoring(true);
        }
    }

    /** The client leaves MONITOR mode (RESET, disconnection). */
    public void remove(Client client) {
        monitors.remove(client);
        client.monitoring(false);
    }

    /** Shows a command a client ran to every monitor. */
    public void feed(Client client, byte[][] command, long micros) {
        byte[][] args = MonitorRedaction.apply(command);
        StringBuilder line = new StringBuilder();
        line.append(micros / 1_000_000).append('.').append(String.format("%06d", micros % 1_000_000));
        line.append(" [0 ").append(client.script() ? "lua" : client.remoteAddress()).append("] ");
        for (int i = 0; i < args.length; i++) {
            if (i > 0) {
                line.append(' ');
            }
            quote(line, args[i]);
        }
        String text = line.toString();
        for (Client monitor : new ArrayList<>(monitors)) {
            monitor.deliver(w -> w.simple(text));
        }
    }

    /** Redis's sdscatrepr: in double quotes, with C escapes and \\xHH for other unprintable bytes. */
    static void quote(StringBuilder out, byte[] bytes) {
        out.append('"');
        for (byte b : bytes) {
            int c = b & 0xff;
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 7 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        out.append((char) c);
                    } else {
                        out.append(String.format("\\x%02x", c));
                    }
                }
            }
        }
        out.append('"');
    }
}
