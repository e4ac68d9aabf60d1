package dev.embeddedcluster.compare;

import dev.embeddedcluster.compare.Recording.Event;
import dev.embeddedcluster.compare.Recording.Kind;
import dev.embeddedcluster.testing.RespClient;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

/**
 * One connection of a recording played back: what the test sends must be what was recorded,
 * and each read returns what the real server sent then (after as long a wait, for a slow reply).
 */
final class ReplayTransport implements RespClient.Transport {
    private final int connection;
    private final Deque<Event> events;
    private final Function<String, AssertionError> outOfDate;
    private volatile Event lastReply;

    /** Plays the events of {@code recorded} on this connection; a mismatch fails with {@code outOfDate}'s error. */
    ReplayTransport(int connection, List<Event> recorded, Function<String, AssertionError> outOfDate) {
        this.connection = connection;
        this.events = new ArrayDeque<>(recorded.stream().filter(e -> e.connection == connection).toList());
        this.outOfDate = outOfDate;
    }

    @Override
    public synchronized void send(byte[][] command) {
        expect("sends: " + Event.sent(connection, command).describe(), Event.sent(connection, command));
    }

    @Override
    public synchronized void sendRaw(byte[] bytes) {
        expect("sends: " + Event.sentRaw(connection, bytes).describe(), Event.sentRaw(connection, bytes));
    }

    /**
     * Returns the recorded reply. One recorded as its digest only (a long reply the test compares
     * where it reads it) comes back as a placeholder: {@link #lastReply()} has its digest.
     */
    @Override
    public synchronized byte[] readReply() {
        Event next = next("reads a reply");
        if (next.kind == Kind.CLOSED) {
            throw new RespClient.ClosedByServer();
        }
        if (next.kind == Kind.REPLY_DIGEST) {
            lastReply = next;
            return ("(" + next.length + " bytes, recorded as their SHA-256 " + next.sha256 + ")").getBytes(StandardCharsets.US_ASCII);
        }
        lastReply = expectKind(next, Kind.REPLY, "reads a reply");
        return lastReply.bytes;
    }

    /** The last reply read. */
    Event lastReply() {
        return lastReply;
    }

    @Override
    public synchronized boolean closedByServer() {
        return expectKind(next("asks closedByServer()"), Kind.CLOSED_BY_SERVER, "asks closedByServer()").answer;
    }

    @Override
    public synchronized boolean replyWithin(long millis) {
        Event next = expect("asks replyWithin(" + millis + ")",
                Event.replyWithin(connection, millis, false), Event.replyWithin(connection, millis, true));
        if (!next.answer) {
            sleep(millis);
        }
        return next.answer;
    }

    /** The events the test has not come to yet: the first of them, null when none. */
    Event firstLeft() {
        return events.stream().filter(e -> e.kind != Kind.WAIT).findFirst().orElse(null);
    }

    private Event expect(String what, Event... wanted) {
        Event next = next(what);
        for (Event candidate : wanted) {
            if (candidate.sameAs(next)) {
                return next;
            }
        }
        throw mismatch(what, next);
    }

    private Event expectKind(Event next, Kind kind, String what) {
        if (next.kind != kind) {
            throw mismatch(what, next);
        }
        return next;
    }

    /** The next event, after waiting as the recording did. */
    private Event next(String what) {
        Event next = events.poll();
        while (next != null && next.kind == Kind.WAIT) {
            sleep(next.millis);
            next = events.poll();
        }
        if (next == null) {
            throw outOfDate.apply("on connection " + connection + " the test " + what
                    + " after the last event the recording has on it");
        }
        return next;
    }

    private AssertionError mismatch(String what, Event recorded) {
        return outOfDate.apply("on connection " + connection + " the test " + what
                + "\n  where the recording has: " + recorded.describe());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        // nothing to release
    }
}
