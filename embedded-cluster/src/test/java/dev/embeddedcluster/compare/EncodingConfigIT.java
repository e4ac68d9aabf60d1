package dev.embeddedcluster.compare;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The encoding parameters against a real redis-server: lowering a threshold changes what new
 * and growing values become (OBJECT ENCODING, MEMORY USAGE), existing values keep their encoding
 * until written, RESTORE and COPY follow Redis, and raising it back restores the defaults.
 * MEMORY USAGE is compared for every encoding but the skiplist, whose node heights Redis draws
 * at random. Lists created with a list-compress-depth keep their inner nodes LZF-compressed when
 * that pays, which MEMORY USAGE and DUMP show.
 */
class EncodingConfigIT extends ComparisonSupport {

    @AfterEach
    void putBackDefaults() {
        both("CONFIG", "SET", "hash-max-listpack-entries", "512", "hash-max-listpack-value", "64",
                "zset-max-listpack-entries", "128", "zset-max-listpack-value", "64", "set-max-intset-entries", "512",
                "list-max-listpack-size", "-2", "list-compress-depth", "0", "stream-node-max-entries", "100",
                "stream-node-max-bytes", "4096", "hll-sparse-max-bytes", "3000");
    }

    @Test
    void hashesFollowHashMaxListpackEntriesAndValue() {
        script("HSET before a 1 b 2 c 3", "CONFIG SET hash-max-ziplist-entries 2", "HSET h a 1 b 2",
                "OBJECT ENCODING h", "MEMORY USAGE h", "HSET h c 3", "OBJECT ENCODING h", "MEMORY USAGE h",
                "OBJECT ENCODING before", "HGET before a", "HDEL before c", "OBJECT ENCODING before", "HSET before a 9",
                "OBJECT ENCODING before", "HSET before z 9", "OBJECT ENCODING before",
                "CONFIG SET hash-max-ziplist-entries 0", "HSET zero a 1", "OBJECT ENCODING zero",
                "CONFIG SET hash-max-listpack-entries 512 hash-max-ziplist-value 3", "HSET v f abc", "OBJECT ENCODING v",
                "HSET v g abcd", "OBJECT ENCODING v", "HSET w abcd 1", "OBJECT ENCODING w", "HSETNX x abcd 1",
                "OBJECT ENCODING x", "HINCRBYFLOAT y f 1.5", "OBJECT ENCODING y", "HINCRBYFLOAT y f 1000",
                "OBJECT ENCODING y", "MEMORY USAGE y", "CONFIG SET hash-max-listpack-value 64", "HSET n f abcd",
                "OBJECT ENCODING n", "MEMORY USAGE n");
    }

    @Test
    void sortedSetsFollowZsetMaxListpackEntriesAndValue() {
        script("ZADD before 1 a 2 b 3 c", "CONFIG SET zset-max-ziplist-entries 0", "ZADD z 1 a", "OBJECT ENCODING z",
                "CONFIG SET zset-max-listpack-entries 2", "ZADD y 1 a 2 b", "OBJECT ENCODING y",
                "MEMORY USAGE y", "ZADD y 3 c", "OBJECT ENCODING y", "OBJECT ENCODING before", "ZADD before 5 a",
                "OBJECT ENCODING before", "ZINCRBY before 1 b", "OBJECT ENCODING before", "ZADD before 9 d",
                "OBJECT ENCODING before", "ZADD src1 1 a 2 b", "ZADD src2 3 c 4 d", "ZUNIONSTORE u 2 src1 src2",
                "OBJECT ENCODING u", "ZINTERSTORE i 2 src1 src1", "OBJECT ENCODING i", "ZRANGESTORE r src1 0 -1",
                "OBJECT ENCODING r", "ZDIFFSTORE d 1 u", "OBJECT ENCODING d",
                "CONFIG SET zset-max-listpack-entries 128 zset-max-ziplist-value 2", "ZADD v 1 ab", "OBJECT ENCODING v",
                "ZADD v 2 abc", "OBJECT ENCODING v", "ZADD w 1 abc", "OBJECT ENCODING w",
                "GEOADD g 13.361389 38.115556 ab", "OBJECT ENCODING g", "GEOADD g 15.087269 37.502669 abc",
                "OBJECT ENCODING g", "CONFIG SET zset-max-listpack-value 64", "ZADD n 1 abc", "OBJECT ENCODING n",
                "ZADD m 1 a 2 b 3 c", "OBJECT ENCODING m", "MEMORY USAGE m");
    }

    @Test
    void setsFollowSetMaxIntsetEntries() {
        script("SADD before 1 2 3", "CONFIG SET set-max-intset-entries 2", "SADD s 1 2", "OBJECT ENCODING s",
                "MEMORY USAGE s", "SADD s 3", "OBJECT ENCODING s", "MEMORY USAGE s", "OBJECT ENCODING before",
                "SREM before 3", "OBJECT ENCODING before", "SADD before 4", "OBJECT ENCODING before",
                "SADD before 4", "OBJECT ENCODING before", "SADD a 1 2", "SADD b 2 3", "SUNIONSTORE u a b",
                "OBJECT ENCODING u", "SINTERSTORE i a b", "OBJECT ENCODING i", "SDIFFSTORE d a b", "OBJECT ENCODING d",
                "SMOVE a m 1", "OBJECT ENCODING m", "CONFIG SET set-max-intset-entries 0", "SADD zero 1",
                "OBJECT ENCODING zero", "MEMORY USAGE zero", "CONFIG SET set-max-intset-entries 512", "SADD n 1 2 3",
                "OBJECT ENCODING n", "MEMORY USAGE n");
    }

    @Test
    void listsTakeTheirNodeSizeWhenCreated() {
        script("RPUSH before a b c d e", "CONFIG SET list-max-ziplist-size 2", "RPUSH l a b c d e", "OBJECT ENCODING l",
                "MEMORY USAGE l", "MEMORY USAGE before", "RPUSH before f g", "MEMORY USAGE before",
                "CONFIG SET list-max-listpack-size 1", "RPUSH one a b c", "MEMORY USAGE one",
                "CONFIG SET list-max-listpack-size 3", "LPUSH three a b c d e f g", "MEMORY USAGE three",
                "CONFIG SET list-max-listpack-size -2", "RPUSH back a b c d e", "MEMORY USAGE back",
                "CONFIG SET list-compress-depth 1", "CONFIG GET list-compress-depth", "RPUSH compressed a b c",
                "OBJECT ENCODING compressed", "MEMORY USAGE compressed", "CONFIG SET list-compress-depth 0");
        String element = "x".repeat(100);
        for (String fill : new String[] {"-1", "-2", "-3"}) {
            both("CONFIG", "SET", "list-max-listpack-size", fill);
            for (int i = 0; i < 100; i++) {
                both("RPUSH", "big" + fill, element + i);
            }
            script("OBJECT ENCODING big" + fill, "MEMORY USAGE big" + fill + " SAMPLES 0");
        }
        both("CONFIG", "SET", "list-max-listpack-size", "5");
        for (int i = 0; i < 23; i++) {
            both("RPUSH", "counted", element + i);
        }
        both("CONFIG", "SET", "list-max-listpack-size", "3");
        for (int i = 0; i < 100; i++) {
            both("RPUSH", "many", element + i);
        }
        script("MEMORY USAGE counted SAMPLES 0", "MEMORY USAGE counted", "MEMORY USAGE many", "MEMORY USAGE many SAMPLES 0",
                "MEMORY USAGE big-2", "MEMORY USAGE big-1 SAMPLES 2");
    }

    @Test
    void listsCompressTheirInnerNodesPastTheCompressDepth() {
        both("CONFIG", "SET", "list-compress-depth", "1");
        both(push("RPUSH", "d1", 2000, i -> "element-" + i));
        script("MEMORY USAGE d1", "MEMORY USAGE d1 SAMPLES 0", "MEMORY USAGE d1 SAMPLES 2", "DUMP d1",
                "LRANGE d1 600 602", "LINDEX d1 1200", "MEMORY USAGE d1 SAMPLES 0", "DUMP d1");
        script("CONFIG SET rdbcompression no", "DUMP d1", "CONFIG SET rdbcompression yes");
        both("CONFIG", "SET", "list-compress-depth", "2");
        both(push("RPUSH", "d2", 5000, i -> "value:" + i * 7));
        script("MEMORY USAGE d2", "MEMORY USAGE d2 SAMPLES 0", "DUMP d2", "CONFIG SET rdbcompression no", "DUMP d2",
                "CONFIG SET rdbcompression yes", "RPUSH short a b c", "MEMORY USAGE short", "DUMP short");
        both("CONFIG", "SET", "list-compress-depth", "1", "list-max-listpack-size", "2");
        both(push("RPUSH", "tiny", 9, i -> "t" + i));
        script("MEMORY USAGE tiny SAMPLES 0", "DUMP tiny");
        java.util.Random random = new java.util.Random(16);
        both(push("RPUSH", "noise", 9, i -> Long.toString(random.nextLong(), 36) + Long.toString(random.nextLong(), 36)));
        both(push("RPUSH", "mixed", 9, i -> i % 2 == 0 ? "z".repeat(40) : "y".repeat(20) + i));
        both("CONFIG", "SET", "rdbcompression", "no");
        script("MEMORY USAGE noise SAMPLES 0", "DUMP noise", "MEMORY USAGE mixed SAMPLES 0", "DUMP mixed",
                "CONFIG SET rdbcompression yes");
    }

    private static String[] push(String command, String key, int count, java.util.function.IntFunction<String> element) {
        String[] args = new String[count + 2];
        args[0] = command;
        args[1] = key;
        for (int i = 0; i < count; i++) {
            args[i + 2] = element.apply(i);
        }
        return args;
    }

    @Test
    void streamNodesFollowStreamNodeMaxEntriesAndBytes() {
        both("CONFIG", "SET", "stream-node-max-entries", "2");
        for (int i = 1; i <= 5; i++) {
            both("XADD", "s", i + "-1", "field", "value" + i);
        }
        script("XINFO STREAM s", "MEMORY USAGE s", "XINFO STREAM s FULL", "XTRIM s MAXLEN ~ 2", "XLEN s");
        both("CONFIG", "SET", "stream-node-max-entries", "0", "stream-node-max-bytes", "100");
        for (int i = 1; i <= 6; i++) {
            both("XADD", "b", i + "-1", "field", "value-of-some-length-" + i);
        }
        script("XINFO STREAM b", "MEMORY USAGE b");
        both("CONFIG", "SET", "stream-node-max-bytes", "0", "stream-node-max-entries", "3");
        for (int i = 1; i <= 7; i++) {
            both("XADD", "e", i + "-1", "f", "v");
        }
        script("XINFO STREAM e", "MEMORY USAGE e", "CONFIG SET stream-node-max-entries 100 stream-node-max-bytes 4096");
        for (int i = 1; i <= 7; i++) {
            both("XADD", "d", i + "-1", "f", "v");
        }
        script("XINFO STREAM d", "MEMORY USAGE d", "CONFIG SET stream-node-max-entries 2");
        for (int i = 1; i <= 25; i++) {
            both("XADD", "long", i + "-1", "field", "value" + "v".repeat(i));
        }
        script("XINFO STREAM long", "MEMORY USAGE long", "MEMORY USAGE long SAMPLES 0", "MEMORY USAGE long SAMPLES 3",
                "XDEL long 1-1 2-1 3-1", "MEMORY USAGE long SAMPLES 0");
    }

    @Test
    void hyperLogLogsTurnDensePastHllSparseMaxBytes() {
        script("PFADD before a b c", "CONFIG SET hll-sparse-max-bytes 30", "PFADD h a b c", "PFDEBUG ENCODING h",
                "PFADD h d e f g h i j k l m n o p", "PFDEBUG ENCODING h", "STRLEN h", "PFCOUNT h",
                "PFDEBUG ENCODING before", "CONFIG SET hll-sparse-max-bytes 0", "PFADD zero a", "PFDEBUG ENCODING zero",
                "STRLEN zero", "PFADD empty", "PFDEBUG ENCODING empty", "CONFIG SET hll-sparse-max-bytes 3000",
                "PFADD back a b c", "PFDEBUG ENCODING back", "STRLEN back", "GETRANGE back 4 4");
    }

    @Test
    void restoreFollowsTheThresholdsAndCopyKeepsTheEncoding() {
        both("HSET", "h", "a", "1", "b", "2", "c", "3");
        both("SADD", "s", "1", "2", "3");
        both("ZADD", "z", "1", "a", "2", "b", "3", "c");
        both("RPUSH", "l", "a", "b", "c", "d", "e");
        both("CONFIG", "SET", "hash-max-listpack-entries", "2", "set-max-intset-entries", "2",
                "zset-max-listpack-entries", "2", "list-max-listpack-size", "2");
        for (String key : new String[] {"h", "s", "z", "l"}) {
            String[] restored = dumpAndRestoreOnEachSide(key, key + "-restored", "0");
            assertThat(restored[1]).isEqualTo(restored[0]);
            script("OBJECT ENCODING " + key + "-restored", "COPY " + key + " " + key + "-copy", "OBJECT ENCODING " + key
                    + "-copy", "MEMORY USAGE " + key + "-copy");
            if (!key.equals("z")) {
                // A skiplist's node heights are random in Redis: its MEMORY USAGE differs from run to run.
                script("MEMORY USAGE " + key + "-restored");
            }
        }
        both("CONFIG", "SET", "hash-max-listpack-entries", "512", "set-max-intset-entries", "512",
                "zset-max-listpack-entries", "128");
        both("HSET", "big", "a", "1", "b", "2", "c", "3", "d", "4");
        both("CONFIG", "SET", "hash-max-listpack-entries", "3");
        String[] bigger = dumpAndRestoreOnEachSide("big", "big-restored", "0");
        assertThat(bigger[1]).isEqualTo(bigger[0]);
        script("OBJECT ENCODING big-restored");
        both("CONFIG", "SET", "hash-max-listpack-entries", "512", "hash-max-listpack-value", "2", "zset-max-listpack-value", "2");
        both("HSET", "long", "a", "abcdef");
        both("ZADD", "zlong", "1", "abcdef");
        both("CONFIG", "SET", "hash-max-listpack-value", "64", "zset-max-listpack-value", "64");
        both("HSET", "short", "a", "abcdef");
        both("ZADD", "zshort", "1", "abcdef", "2", "b", "3", "c");
        both("CONFIG", "SET", "hash-max-listpack-value", "2", "zset-max-listpack-value", "2");
        for (String key : new String[] {"long", "short", "zlong", "zshort"}) {
            String[] restored = dumpAndRestoreOnEachSide(key, key + "-restored", "0");
            assertThat(restored[1]).isEqualTo(restored[0]);
            script("OBJECT ENCODING " + key + "-restored");
        }
        both("CONFIG", "SET", "zset-max-listpack-entries", "2");
        String[] fewer = dumpAndRestoreOnEachSide("zshort", "zshort-fewer", "0");
        assertThat(fewer[1]).isEqualTo(fewer[0]);
        script("OBJECT ENCODING zshort-fewer");
    }
}
