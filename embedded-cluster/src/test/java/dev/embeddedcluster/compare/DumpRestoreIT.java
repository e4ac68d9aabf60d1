package dev.embeddedcluster.compare;

import dev.embeddedcluster.keyspace.rdb.LegacyPayloads;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DUMP and RESTORE. Payloads are Redis's RDB encoding: where Redis writes a value
 * deterministically, both servers' DUMP replies are compared byte for byte (CRC-64 and RDB
 * version included); everywhere each server restores its own dump and the restored values,
 * encodings, TTLs and errors are compared, and each restores the other's payload.
 */
class DumpRestoreIT extends ComparisonSupport {

    private void roundTrip(String key, String... reads) {
        String[] restored = dumpAndRestoreOnEachSide(key, key + ":copy", "0");
        assertThat(restored[1]).isEqualTo(restored[0]).isEqualTo("+OK\r\n");
        for (String read : reads) {
            script(read.replace("$", key), read.replace("$", key + ":copy"));
        }
        script("TYPE " + key + ":copy", "OBJECT ENCODING " + key + ":copy");
    }

    /** DUMP of a key on both servers, byte for byte. */
    private void sameDump(String key) {
        sameBinary(false, bytes("DUMP"), bytes(key));
    }

    @Test
    void stringsDumpAsRedisDoes() {
        String[][] values = {{"small", "hello"}, {"int8", "-5"}, {"int16", "12345"}, {"int32", "-2147483648"},
                {"int64", "2147483648"}, {"zero", "0"}, {"leadingZero", "0123"}, {"plus", "+1"}, {"empty", ""},
                {"twenty", "abcdefghijabcdefghij"}, {"compressible", "x".repeat(100)},
                {"sentence", "the quick brown fox jumps over the lazy dog, the quick brown fox again and again"},
                {"incompressible", "q8Zr2LkP0vN7wXy4Tb1Mc6Hd9Je3Fg5Ks"}, {"long", "abc".repeat(5000)},
                {"digits", "123456789012345678901234567890"}};
        for (String[] value : values) {
            both("SET", "{s}" + value[0], value[1]);
            sameDump("{s}" + value[0]);
        }
        script("SET {s}counter 10", "INCR {s}counter", "APPEND {s}appended 12", "APPEND {s}appended 34");
        sameDump("{s}counter");
        sameDump("{s}appended");
    }

    @Test
    void listsDumpAsRedisDoes() {
        script("RPUSH {l}small a b c 1 -1 300 70000 5000000000 " + "y".repeat(70), "LPUSH {l}small head");
        sameDump("{l}small");
        String[] many = new String[1002];
        many[0] = "RPUSH";
        many[1] = "{l}many";
        for (int i = 0; i < 1000; i++) {
            many[2 + i] = "element-number-" + i;
        }
        both(many);
        sameDump("{l}many");
        both("RPUSH", "{l}big", "a", "z".repeat(10000), "b", "c".repeat(300));
        sameDump("{l}big");
    }

    @Test
    void setsDumpAsRedisDoes() {
        script("SADD {t}ints 3 1 2 -7", "SADD {t}wide 1 100000 -5", "SADD {t}widest 1 5000000000 -9000000000000");
        sameDump("{t}ints");
        sameDump("{t}wide");
        sameDump("{t}widest");
    }

    @Test
    void sortedSetsDumpAsRedisDoes() {
        script("ZADD {z}small 1 a 2.5 b -inf c 0.1 d 1e300 e 1152921504606846976 f -3 g inf h",
                "ZADD {z}neg 0 a -0 b -1.5e-10 c");
        sameDump("{z}small");
        sameDump("{z}neg");
        for (int i = 0; i < 200; i++) {
            both("ZADD", "{z}skiplist", Double.toString(i / 3.0), "member:" + i);
        }
        sameDump("{z}skiplist");
        script("ZADD {z}longmember 1 " + "m".repeat(100) + " 2 b");
        sameDump("{z}longmember");
    }

    @Test
    void hashesDumpAsRedisDoes() {
        script("HSET {h}small f1 v1 f2 2 f3 -300 " + "k".repeat(40) + " " + "v".repeat(60), "HDEL {h}small f2",
                "HSET {h}small f4 later");
        sameDump("{h}small");
    }

    @Test
    void streamsDumpAsRedisDoes() {
        script("XADD {x}s 1-1 name alice age 30", "XADD {x}s 1-2 name bob age 31", "XADD {x}s 5-0 other field",
                "XADD {x}s 1000000000000-7 name carol age 1000000", "XDEL {x}s 1-2", "XGROUP CREATE {x}s g1 0",
                "XGROUP CREATE {x}s g2 $ ENTRIESREAD 2", "XSETID {x}s 2000000000000-0 ENTRIESADDED 10 MAXDELETEDID 1-2");
        sameDump("{x}s");
        for (int i = 1; i <= 250; i++) {
            both("XADD", "{x}long", i + "-" + (i % 7), "field", "value-" + i, "n", Integer.toString(i * 1000));
        }
        script("XDEL {x}long 50-1 120-1", "XTRIM {x}long MAXLEN 180");
        sameDump("{x}long");
        script("XGROUP CREATE {x}empty g $ MKSTREAM");
        sameDump("{x}empty");
    }

    /** Each server restores the other's DUMP of the key; both copies then read the same. */
    private void crossRestore(String key, String... reads) {
        byte[][] payloads = bulkFromEachSide("DUMP", key);
        String[] replies = callEachSide(new byte[][] {bytes("RESTORE"), bytes(key + ":x"), bytes("0"), payloads[1]},
                new byte[][] {bytes("RESTORE"), bytes(key + ":x"), bytes("0"), payloads[0]});
        assertThat(replies).containsOnly("+OK\r\n");
        for (String read : reads) {
            script(read.replace("$", key + ":x"));
        }
        script("TYPE " + key + ":x", "OBJECT ENCODING " + key + ":x");
    }

    @Test
    void payloadsCrossBetweenServers() {
        StringBuilder words = new StringBuilder("SADD {c}words");
        StringBuilder fields = new StringBuilder("HSET {c}bighash");
        for (int i = 0; i < 600; i++) {
            words.append(" w").append(i);
            fields.append(" f").append(i).append(" v").append(i);
        }
        script("SET {c}str " + "abc".repeat(30), "RPUSH {c}list a 1 b 2", "SADD {c}ints 5 -3 70000", words.toString(),
                "SADD {c}fewwords x y z", "ZADD {c}zset 1 a 2.5 b", "HSET {c}hash a 1 b 2", fields.toString(),
                "HSET {c}longvalue f " + "v".repeat(100),
                "XADD {c}stream 1-1 a 1", "XADD {c}stream 2-2 b 2", "XGROUP CREATE {c}stream g 0",
                "XADD {c}pel 1-1 a 1", "XADD {c}pel 2-2 b 2", "XGROUP CREATE {c}pel g 0",
                "XREADGROUP GROUP g alice STREAMS {c}pel >");
        crossRestore("{c}str", "GET $");
        crossRestore("{c}list", "LRANGE $ 0 -1");
        crossRestore("{c}ints", "SMEMBERS $");
        crossRestore("{c}words", "SCARD $", "SISMEMBER $ w599", "SISMEMBER $ w600");
        crossRestore("{c}fewwords", "SCARD $", "SISMEMBER $ y");
        crossRestore("{c}zset", "ZRANGE $ 0 -1 WITHSCORES");
        crossRestore("{c}hash", "HGETALL $");
        crossRestore("{c}bighash", "HLEN $", "HGET $ f599");
        crossRestore("{c}longvalue", "HGETALL $");
        crossRestore("{c}stream", "XRANGE $ - +", "XINFO STREAM $", "XINFO GROUPS $");
        // Delivery and seen times differ from run to run here: Redis's payload goes both ways.
        byte[] pel = bulkFromEachSide("DUMP", "{c}pel")[0];
        assertThat(callEachSide(new byte[][] {bytes("RESTORE"), bytes("{c}pel:x"), bytes("0"), pel},
                new byte[][] {bytes("RESTORE"), bytes("{c}pel:x"), bytes("0"), pel})).containsOnly("+OK\r\n");
        script("XPENDING {c}pel:x g", "XINFO GROUPS {c}pel:x", "XREADGROUP GROUP g alice STREAMS {c}pel:x 0");
    }

    /** Both servers restore the same payload; the copies then read the same. */
    private void restoreOnBoth(String key, byte[] payload, String... reads) {
        byte[][] restore = {bytes("RESTORE"), bytes(key), bytes("0"), payload};
        String[] replies = callEachSide(restore, restore);
        assertThat(replies[1]).as(key).isEqualTo(replies[0]);
        for (String read : reads) {
            script(read.replace("$", key));
        }
        script("TYPE " + key, "OBJECT ENCODING " + key);
    }

    @Test
    void olderEncodingsRestoreAsRedisReadsThem() {
        String big = "x".repeat(70);
        restoreOnBoth("{o}linked", LegacyPayloads.linkedList("a", "12", "ccc", big), "LRANGE $ 0 -1");
        restoreOnBoth("{o}ziplist", LegacyPayloads.ziplistList("a", "0", "12", "13", "-1", "-300", "70000", "-9000000",
                "5000000000", big, "y".repeat(20000)), "LRANGE $ 0 -1");
        restoreOnBoth("{o}quicklist", LegacyPayloads.quicklistOfZiplists(new String[] {"a", "b"}, new String[] {"1", "c"}),
                "LRANGE $ 0 -1");
        restoreOnBoth("{o}intsOnly", LegacyPayloads.plainSet("3", "1", "2"), "SMEMBERS $");
        restoreOnBoth("{o}words", LegacyPayloads.plainSet("b", "a"), "SCARD $", "SISMEMBER $ a");
        restoreOnBoth("{o}dupSet", LegacyPayloads.plainSet("a", "a"));
        restoreOnBoth("{o}textScores", LegacyPayloads.textScoreSortedSet("a", "1.5", "b", "inf", "c", "-inf", "d", "-2"),
                "ZRANGE $ 0 -1 WITHSCORES");
        restoreOnBoth("{o}zsetZiplist", LegacyPayloads.ziplistSortedSet("a", "1", "b", "2.5", "c", "10"),
                "ZRANGE $ 0 -1 WITHSCORES");
        restoreOnBoth("{o}hashZiplist", LegacyPayloads.ziplistHash("f", "v", "n", "5"), "HGETALL $");
        restoreOnBoth("{o}hashZiplistBig", LegacyPayloads.ziplistHash("f", big, "n", "5"), "HGET $ f", "HLEN $");
        restoreOnBoth("{o}zsetZiplistLong", LegacyPayloads.ziplistSortedSet(big, "1", "b", "2.5"), "ZRANGE $ 0 -1 WITHSCORES");
        restoreOnBoth("{o}listpackHashLong", LegacyPayloads.listpackHash("f", big), "HGETALL $");
        restoreOnBoth("{o}listpackZsetLong", LegacyPayloads.listpackSortedSet(big, "1"), "ZRANGE $ 0 -1 WITHSCORES");
        restoreOnBoth("{o}zipmapLong", LegacyPayloads.zipmapHash("f1", big), "HGETALL $");
        String[] many = new String[1200];
        for (int i = 0; i < many.length; i++) {
            many[i] = Integer.toString(i);
        }
        restoreOnBoth("{o}bigIntset", LegacyPayloads.intset(many), "SCARD $");
        restoreOnBoth("{o}bigListpackHash", LegacyPayloads.listpackHash(many), "HLEN $");
        restoreOnBoth("{o}bigListpackZset", LegacyPayloads.listpackSortedSet(many), "ZCARD $");
        restoreOnBoth("{o}zipmap", LegacyPayloads.zipmapHash("f1", "v1", "f2", "22"), "HGETALL $");
        restoreOnBoth("{o}stream", LegacyPayloads.streamVersion1(1000, 1001, 1005), "XRANGE $ - +", "XINFO STREAM $",
                "XINFO GROUPS $");
    }

    @Test
    void everyTypeSurvivesARoundTrip() {
        script("SET {d}str hello", "SET {d}int 12345", "SET {d}long " + "x".repeat(100), "RPUSH {d}list a b c",
                "SADD {d}ints 3 1 2", "SADD {d}words apple pear", "ZADD {d}zset 1 a 2.5 b -inf c", "HSET {d}hash f1 v1 f2 v2",
                "XADD {d}stream 1-1 f v", "XADD {d}stream 2-1 g w", "XDEL {d}stream 1-1", "XGROUP CREATE {d}stream grp 0",
                "XGROUP CREATE {d}empty grp $ MKSTREAM");
        roundTrip("{d}str", "GET $");
        roundTrip("{d}int", "GET $");
        roundTrip("{d}long", "STRLEN $");
        roundTrip("{d}list", "LRANGE $ 0 -1");
        roundTrip("{d}ints", "SMEMBERS $");
        roundTrip("{d}words", "SCARD $", "SISMEMBER $ pear");
        roundTrip("{d}zset", "ZRANGE $ 0 -1 WITHSCORES");
        roundTrip("{d}hash", "HGETALL $");
        roundTrip("{d}stream", "XRANGE $ - +", "XINFO STREAM $", "XINFO GROUPS $");
        roundTrip("{d}empty", "XLEN $", "XINFO GROUPS $");
    }

    @Test
    void encodingsFollowTheSizesAfterARestore() {
        for (int i = 0; i < 200; i++) {
            both("ZADD", "{e}big", Integer.toString(i), "m" + i);
            both("HSET", "{e}hash", "f" + i, "v");
        }
        both("ZREMRANGEBYRANK", "{e}big", "0", "150");
        both("HDEL", "{e}hash", "f1");
        roundTrip("{e}big", "ZCARD $");
        roundTrip("{e}hash", "HLEN $");
        script("APPEND {e}raw x", "OBJECT ENCODING {e}raw");
        roundTrip("{e}raw", "GET $");
    }

    @Test
    void pendingEntriesAndConsumersAreKept() {
        script("XADD {g}s 1-1 f v", "XADD {g}s 2-1 f v", "XGROUP CREATE {g}s grp 0",
                "XREADGROUP GROUP grp alice COUNT 1 STREAMS {g}s >", "XREADGROUP GROUP grp bob STREAMS {g}s >");
        String[] restored = dumpAndRestoreOnEachSide("{g}s", "{g}copy", "0");
        assertThat(restored[1]).isEqualTo(restored[0]);
        script("XPENDING {g}copy grp", "XINFO GROUPS {g}copy", "XREADGROUP GROUP grp alice STREAMS {g}copy 0");
    }

    @Test
    void ttlsReplaceAndErrors() {
        script("SET {t}k v", "SET {t}other x");
        String[] busy = dumpAndRestoreOnEachSide("{t}k", "{t}other", "0");
        assertThat(busy[1]).isEqualTo(busy[0]).isEqualTo("-BUSYKEY Target key name already exists.\r\n");
        assertThat(dumpAndRestoreOnEachSide("{t}k", "{t}other", "0", "REPLACE")).containsOnly("+OK\r\n");
        script("GET {t}other", "TTL {t}other");
        assertThat(dumpAndRestoreOnEachSide("{t}k", "{t}ttl", "100000")).containsOnly("+OK\r\n");
        script("TTL {t}ttl");
        String[] past = dumpAndRestoreOnEachSide("{t}k", "{t}other", "1", "REPLACE", "ABSTTL");
        assertThat(past[1]).isEqualTo(past[0]);
        script("EXISTS {t}other");
        // A thousand seconds after each server's own clock (the real one's is its recording's, by default).
        String[] future = Arrays.stream(replies("TIME")).map(DumpRestoreIT::millis).map(now -> Long.toString(now + 1_000_000))
                .toArray(String[]::new);
        assertThat(dumpAndRestoreOnEachSide("{t}k", "{t}abs", future, "ABSTTL")).containsOnly("+OK\r\n");
        sameWithinSkew("PTTL", "{t}abs");
        for (String[] options : new String[][] {{"-1"}, {"x"}, {"0", "IDLETIME", "-1"}, {"0", "IDLETIME", "x"},
                {"0", "FREQ", "256"}, {"0", "FREQ", "-1"}, {"0", "IDLETIME", "5", "FREQ", "5"}, {"0", "FREQ", "5", "IDLETIME", "5"},
                {"0", "FOO"}, {"0", "IDLETIME"}}) {
            String[] replies = dumpAndRestoreOnEachSide("{t}k", "{t}fresh" + Arrays.hashCode(options), options[0],
                    Arrays.copyOfRange(options, 1, options.length));
            assertThat(replies[1]).as(Arrays.toString(options)).isEqualTo(replies[0]);
        }
        assertThat(dumpAndRestoreOnEachSide("{t}k", "{t}idle", "0", "IDLETIME", "1000")).containsOnly("+OK\r\n");
        sameWithin(1, "OBJECT", "IDLETIME", "{t}idle");
        same("DUMP", "{t}missing");
        same("RESTORE", "{t}bad", "0", "not a payload");
        same("RESTORE", "{t}bad", "0", "");
    }

    @Test
    void damagedPayloadsAreRefused() {
        both("RPUSH", "l", "a", "b");
        byte[] payload = emulatedDump("l");
        byte[] damaged = payload.clone();
        damaged[2] ^= 1;
        assertThat(emulatedCall(bytes("RESTORE"), bytes("l2"), bytes("0"), damaged))
                .isEqualTo("-ERR DUMP payload version or checksum are wrong\r\n");
        byte[] truncated = Arrays.copyOf(payload, payload.length - 1);
        assertThat(emulatedCall(bytes("RESTORE"), bytes("l2"), bytes("0"), truncated))
                .isEqualTo("-ERR DUMP payload version or checksum are wrong\r\n");
        assertThat(emulatedCall(bytes("EXISTS"), bytes("l2"))).isEqualTo(":0\r\n");
    }

    /** A TIME reply in milliseconds. */
    private static long millis(String time) {
        String[] lines = time.split("\r\n");
        return Long.parseLong(lines[2]) * 1000 + Long.parseLong(lines[4]) / 1000;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
