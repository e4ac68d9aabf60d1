package dev.embeddedcluster.command.notifications;

/**
 * The notify-keyspace-events setting as a set of bits: which channels get events (K for
 * keyspace, E for keyevent) and which {@link EventClass}es are published.
 */
public final class EventFlags {
    public static final int KEYSPACE = 1;
    public static final int KEYEVENT = 1 << 1;
    /** "A": every class but key misses and new keys. */
    static final int ALL = EventClass.GENERIC.bit | EventClass.STRING.bit | EventClass.LIST.bit | EventClass.SET.bit
            | EventClass.HASH.bit | EventClass.ZSET.bit | EventClass.EXPIRED.bit | EventClass.EVICTED.bit
            | EventClass.STREAM.bit | EventClass.MODULE.bit;
    /** The classes in the order CONFIG GET lists them when not all are on. */
    private static final EventClass[] LISTED = {EventClass.GENERIC, EventClass.STRING, EventClass.LIST, EventClass.SET,
            EventClass.HASH, EventClass.ZSET, EventClass.EXPIRED, EventClass.EVICTED, EventClass.STREAM,
            EventClass.MODULE, EventClass.NEW};

    private EventFlags() {
    }

    /** The bits a setting stands for, or -1 when it holds a character that names nothing. */
    public static int parse(String setting) {
        int flags = 0;
        for (int i = 0; i < setting.length(); i++) {
            int bit = bit(setting.charAt(i));
            if (bit == 0) {
                return -1;
            }
            flags |= bit;
        }
        return flags;
    }

    private static int bit(char c) {
        switch (c) {
            case 'A':
                return ALL;
            case 'K':
                return KEYSPACE;
            case 'E':
                return KEYEVENT;
            default:
                for (EventClass eventClass : EventClass.values()) {
                    if (eventClass.flag == c) {
                        return eventClass.bit;
                    }
                }
                return 0;
        }
    }

    /**
     * The setting as CONFIG GET shows it: "A" for all the classes it covers (then "n" goes
     * unmentioned, though it stays on, as in Redis), else each class; then K, E and m.
     */
    public static String format(int flags) {
        StringBuilder text = new StringBuilder();
        if ((flags & ALL) == ALL) {
            text.append('A');
        } else {
            for (EventClass eventClass : LISTED) {
                if ((flags & eventClass.bit) != 0) {
                    text.append(eventClass.flag);
                }
            }
        }
        if ((flags & KEYSPACE) != 0) {
            text.append('K');
        }
        if ((flags & KEYEVENT) != 0) {
            text.append('E');
        }
        if ((flags & EventClass.KEY_MISS.bit) != 0) {
            text.append('m');
        }
        return text.toString();
    }
}
