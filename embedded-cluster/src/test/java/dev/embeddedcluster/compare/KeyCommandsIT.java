package dev.embeddedcluster.compare;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The generic key commands against a real redis-server. */
class KeyCommandsIT extends ComparisonSupport {

    @Test
    void delUnlinkExistsTouchType() {
        script("MSET {k}a 1 {k}b 2 {k}c 3", "EXISTS {k}a {k}a {k}b {k}zz", "TOUCH {k}a {k}zz", "TYPE {k}a", "TYPE {k}zz",
                "DEL {k}a {k}zz", "DEL {k}a", "UNLINK {k}b {k}c", "EXISTS {k}a {k}b", "DEL", "TYPE", "EXISTS",
                "DEL a b");
    }

    @Test
    void expireFamilyWithOptions() {
        script("SET k v", "EXPIRE k 100", "TTL k", "EXPIRE k 50 GT", "EXPIRE k 200 GT", "TTL k", "EXPIRE k 300 LT",
                "EXPIRE k 100 LT", "TTL k", "EXPIRE k 100 NX", "EXPIRE k 100 XX", "PERSIST k", "PERSIST k", "TTL k",
                "EXPIRE k 100 XX", "EXPIRE k 100 GT", "EXPIRE k 100 LT", "TTL k", "PERSIST k", "EXPIRE k 100 NX",
                "EXPIRE k 1 NX XX", "EXPIRE k 1 GT LT", "EXPIRE k 1 NX GT", "EXPIRE k 1 FOO", "EXPIRE k abc",
                "EXPIRE k 9223372036854775807", "EXPIRE k -9223372036854775808", "PEXPIRE k 9223372036854775807",
                "EXPIRE nosuch 10", "TTL nosuch", "PTTL nosuch", "EXPIRETIME nosuch", "PEXPIRETIME nosuch",
                "SET p v", "TTL p", "PTTL p", "EXPIRETIME p", "EXPIREAT p 99999999999", "EXPIRETIME p",
                "PEXPIREAT p 99999999999999", "PEXPIRETIME p", "EXPIRETIME p", "PEXPIRE p 100000", "PERSIST nosuch",
                "EXPIRE k 0", "EXISTS k", "SET k v", "PEXPIREAT k 1", "EXISTS k", "SET k v", "EXPIRE k -5", "EXISTS k",
                "SET k v", "EXPIREAT k 100 GT", "EXISTS k", "EXPIRE");
    }

    @Test
    void renameAndCopy() {
        script("SET {r}a 1", "EXPIRE {r}a 100", "RENAME {r}a {r}b", "TTL {r}b", "EXISTS {r}a", "RENAME {r}a {r}c",
                "RENAME {r}b {r}b", "RENAMENX {r}b {r}b", "SET {r}c 3", "RENAMENX {r}b {r}c", "RENAMENX {r}b {r}d",
                "MGET {r}b {r}c {r}d", "TTL {r}d", "SET {r}x 9", "RENAME {r}d {r}x", "GET {r}x", "TTL {r}x",
                "COPY {r}x {r}y", "GET {r}y", "TTL {r}y", "COPY {r}x {r}y", "COPY {r}x {r}y REPLACE", "COPY {r}x {r}x",
                "COPY {r}nosuch {r}z", "COPY {r}x {r}z DB 1", "COPY {r}x {r}z DB 0", "COPY {r}x {r}w DB 99",
                "COPY {r}x {r}w DB abc", "COPY {r}x {r}w FOO", "RENAME a b", "COPY a b");
    }

    @Test
    void objectSubcommands() {
        script("SET i 123", "SET small hello", "SET big " + "x".repeat(45), "SET neg -5", "SET huge 99999999999999999999",
                "SET shared 9999", "SET unshared 10000",
                "OBJECT ENCODING i", "OBJECT ENCODING small", "OBJECT ENCODING big", "OBJECT ENCODING neg",
                "OBJECT ENCODING huge", "OBJECT ENCODING nosuch", "OBJECT REFCOUNT shared", "OBJECT REFCOUNT unshared",
                "OBJECT REFCOUNT small", "OBJECT REFCOUNT nosuch", "OBJECT FREQ small",
                "OBJECT FOO small", "OBJECT", "OBJECT ENCODING");
        sameWithin(1, "OBJECT", "IDLETIME", "small");
    }

    @Test
    void objectFreqCountsAccessesUnderAnLfuPolicy() {
        try {
            // a new key starts at 5; its first access always counts (later ones are probabilistic, as in Redis)
            script("SET k v", "CONFIG SET maxmemory-policy allkeys-lfu", "SET f v", "OBJECT FREQ f", "GET f", "OBJECT FREQ f",
                    "OBJECT IDLETIME f", "OBJECT FREQ nosuch");
            String[] afterOverwrite = replies("SET", "f", "v2");
            assertThat(afterOverwrite[1]).isEqualTo(afterOverwrite[0]);
            assertThat(Long.parseLong(replies("OBJECT", "FREQ", "f")[1].substring(1).trim())).isGreaterThanOrEqualTo(6);
        } finally {
            script("CONFIG SET maxmemory-policy noeviction");
        }
    }

    @Test
    void keysAndScanReturnTheSameKeysInAnyOrder() {
        for (int i = 0; i < 300; i++) {
            both("SET", "key:" + i, "v");
            if (i % 3 == 0) {
                both("SET", "other:" + i, "v");
            }
        }
        for (String pattern : List.of("*", "key:1*", "key:?", "key:[12]?", "other:*0", "nomatch*", "key:\\*", "*:2[^0-4]")) {
            String[] replies = replies("KEYS", pattern);
            assertThat(sortedElements(replies[1])).as("KEYS %s", pattern).isEqualTo(sortedElements(replies[0]));
        }
        assertThat(scanAll(true, "MATCH", "key:2*", "COUNT", "7")).isEqualTo(scanAll(false, "MATCH", "key:2*", "COUNT", "7"));
        assertThat(scanAll(true)).hasSize(400).isEqualTo(scanAll(false));
        assertThat(scanAll(true, "TYPE", "string")).hasSize(400);
        assertThat(scanAll(true, "TYPE", "list")).isEmpty();
        assertThat(replies("SCAN", "-1")[1]).startsWith("*2\r\n");
        script("SCAN abc", "SCAN ' 1'", "SCAN 18446744073709551616", "SCAN 0 COUNT 0", "SCAN 0 COUNT abc", "SCAN 0 MATCH", "SCAN 0 FOO bar");
    }

    @Test
    void randomKey() {
        script("RANDOMKEY");
        both("SET", "only", "1");
        script("RANDOMKEY");
    }

    @Test
    void resp3Replies() {
        both("SET", "k", "v");
        same3("TYPE", "k");
        same3("TTL", "k");
        same3("OBJECT", "ENCODING", "nosuch");
        same3("EXISTS", "k", "nosuch");
        same3("KEYS", "k");
    }

    private List<String> scanAll(boolean emulated, String... options) {
        List<String> keys = new ArrayList<>();
        String cursor = "0";
        do {
            String[] command = Stream.concat(Stream.of("SCAN", cursor), Arrays.stream(options)).toArray(String[]::new);
            String reply = replies(command)[emulated ? 1 : 0];
            String[] lines = reply.split("\r\n");
            cursor = lines[2];
            for (int i = 4; i < lines.length; i += 2) {
                keys.add(lines[i]);
            }
        } while (!cursor.equals("0"));
        keys.sort(null);
        return keys;
    }

    private static List<String> sortedElements(String arrayReply) {
        String[] lines = arrayReply.split("\r\n");
        List<String> elements = new ArrayList<>();
        for (int i = 2; i < lines.length; i += 2) {
            elements.add(lines[i]);
        }
        elements.sort(null);
        return elements;
    }
}
