package dev.embeddedcluster.command.stats;

import dev.embeddedcluster.resp.RespWriter;

import java.util.Map;
import java.util.TreeMap;

/**
 * The error replies a node sent, by their first word, as INFO errorstats lists them (in byte
 * order of the prefix), and their total (Redis 7.0 keeps every prefix it sees).
 * It also tells the command statistics whether an error was sent since they last asked. Node
 * thread only (and the script worker while it owns the node).
 */
public final class ErrorStats implements RespWriter.ErrorListener {
    private final Map<String, long[]> byPrefix = new TreeMap<>();
    private long total;
    private long seen;
    /** An error counted before (a script's redis.call error) was passed on by the running command. */
    private boolean relayed;

    @Override
    public void errorReplied(CharSequence text) {
        total++;
        String prefix = prefix(text);
        long[] count = byPrefix.get(prefix);
        if (count == null) {
            count = new long[1];
            byPrefix.put(prefix, count);
        }
        count[0]++;
    }

    @Override
    public void errorRelayed() {
        relayed = true;
    }

    /**
     * The error's code: its first word when a space ends it within the reply's first 32 bytes
     * (the '-' included, so a word of up to 30 characters), otherwise ERR, as Redis takes it.
     */
    private static String prefix(CharSequence text) {
        int end = 0;
        while (end < text.length() && end < 31 && text.charAt(end) != ' ') {
            end++;
        }
        return end == 0 || end == text.length() || end == 31 ? "ERR" : text.subSequence(0, end).toString();
    }

    /** Whether an error was sent (or passed on) since the last call; a command that ran then failed. */
    boolean takeFailure() {
        boolean failed = total != seen || relayed;
        seen = total;
        relayed = false;
        return failed;
    }

    public long total() {
        return total;
    }

    /** INFO errorstats' lines. */
    public void render(StringBuilder out) {
        byPrefix.forEach((prefix, count) -> out.append("errorstat_").append(prefix).append(":count=").append(count[0])
                .append("\r\n"));
    }

    public void reset() {
        byPrefix.clear();
        total = 0;
        seen = 0;
        relayed = false;
    }
}
