package dev.embeddedcluster.compare;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DUMP and RESTORE. Payload formats differ (ours is our own), so each server restores its own
 * dump and the restored values, encodings, TTLs and errors are compared.
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
        script("OBJECT IDLETIME {t}idle", "DUMP {t}missing");
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
