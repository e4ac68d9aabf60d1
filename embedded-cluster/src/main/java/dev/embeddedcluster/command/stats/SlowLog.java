package dev.embeddedcluster.command.stats;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The commands that ran longer than slowlog-log-slower-than microseconds (0: every command, a
 * negative value: none), newest first, at most slowlog-max-len of them. Arguments are kept as
 * Redis keeps them: at most 32, the last of which then says how many more there were, each cut
 * to 128 bytes with a note of how many bytes were left out. Node thread only.
 */
public final class SlowLog {
    static final int MAX_ARGS = 32;
    static final int MAX_ARG_BYTES = 128;

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private long nextId;
    private long slowerThanMicros = 10_000;
    private int maxLength = 128;

    /** One logged command. */
    public record Entry(long id, long unixSeconds, long micros, byte[][] args, String address, String clientName) {
    }

    public void configure(long slowerThanMicros, long maxLength) {
        this.slowerThanMicros = slowerThanMicros;
        this.maxLength = (int) Math.min(Math.max(0, maxLength), Integer.MAX_VALUE);
        trim();
    }

    /** Whether a command that ran this long is logged: the check a call makes before {@link #add}. */
    public boolean logs(long micros) {
        return slowerThanMicros >= 0 && micros >= slowerThanMicros;
    }

    /**
     * Logs a command ({@code command}: its full name) with its arguments as sent, secrets hidden;
     * they are copied as far as they are kept.
     */
    public void add(String command, byte[][] sent, long micros, long unixSeconds, String address, String clientName) {
        byte[][] args = Redaction.redact(command, sent);
        int argc = args.length;
        int kept = Math.min(argc, MAX_ARGS);
        byte[][] copy = new byte[kept][];
        for (int i = 0; i < kept; i++) {
            if (kept != argc && i == kept - 1) {
                copy[i] = ("... (" + (argc - kept + 1) + " more arguments)").getBytes(StandardCharsets.US_ASCII);
            } else if (args[i].length > MAX_ARG_BYTES) {
                byte[] note = ("... (" + (args[i].length - MAX_ARG_BYTES) + " more bytes)").getBytes(StandardCharsets.US_ASCII);
                copy[i] = new byte[MAX_ARG_BYTES + note.length];
                System.arraycopy(args[i], 0, copy[i], 0, MAX_ARG_BYTES);
                System.arraycopy(note, 0, copy[i], MAX_ARG_BYTES, note.length);
            } else {
                copy[i] = args[i].clone();
            }
        }
        entries.addFirst(new Entry(nextId++, unixSeconds, micros, copy, address, clientName));
        trim();
    }

    private void trim() {
        while (entries.size() > maxLength) {
            entries.removeLast();
        }
    }

    public int length() {
        return entries.size();
    }

    /** The newest entries first. */
    public Iterator<Entry> newestFirst() {
        return entries.iterator();
    }

    public void reset() {
        entries.clear();
    }
}
