package dev.embeddedcluster.compare;

import dev.embeddedcluster.compare.Recording.Event;
import dev.embeddedcluster.testing.RespClient;
import dev.embeddedcluster.testing.SocketTransport;

import java.util.Arrays;
import java.util.List;

/** A connection to the live redis-server that adds each event to its test's list (shared by its connections). */
final class RecordingTransport implements RespClient.Transport {
    /** A reply that took longer keeps its delay in the recording (in steps of 50 ms), which replay waits out. */
    private static final long SLOW_MILLIS = 150;

    private final SocketTransport socket;
    private final int connection;
    private final List<Event> events;
    private volatile Event lastReply;

    RecordingTransport(String host, int port, int connection, List<Event> events) {
        this.socket = new SocketTransport(host, port);
        this.connection = connection;
        this.events = events;
    }

    /** The last reply read. */
    Event lastReply() {
        return lastReply;
    }

    @Override
    public void send(byte[][] command) {
        socket.send(command);
        events.add(Event.sent(connection, Arrays.stream(command).map(byte[]::clone).toArray(byte[][]::new)));
    }

    @Override
    public void sendRaw(byte[] bytes) {
        socket.sendRaw(bytes);
        events.add(Event.sentRaw(connection, bytes.clone()));
    }

    @Override
    public byte[] readReply() {
        long started = System.nanoTime();
        byte[] reply;
        try {
            reply = socket.readReply();
        } catch (RespClient.ClosedByServer e) {
            waitedSince(started);
            events.add(Event.closed(connection));
            throw e;
        }
        waitedSince(started);
        lastReply = Event.reply(connection, reply);
        events.add(lastReply);
        return reply;
    }

    @Override
    public boolean closedByServer() {
        long started = System.nanoTime();
        boolean closed = socket.closedByServer();
        waitedSince(started);
        events.add(Event.closedByServer(connection, closed));
        return closed;
    }

    @Override
    public boolean replyWithin(long millis) {
        boolean arrived = socket.replyWithin(millis);
        events.add(Event.replyWithin(connection, millis, arrived));
        return arrived;
    }

    private void waitedSince(long started) {
        long millis = (System.nanoTime() - started) / 1_000_000;
        if (millis >= SLOW_MILLIS) {
            events.add(Event.waited(connection, millis / 50 * 50));
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
