package dev.embeddedcluster.compare;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MEMORY USAGE against a real redis-server: the same bytes for strings and small aggregates,
 * whose structures the estimate models exactly, and the same replies to bad arguments.
 * Large aggregates are estimates on both sides and are held to a plausible range only.
 */
class MemoryUsageIT extends ComparisonSupport {

    @Test
    void stringsTakeWhatRedisReports() {
        both("SET", "int", "1");
        both("SET", "bigint", "123456789012");
        both("SET", "foo", "bar");
        both("SET", "k12345678", "x".repeat(44));
        both("SET", "raw", "x".repeat(45));
        both("SET", "long-key-name-of-forty-bytes-0123456789", "x".repeat(1000));
        both("SET", "huge", "y".repeat(70_000));
        both("SET", "ttl", "bar", "EX", "100");
        script("MEMORY USAGE int", "MEMORY USAGE bigint", "MEMORY USAGE foo", "MEMORY USAGE k12345678",
                "MEMORY USAGE raw", "MEMORY USAGE long-key-name-of-forty-bytes-0123456789", "MEMORY USAGE huge",
                "MEMORY USAGE ttl", "MEMORY USAGE int SAMPLES 0");
    }

    /** A string written in place keeps the free space Redis reserves for later writes, and Redis counts it. */
    @Test
    void stringsWrittenInPlaceCountTheirFreeSpace() {
        both("SET", "appended", "x".repeat(49));
        both("APPEND", "appended", "y");
        both("SET", "short", "ab");
        both("APPEND", "short", "c");
        both("APPEND", "fresh", "abc");
        both("APPEND", "fresh", "d");
        both("SET", "big", "z".repeat(70_000));
        both("APPEND", "big", "z");
        both("SETRANGE", "ranged", "100", "x");
        both("SET", "patched", "x".repeat(300));
        both("SETRANGE", "patched", "10", "yy");
        both("SETRANGE", "patched", "400", "yy");
        both("SETBIT", "bits", "100", "1");
        both("SETBIT", "bits", "8000", "1");
        both("BITFIELD", "field", "SET", "u8", "0", "1");
        both("BITFIELD", "field", "SET", "u8", "4000", "1");
        script("MEMORY USAGE appended", "MEMORY USAGE short", "MEMORY USAGE fresh", "MEMORY USAGE big",
                "MEMORY USAGE ranged", "MEMORY USAGE patched", "MEMORY USAGE bits", "MEMORY USAGE field",
                "APPEND appended z", "MEMORY USAGE appended", "STRLEN appended", "GETRANGE appended 48 60",
                "GETBIT bits 8000", "GETBIT bits 9000", "OBJECT ENCODING appended", "GET appended",
                "MEMORY USAGE appended", "SETBIT bits 3 1", "GET bits", "MEMORY USAGE bits");
    }

    @Test
    void smallAggregatesTakeWhatRedisReports() {
        both("RPUSH", "list", "a", "b", "c");
        both("HSET", "hash", "f1", "v1", "f2", "v2");
        both("SADD", "intset", "1", "2", "3");
        both("SADD", "set", "a", "b", "c");
        both("ZADD", "zset", "1", "a", "2", "b");
        script("MEMORY USAGE list", "MEMORY USAGE hash", "MEMORY USAGE intset", "MEMORY USAGE set", "MEMORY USAGE zset");
    }

    @Test
    void largeAggregatesAreWithinAQuarterOfRedis() {
        for (int i = 0; i < 200; i++) {
            both("RPUSH", "list", "elementvalue" + i);
            both("HSET", "hash", "field" + i, "value" + i);
            both("SADD", "set", "member" + i);
            both("ZADD", "zset", Integer.toString(i), "member" + i);
            both("XADD", "stream", "*", "field" + i, "value" + i);
        }
        for (String key : new String[] {"list", "hash", "set", "zset", "stream"}) {
            String[] replies = replies("MEMORY", "USAGE", key, "SAMPLES", "0");
            long real = Long.parseLong(replies[0].substring(1).trim());
            long emulated = Long.parseLong(replies[1].substring(1).trim());
            assertThat(emulated).as("MEMORY USAGE %s (redis-server: %d)", key, real)
                    .isBetween(real * 3 / 4, real * 5 / 4);
        }
    }

    @Test
    void argumentsAreCheckedAsRedisChecksThem() {
        both("SET", "foo", "bar");
        script("MEMORY USAGE missing", "MEMORY USAGE missing SAMPLES -1", "MEMORY USAGE foo SAMPLES",
                "MEMORY USAGE foo SAMPLES -1", "MEMORY USAGE foo SAMPLES abc", "MEMORY USAGE foo BAR",
                "MEMORY USAGE foo SAMPLES 1 SAMPLES 2", "MEMORY USAGE", "MEMORY", "MEMORY FOO");
        same3("MEMORY", "USAGE", "foo");
        same3("MEMORY", "USAGE", "missing");
    }
}
