package dev.embeddedcluster.e2e;

import dev.embeddedcluster.testing.RespClient;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A key's type and contents read the same way from any server, in an order that does not depend
 * on the server's encodings (set members and hash fields sorted), for comparing datasets between
 * the emulator and a real redis-server.
 */
final class KeyContents {
    private KeyContents() {
    }

    /** Writes one key of each type (some with a TTL) under names starting with {@code prefix}. */
    static List<String> fill(RespClient c, String prefix) {
        List<String> keys = new ArrayList<>();
        c.call("SET", prefix + "string", "hello");
        c.call("SET", prefix + "int", "12345");
        c.call("SET", prefix + "ttl", "soon", "EX", "3600");
        c.call("RPUSH", prefix + "list", "a", "b", "c", "1", "2");
        c.call("HSET", prefix + "hash", "f1", "v1", "f2", "v2", "n", "3");
        c.call("SADD", prefix + "intset", "1", "2", "3", "100");
        c.call("SADD", prefix + "set", "x", "y", "z");
        c.call("ZADD", prefix + "zset", "1", "one", "2.5", "two", "-3", "three");
        c.call("XADD", prefix + "stream", "1-1", "field", "value");
        c.call("XADD", prefix + "stream", "2-0", "other", "thing");
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            big.append("payload").append(i % 7);
        }
        c.call("SET", prefix + "compressible", big.toString());
        c.call("PEXPIRE", prefix + "hash", "7200000");
        for (String name : List.of("string", "int", "ttl", "list", "hash", "intset", "set", "zset", "stream", "compressible")) {
            keys.add(prefix + name);
        }
        return keys;
    }

    /** The key's type and contents; "none" for a missing key. */
    static String of(RespClient c, String key) {
        String type = c.call("TYPE", key).trim().substring(1);
        List<String> contents = switch (type) {
            case "string" -> List.of(c.call("GET", key));
            case "list" -> List.of(c.call("LRANGE", key, "0", "-1"));
            case "hash" -> sorted(c.call("HGETALL", key));
            case "set" -> sorted(c.call("SMEMBERS", key));
            case "zset" -> List.of(c.call("ZRANGE", key, "0", "-1", "WITHSCORES"));
            case "stream" -> List.of(c.call("XRANGE", key, "-", "+"));
            default -> List.of();
        };
        boolean expires = !c.call("PTTL", key).equals(":-1\r\n") && !type.equals("none");
        return type + (expires ? " (expires)" : "") + " " + contents;
    }

    private static List<String> sorted(String reply) {
        List<String> items = new ArrayList<>(Arrays.stream(reply.split("\r\n"))
                .filter(l -> !l.startsWith("*") && !l.startsWith("$") && !l.startsWith("~") && !l.startsWith("%")).toList());
        items.sort(null);
        return items;
    }
}
