package dev.embeddedcluster.compare;

import dev.embeddedcluster.testing.RespClient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a real redis-server sent and received during the tests of one class, test by test: the
 * text file stored beside the tests (see {@link #HEADER}), read to replay it and written when
 * recording. Bytes outside printable ASCII are escaped, so the file reads and diffs as text.
 */
final class Recording {
    static final String HEADER = """
            # What redis-server 7.0.15 answered to this class's comparison tests, replayed by default.
            # Re-record: %s
            # One section per test ("== test"), then the time when it began ("0 clock" ms since the epoch: the
            # emulator's clock starts there when replaying), then each event on the real server's connections:
            #   <connection> > ARGS             a command sent (arguments in quotes where needed, C escapes)
            #   <connection> >> BYTES           bytes sent as they are
            #   <connection> < REPLY            a reply read; "=" instead of "<": a reply the test compares byte for
            #                                   byte (checked against the live server with -Dcompare.live=true)
            #   <connection> ># SHA256 N bytes: START...   bytes sent, over 1 KB: their SHA-256, length and start
            #   <connection> =# SHA256 N bytes: START...   the same for a reply over 1 KB that the test only compares
            #   <connection> wait N ms          the next reply came N ms after the test began to wait for it
            #   <connection> closed             the server closed the connection where a reply was awaited
            #   <connection> closedByServer B   what closedByServer() answered
            #   <connection> replyWithin MS B   what replyWithin(MS) answered
            """.formatted(RedisOracle.RERECORD);

    /** Payloads longer than this in the file are kept as their SHA-256 where a digest is enough. */
    static final int LONGEST = 1024;

    enum Kind { CLOCK, SENT, SENT_RAW, SENT_DIGEST, REPLY, REPLY_DIGEST, WAIT, CLOSED, CLOSED_BY_SERVER, REPLY_WITHIN }

    /**
     * One event on one connection. A reply may be marked compared (byte for byte) by the test, and
     * digestible: compared where it is read, so that its SHA-256 is all a replay needs.
     */
    static final class Event {
        final int connection;
        final Kind kind;
        final byte[][] command;
        final byte[] bytes;
        final long millis;
        final boolean answer;
        boolean compared;
        boolean digestible;
        /** For SENT_DIGEST and REPLY_DIGEST: the SHA-256 of the bytes, their length and how they start. */
        String sha256;
        long length;
        String start;

        private Event(int connection, Kind kind, byte[][] command, byte[] bytes, long millis, boolean answer) {
            this.connection = connection;
            this.kind = kind;
            this.command = command;
            this.bytes = bytes;
            this.millis = millis;
            this.answer = answer;
        }

        /** The clock when a test began (on connection 0, which is no connection). */
        static Event clock(long millis) {
            return new Event(0, Kind.CLOCK, null, null, millis, false);
        }

        static Event sent(int connection, byte[][] command) {
            return new Event(connection, Kind.SENT, command, null, 0, false);
        }

        static Event sentRaw(int connection, byte[] bytes) {
            return new Event(connection, Kind.SENT_RAW, null, bytes, 0, false);
        }

        static Event reply(int connection, byte[] bytes) {
            return new Event(connection, Kind.REPLY, null, bytes, 0, false);
        }

        static Event waited(int connection, long millis) {
            return new Event(connection, Kind.WAIT, null, null, millis, false);
        }

        static Event closed(int connection) {
            return new Event(connection, Kind.CLOSED, null, null, 0, false);
        }

        static Event closedByServer(int connection, boolean closed) {
            return new Event(connection, Kind.CLOSED_BY_SERVER, null, null, 0, closed);
        }

        static Event replyWithin(int connection, long millis, boolean arrived) {
            return new Event(connection, Kind.REPLY_WITHIN, null, null, millis, arrived);
        }

        static Event digest(int connection, Kind kind, String sha256, long length, String start) {
            Event event = new Event(connection, kind, null, null, 0, false);
            event.sha256 = sha256;
            event.length = length;
            event.start = start;
            return event;
        }

        /** The same event on the same connection (whether compared or not); a digest stands for the bytes sent. */
        boolean sameAs(Event other) {
            if (kind == Kind.SENT_DIGEST || other.kind == Kind.SENT_DIGEST) {
                return connection == other.connection && other.sent().equals(sent());
            }
            return connection == other.connection && kind == other.kind && Arrays.deepEquals(command, other.command)
                    && Arrays.equals(bytes, other.bytes) && millis == other.millis && answer == other.answer;
        }

        /** The SHA-256 of the bytes this event sent (an empty string for an event that sent nothing). */
        private String sent() {
            return switch (kind) {
                case SENT -> sha256(RespClient.frame(command));
                case SENT_RAW -> sha256(bytes);
                case SENT_DIGEST -> sha256;
                default -> "";
            };
        }

        /** The event as its line in the file, without the connection: long payloads as digests where they may be. */
        String describe() {
            String line = describeInFull();
            if (line.length() <= LONGEST) {
                return line;
            }
            int from = line.indexOf(' ') + 1;
            String shown = line.substring(from, from + 60);
            if (kind == Kind.SENT || kind == Kind.SENT_RAW) {
                byte[] wire = kind == Kind.SENT ? RespClient.frame(command) : bytes;
                return "># " + sha256(wire) + " " + wire.length + " bytes: " + shown + "...";
            }
            if (kind == Kind.REPLY && compared && digestible) {
                return "=# " + sha256(bytes) + " " + bytes.length + " bytes: " + shown + "...";
            }
            return line;
        }

        private String describeInFull() {
            return switch (kind) {
                case CLOCK -> "clock " + millis;
                case SENT_DIGEST -> "># " + sha256 + " " + length + " bytes: " + start;
                case REPLY_DIGEST -> "=# " + sha256 + " " + length + " bytes: " + start;
                case SENT -> "> " + words(command);
                case SENT_RAW -> ">> " + escape(bytes, false);
                case REPLY -> (compared ? "= " : "< ") + escape(bytes, false);
                case WAIT -> "wait " + millis + " ms";
                case CLOSED -> "closed";
                case CLOSED_BY_SERVER -> "closedByServer " + answer;
                case REPLY_WITHIN -> "replyWithin " + millis + " " + answer;
            };
        }

        static Event parse(String line) {
            int space = line.indexOf(' ');
            int connection = Integer.parseInt(line.substring(0, space));
            String rest = line.substring(space + 1);
            int end = rest.indexOf(' ');
            String token = end < 0 ? rest : rest.substring(0, end);
            String tail = end < 0 ? "" : rest.substring(end + 1);
            return switch (token) {
                case ">" -> sent(connection, parseWords(tail));
                case ">>" -> sentRaw(connection, unescape(tail));
                case "<", "=" -> {
                    Event reply = reply(connection, unescape(tail));
                    reply.compared = token.equals("=");
                    yield reply;
                }
                case ">#", "=#" -> {
                    String[] parts = tail.split(" ", 4);
                    Event digest = digest(connection, token.equals(">#") ? Kind.SENT_DIGEST : Kind.REPLY_DIGEST,
                            parts[0], Long.parseLong(parts[1]), parts[3]);
                    digest.compared = token.equals("=#");
                    yield digest;
                }
                case "clock" -> clock(Long.parseLong(tail));
                case "wait" -> waited(connection, Long.parseLong(tail.substring(0, tail.indexOf(' '))));
                case "closed" -> closed(connection);
                case "closedByServer" -> closedByServer(connection, Boolean.parseBoolean(tail));
                case "replyWithin" -> {
                    String[] parts = tail.split(" ");
                    yield replyWithin(connection, Long.parseLong(parts[0]), Boolean.parseBoolean(parts[1]));
                }
                default -> throw new IllegalArgumentException("not an event: " + line);
            };
        }
    }

    /** Each test's events in the order they happened, by test (sorted, so the file's order is stable). */
    private final Map<String, List<Event>> tests = new TreeMap<>();

    static Recording read(Path file) {
        Recording recording = new Recording();
        if (!Files.exists(file)) {
            return recording;
        }
        try {
            List<Event> events = null;
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                if (line.startsWith("== ")) {
                    events = new ArrayList<>();
                    recording.tests.put(line.substring(3), events);
                } else if (!line.isEmpty() && !line.startsWith("#")) {
                    events.add(Event.parse(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return recording;
    }

    void write(Path file) {
        StringBuilder text = new StringBuilder(HEADER);
        tests.forEach((test, events) -> {
            text.append("\n== ").append(test).append('\n');
            for (Event event : events) {
                text.append(event.connection).append(' ').append(event.describe()).append('\n');
            }
        });
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The test's events, null when it has none recorded. */
    List<Event> events(String test) {
        return tests.get(test);
    }

    void put(String test, List<Event> events) {
        tests.put(test, events);
    }

    /** Keeps only the tests that {@code keep} accepts (tests that were renamed or removed go). */
    void retain(java.util.function.Predicate<String> keep) {
        tests.keySet().removeIf(keep.negate());
    }

    static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Arguments separated by spaces; one that is empty or holds a space, quote, backslash or non-ASCII byte goes in quotes. */
    static String words(byte[][] command) {
        StringBuilder text = new StringBuilder();
        for (byte[] arg : command) {
            if (text.length() > 0) {
                text.append(' ');
            }
            boolean bare = arg.length > 0;
            for (byte b : arg) {
                bare &= b > ' ' && b < 0x7f && b != '"' && b != '\\';
            }
            text.append(bare ? new String(arg, StandardCharsets.US_ASCII) : '"' + escape(arg, true) + '"');
        }
        return text.toString();
    }

    static byte[][] parseWords(String text) {
        List<byte[]> words = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            if (text.charAt(i) == '"') {
                int end = i + 1;
                while (text.charAt(end) != '"') {
                    end += text.charAt(end) == '\\' ? 2 : 1;
                }
                words.add(unescape(text.substring(i + 1, end)));
                i = end + 2;
            } else {
                int end = text.indexOf(' ', i);
                end = end < 0 ? text.length() : end;
                words.add(text.substring(i, end).getBytes(StandardCharsets.US_ASCII));
                i = end + 1;
            }
        }
        return words.toArray(new byte[0][]);
    }

    /** Printable ASCII as it is, backslash, CR, LF and tab as C escapes, every other byte as \xHH. */
    static String escape(byte[] bytes, boolean quote) {
        StringBuilder text = new StringBuilder(bytes.length + 16);
        for (byte b : bytes) {
            switch (b) {
                case '\\' -> text.append("\\\\");
                case '\r' -> text.append("\\r");
                case '\n' -> text.append("\\n");
                case '\t' -> text.append("\\t");
                case '"' -> text.append(quote ? "\\\"" : "\"");
                default -> {
                    if (b >= ' ' && b < 0x7f) {
                        text.append((char) b);
                    } else {
                        text.append(String.format("\\x%02x", b & 0xff));
                    }
                }
            }
        }
        return text.toString();
    }

    static byte[] unescape(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\') {
                bytes.write(c);
                continue;
            }
            char escaped = text.charAt(++i);
            switch (escaped) {
                case 'r' -> bytes.write('\r');
                case 'n' -> bytes.write('\n');
                case 't' -> bytes.write('\t');
                case 'x' -> {
                    bytes.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                default -> bytes.write(escaped);
            }
        }
        return bytes.toByteArray();
    }
}
