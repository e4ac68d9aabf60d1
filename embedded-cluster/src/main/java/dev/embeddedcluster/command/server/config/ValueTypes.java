package dev.embeddedcluster.command.server.config;

import dev.embeddedcluster.util.RedisNumbers;

import java.util.List;
import java.util.Locale;

/** The plain kinds of CONFIG values: yes/no, bounded integers, memory amounts, choices and free text. */
public final class ValueTypes {
    static final String NOT_AN_INTEGER = "argument couldn't be parsed into an integer";
    static final String NOT_A_MEMORY_VALUE = "argument must be a memory value";

    private ValueTypes() {
    }

    public static final ValueType YES_NO = (given, current) -> {
        if (given.equalsIgnoreCase("yes")) {
            return "yes";
        }
        if (given.equalsIgnoreCase("no")) {
            return "no";
        }
        throw new InvalidValue("argument must be 'yes' or 'no'");
    };

    /** Anything, shown as given. */
    public static final ValueType TEXT = (given, current) -> given;

    /** Memory amounts up to 2^64 - 1 (maxmemory): a value past that comes out as the largest one, as in Redis. */
    public static final ValueType UNSIGNED_MEMORY = (given, current) -> Long.toUnsignedString(memory(given, NOT_A_MEMORY_VALUE));

    /** An integer as Redis writes it (no sign but '-', no leading zero), within [min, max]. */
    public static ValueType integer(long min, long max) {
        return (given, current) -> {
            Long value = RedisNumbers.parseLong(given);
            if (value == null) {
                throw new InvalidValue(NOT_AN_INTEGER);
            }
            return Long.toString(within(value, min, max));
        };
    }

    /** A memory amount (see {@link #memory(String, String)}) within [min, max]. */
    public static ValueType memory(long min, long max) {
        return (given, current) -> Long.toString(within(memory(given, NOT_A_MEMORY_VALUE), min, max));
    }

    /** A value of {@code type} that the server then brings within [lowest, highest], as it shows it (hz, repl-backlog-size). */
    public static ValueType clamped(ValueType type, long lowest, long highest) {
        return (given, current) -> Long.toString(Math.max(lowest, Math.min(highest, Long.parseLong(type.normalize(given, current)))));
    }

    /** One of the options, in any case, shown as the option is written. */
    public static ValueType choice(String... options) {
        List<String> names = List.of(options);
        String problem = "argument(s) must be one of the following: " + String.join(", ", names);
        return (given, current) -> {
            String lower = given.toLowerCase(Locale.ROOT);
            if (!names.contains(lower)) {
                throw new InvalidValue(problem);
            }
            return lower;
        };
    }

    static long within(long value, long min, long max) throws InvalidValue {
        if (value < min || value > max) {
            throw new InvalidValue("argument must be between " + min + " and " + max + " inclusive");
        }
        return value;
    }

    /**
     * A memory amount: digits and an optional unit, any case (b, k = 1000, kb = 1024, m, mb, g, gb),
     * as an unsigned 64-bit number: digits past 2^64 - 1 stop there and a unit's product wraps, as
     * Redis's reading does; callers of signed parameters then see a negative number and refuse it.
     */
    static long memory(String given, String problem) throws InvalidValue {
        String v = given.toLowerCase(Locale.ROOT);
        long multiplier = 1;
        String[] units = {"kb", "mb", "gb", "k", "m", "g", "b"};
        long[] factors = {1024, 1024 * 1024, 1024 * 1024 * 1024, 1000, 1000_000, 1000_000_000, 1};
        for (int i = 0; i < units.length; i++) {
            if (v.endsWith(units[i])) {
                multiplier = factors[i];
                v = v.substring(0, v.length() - units[i].length());
                break;
            }
        }
        if (v.isEmpty()) {
            throw new InvalidValue(problem);
        }
        long number = 0;
        boolean saturated = false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                throw new InvalidValue(problem);
            }
            if (!saturated) {
                long next = number * 10 + (c - '0');
                if (Long.compareUnsigned(number, Long.divideUnsigned(-1L, 10)) > 0
                        || Long.compareUnsigned(next, number * 10) < 0) {
                    saturated = true;
                } else {
                    number = next;
                }
            }
        }
        return (saturated ? -1L : number) * multiplier;
    }

    /** A normalized memory value as a number of bytes; unsigned values past 2^63 - 1 count as that. */
    public static long bytes(String normalized) {
        long value = Long.parseUnsignedLong(normalized);
        return value < 0 ? Long.MAX_VALUE : value;
    }
}
