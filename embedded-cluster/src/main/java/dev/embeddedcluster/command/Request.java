package dev.embeddedcluster.command;

import dev.embeddedcluster.command.notifications.EventClass;
import dev.embeddedcluster.keyspace.Keyspace;
import dev.embeddedcluster.resp.RespWriter;
import dev.embeddedcluster.util.Ascii;

import java.nio.charset.StandardCharsets;

/**
 * One command being executed: its arguments, its spec, the client that sent it, the node it runs
 * on and the writer for its reply. A connection reuses one instance for all its commands.
 */
public final class Request {
    private final NodeContext node;
    private final Client client;
    private final RespWriter reply;
    private byte[][] args;
    private CommandSpec spec;

    public Request(NodeContext node, Client client, RespWriter reply) {
        this.node = node;
        this.client = client;
        this.reply = reply;
    }

    public void bind(CommandSpec spec, byte[][] args) {
        this.spec = spec;
        this.args = args;
    }

    public CommandSpec spec() {
        return spec;
    }

    public byte[][] args() {
        return args;
    }

    public byte[] arg(int index) {
        return args[index];
    }

    public int argc() {
        return args.length;
    }

    /** An argument as text (UTF-8), for keywords and messages; keys and values stay bytes. */
    public String text(int index) {
        return new String(args[index], StandardCharsets.UTF_8);
    }

    /**
     * An argument as Redis's formatted errors show it ("%s" of its bytes): one char per byte, up to
     * its first NUL. For {@link #latin1Error}.
     */
    public String cString(int index) {
        return cString(args[index]);
    }

    /** {@link #cString(int)} of any bytes. */
    public static String cString(byte[] bytes) {
        int length = 0;
        while (length < bytes.length && bytes[length] != 0) {
            length++;
        }
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
    }

    /**
     * Replies a formatted error holding arguments as {@link #cString} gives them: their bytes as
     * received, CR and LF turned into spaces as Redis turns them.
     */
    public void latin1Error(String text) {
        reply().rawError(Errors.sanitize(text).getBytes(StandardCharsets.ISO_8859_1), true);
    }

    /** Whether an argument is the given lower-case ASCII keyword, ignoring case. */
    public boolean is(int index, String lowerCaseKeyword) {
        return Ascii.equalsIgnoreCase(args[index], lowerCaseKeyword);
    }

    /**
     * Which of two keywords (lower case) argument {@code index} is, ignoring case: true for the
     * first, false for the second; null after replying a syntax error for anything else.
     */
    public Boolean either(int index, String first, String second) {
        if (is(index, first)) {
            return true;
        }
        if (is(index, second)) {
            return false;
        }
        reply.error(Errors.SYNTAX);
        return null;
    }

    public NodeContext node() {
        return node;
    }

    public Client client() {
        return client;
    }

    public RespWriter reply() {
        return reply;
    }

    public Keyspace keyspace() {
        return node.keyspace();
    }

    /** The cluster clock's time in milliseconds. */
    public long now() {
        return node.clock().currentTimeMillis();
    }

    /** Publishes a keyspace event about a key, when notify-keyspace-events enables its class. */
    public void notify(EventClass eventClass, String event, byte[] key) {
        node.keyspaceEvents().notify(eventClass, event, key);
    }

    /** Replicates this command exactly as received; it made one change. */
    public void propagate() {
        node.replication().propagate(args);
    }

    /** Replicates this command exactly as received; it made {@code changes} changes (rdb_changes_since_last_save). */
    public void propagateChanges(long changes) {
        node.replication().propagate(args, changes);
    }

    /** Replicates a rewritten form of this command (absolute expiry times, DEL for expiry...); it made one change. */
    public void propagate(byte[]... command) {
        node.replication().propagate(command);
    }

    /** Replicates a rewritten form of this command that made {@code changes} changes. */
    public void propagateChanges(long changes, byte[]... command) {
        node.replication().propagate(command, changes);
    }
}
