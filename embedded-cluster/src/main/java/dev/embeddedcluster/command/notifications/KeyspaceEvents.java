package dev.embeddedcluster.command.notifications;

import dev.embeddedcluster.command.pubsub.Subscriptions;
import dev.embeddedcluster.keyspace.Keyspace;

import java.nio.charset.StandardCharsets;

/**
 * One node's keyspace notifications: events about keys published to its own subscribers on
 * {@code __keyspace@0__:<key>} (the event as message) and {@code __keyevent@0__:<event>} (the key
 * as message), as notify-keyspace-events selects. Never sent to other nodes, as Redis publishes
 * them locally. Node thread only.
 */
public final class KeyspaceEvents {
    private static final byte[] KEYSPACE_PREFIX = "__keyspace@0__:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEYEVENT_PREFIX = "__keyevent@0__:".getBytes(StandardCharsets.US_ASCII);

    private final Subscriptions subscriptions;
    private final Keyspace keyspace;
    /** The configured bits. */
    private int flags;
    /** The classes that publish something: none unless K or E is set too. Checked on every write. */
    private int published;

    public KeyspaceEvents(Subscriptions subscriptions, Keyspace keyspace) {
        this.subscriptions = subscriptions;
        this.keyspace = keyspace;
    }

    /** Applies notify-keyspace-events, as {@link EventFlags#parse} reads it. */
    public void configure(int flags) {
        this.flags = flags;
        published = (flags & (EventFlags.KEYSPACE | EventFlags.KEYEVENT)) == 0 ? 0 : flags;
        keyspace.creationListener(enabled(EventClass.NEW) ? key -> notify(EventClass.NEW, "new", key) : null);
        keyspace.missListener(enabled(EventClass.KEY_MISS) ? key -> notify(EventClass.KEY_MISS, "keymiss", key) : null);
    }

    /** Whether events of the class are published. */
    private boolean enabled(EventClass eventClass) {
        return (published & eventClass.bit) != 0;
    }

    /** Publishes an event about a key, when its class is enabled. */
    public void notify(EventClass eventClass, String event, byte[] key) {
        if ((published & eventClass.bit) == 0) {
            return;
        }
        byte[] eventBytes = event.getBytes(StandardCharsets.US_ASCII);
        if ((flags & EventFlags.KEYSPACE) != 0) {
            subscriptions.deliver(concat(KEYSPACE_PREFIX, key), eventBytes, false);
        }
        if ((flags & EventFlags.KEYEVENT) != 0) {
            subscriptions.deliver(concat(KEYEVENT_PREFIX, eventBytes), key, false);
        }
    }

    private static byte[] concat(byte[] prefix, byte[] name) {
        byte[] channel = new byte[prefix.length + name.length];
        System.arraycopy(prefix, 0, channel, 0, prefix.length);
        System.arraycopy(name, 0, channel, prefix.length, name.length);
        return channel;
    }
}
