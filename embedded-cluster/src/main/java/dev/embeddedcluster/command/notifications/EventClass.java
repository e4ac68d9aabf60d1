package dev.embeddedcluster.command.notifications;

/**
 * The classes a keyspace event belongs to, each enabled by one character of
 * notify-keyspace-events, with the bit Redis gives it.
 */
public enum EventClass {
    GENERIC('g', 1 << 2),
    STRING('$', 1 << 3),
    LIST('l', 1 << 4),
    SET('s', 1 << 5),
    HASH('h', 1 << 6),
    ZSET('z', 1 << 7),
    EXPIRED('x', 1 << 8),
    EVICTED('e', 1 << 9),
    STREAM('t', 1 << 10),
    KEY_MISS('m', 1 << 11),
    MODULE('d', 1 << 13),
    NEW('n', 1 << 14);

    final char flag;
    final int bit;

    EventClass(char flag, int bit) {
        this.flag = flag;
        this.bit = bit;
    }
}
