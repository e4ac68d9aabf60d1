package dev.embeddedcluster.compare;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * BITFIELD and BITFIELD_RO against a real redis-server: every width's edges, the three overflow
 * policies both ways, {@code #} offsets, the order of errors, what a call creates or leaves
 * alone, and a seeded random run compared reply by reply.
 */
class BitfieldIT extends ComparisonSupport {
    private static final long SEED = 20261126L;
    private static final int RANDOM_CALLS = 4000;

    /**
     * The exact bytes of a string on both sides (a UTF-8 decoded GET could hide a difference in
     * non-ASCII bytes), read back through STRLEN and GETBIT.
     */
    private void sameBytes(String key) {
        String length = same("STRLEN", key);
        int bits = Integer.parseInt(length.substring(1).trim()) * 8;
        List<String[]> reads = new ArrayList<>();
        for (int bit = 0; bit < bits; bit++) {
            reads.add(new String[] {"GETBIT", key, Integer.toString(bit)});
        }
        String[][] replies = pipelined(reads);
        for (int bit = 0; bit < bits; bit++) {
            assertThat(replies[bit][1]).as("bit %d of %s", bit, key).isEqualTo(replies[bit][0]);
        }
    }

    @Test
    void getReadsEveryWidthAtAnyOffset() {
        script("SET s foobar", "BITFIELD s SET u8 #1 255 SET u8 #3 128 SET u8 #5 1",
                "BITFIELD s GET i1 0 GET u1 0 GET i1 8 GET u1 8 GET i1 1 GET u1 1",
                "BITFIELD s GET i64 0 GET i64 1 GET i64 7 GET i64 8 GET i64 9 GET i64 40",
                "BITFIELD s GET u63 0 GET u63 1 GET u63 8 GET u63 9 GET u63 17 GET u63 40",
                "BITFIELD s GET i16 4 GET u12 20 GET i7 45 GET u9 7 GET i9 7 GET u2 15 GET i2 15 GET i32 3 GET u31 33",
                "BITFIELD s GET i64 #0 GET u8 #5 GET u8 #6 GET i5 #3 GET u3 #15 GET i64 #1",
                "BITFIELD s GET u8 47 GET i8 47 GET u8 48 GET i64 1000 GET u63 4294967295 GET i64 4294967295",
                "STRLEN s", "BITFIELD_RO s GET i64 0 GET u63 1 GET i8 #3");
        sameBytes("s");
    }

    @Test
    void setAndIncrbyAtEveryWidthEdge() {
        script("BITFIELD w SET i1 0 -1 SET i1 0 1 GET i1 0 GET u1 0",
                "BITFIELD w SET u1 3 1 SET u1 4 2 SET u1 5 -1 GET u1 3 GET u1 4 GET u1 5 GET u8 0",
                "BITFIELD w SET i64 5 -9223372036854775808 GET i64 5 GET u63 5 GET u63 6 GET u1 5",
                "BITFIELD w SET u63 70 9223372036854775807 GET u63 70 GET i64 69 GET i64 70",
                "BITFIELD w INCRBY i64 140 9223372036854775807 INCRBY i64 140 1 INCRBY i64 140 -1",
                "BITFIELD w INCRBY u63 210 9223372036854775807 INCRBY u63 210 1 INCRBY u63 210 -1",
                "BITFIELD w SET i9 3 -256 INCRBY i9 3 -1 SET u15 11 32767 INCRBY u15 11 1",
                "BITFIELD w INCRBY i1 300 -1 INCRBY i1 300 -1 INCRBY u1 301 1 INCRBY u1 301 1",
                "STRLEN w", "GETBIT w 5", "GETBIT w 6", "BITCOUNT w");
        sameBytes("w");
    }

    @Test
    void overflowWrapSatAndFailWithIncrby() {
        script("BITFIELD o INCRBY i8 0 127 INCRBY i8 0 1 INCRBY i8 0 -1",
                "BITFIELD o OVERFLOW SAT INCRBY i8 0 -1000 INCRBY i8 0 1000 INCRBY i8 0 -9223372036854775808",
                "BITFIELD o OVERFLOW SAT INCRBY i8 0 9223372036854775807 INCRBY i8 0 -1",
                "BITFIELD o OVERFLOW FAIL INCRBY i8 0 2 INCRBY i8 0 -255 INCRBY i8 0 -1 GET i8 0",
                "BITFIELD o INCRBY u8 8 255 INCRBY u8 8 1 INCRBY u8 8 -1 INCRBY u8 8 -9223372036854775808",
                "BITFIELD o OVERFLOW SAT INCRBY u8 8 10 INCRBY u8 8 -300 INCRBY u8 8 9223372036854775807",
                "BITFIELD o OVERFLOW FAIL INCRBY u8 8 -1 INCRBY u8 8 255 INCRBY u8 8 1 GET u8 8",
                "BITFIELD o SET i64 16 9223372036854775807 INCRBY i64 16 1 OVERFLOW SAT INCRBY i64 16 -1",
                "BITFIELD o OVERFLOW SAT INCRBY i64 16 9223372036854775807 INCRBY i64 16 9223372036854775807",
                "BITFIELD o INCRBY i64 16 -9223372036854775808 INCRBY i64 16 -9223372036854775808",
                "BITFIELD o OVERFLOW FAIL INCRBY i64 16 1 INCRBY i64 16 -9223372036854775808 GET i64 16",
                "BITFIELD o SET u63 80 9223372036854775807 INCRBY u63 80 1 OVERFLOW SAT INCRBY u63 80 -1",
                "BITFIELD o OVERFLOW SAT INCRBY u63 80 9223372036854775807 INCRBY u63 80 9223372036854775807",
                "BITFIELD o INCRBY u63 80 -9223372036854775808 OVERFLOW FAIL INCRBY u63 80 -9223372036854775808",
                "BITFIELD o OVERFLOW FAIL INCRBY u63 80 9223372036854775807 GET u63 80",
                "BITFIELD o INCRBY u2 150 5 OVERFLOW SAT INCRBY u2 152 5 OVERFLOW FAIL INCRBY u2 154 5 OVERFLOW WRAP INCRBY u2 156 5",
                "BITFIELD o overflow sat INCRBY i3 160 9 OVERFLOW Fail incrby i3 163 9 OvErFlOw wrap INCRBY i3 166 9");
        sameBytes("o");
    }

    @Test
    void overflowWrapSatAndFailWithSet() {
        script("BITFIELD o SET i8 0 128 SET i8 0 -129 GET i8 0 SET i8 0 -9223372036854775808 GET i8 0",
                "BITFIELD o OVERFLOW SAT SET i8 0 1000 SET i8 0 -1000 SET i8 0 127 SET i8 0 -128",
                "BITFIELD o OVERFLOW FAIL SET i8 0 128 SET i8 0 -129 SET i8 0 -128 SET i8 0 127 GET i8 0",
                // Redis's signed check wraps for values this negative: SAT stores the maximum.
                "BITFIELD o OVERFLOW SAT SET i8 0 -9223372036854775808 GET i8 0 SET i8 0 -9223372036854775681 GET i8 0",
                "BITFIELD o OVERFLOW SAT SET i8 0 -9223372036854775680 GET i8 0 SET i63 8 -9223372036854775808 GET i63 8",
                "BITFIELD o OVERFLOW SAT SET i63 8 -4611686018427387905 GET i63 8 SET i1 80 -9223372036854775807 GET i1 80",
                "BITFIELD o OVERFLOW SAT SET u8 0 -1 GET u8 0 SET u8 0 -5 SET u8 0 256 SET u63 8 -1 GET u63 8",
                "BITFIELD o OVERFLOW WRAP SET u8 0 -1 SET u8 0 -256 SET u8 0 256 SET u8 0 257 GET u8 0",
                "BITFIELD o OVERFLOW FAIL SET u8 0 -1 SET u8 0 256 SET u8 0 255 SET u63 8 -9223372036854775808",
                "BITFIELD o SET i64 100 -9223372036854775808 OVERFLOW FAIL SET i64 100 9223372036854775807",
                "BITFIELD o OVERFLOW SAT SET i64 100 -9223372036854775808 GET i64 100");
        sameBytes("o");
    }

    @Test
    void hashOffsetsCountInUnitsOfTheType() {
        script("BITFIELD h SET u8 #0 1 SET u8 #1 2 SET i4 #5 -3 GET u8 #0 GET u8 #1 GET i4 #5 GET u4 20",
                "BITFIELD h INCRBY i5 #3 7 GET i5 15 SET u7 #2 100 GET u7 14", "STRLEN h",
                "BITFIELD h GET i8 #-1", "BITFIELD h GET i8 #", "BITFIELD h GET i8 ##1", "BITFIELD h GET i8 #+1",
                "BITFIELD h GET i8 #01", "BITFIELD h GET i8 1#", "BITFIELD h GET i8 #x",
                "BITFIELD h GET u8 #536870911", "BITFIELD h GET u8 #536870912", "BITFIELD h GET u1 #4294967295",
                "BITFIELD h GET u1 #4294967296",
                // n times the width wraps around 64 bits in Redis, so these land on offset 0.
                "BITFIELD h GET i64 #2305843009213693952", "BITFIELD h GET i64 #288230376151711744",
                "BITFIELD h GET i64 #288230376151711743", "BITFIELD h GET i8 #9223372036854775807",
                "BITFIELD h GET u8 4294967295", "BITFIELD h GET u8 4294967296", "BITFIELD h GET u8 -1",
                "BITFIELD h GET u8 x", "BITFIELD h GET u8 9223372036854775808", "BITFIELD h GET u8 +1", "STRLEN h");
        same("BITFIELD", "h", "GET", "u8", "# 1");
        same("BITFIELD", "h", "GET", "u8", "");
        same("BITFIELD", "h", "GET", "u8", " 1");
        sameBytes("h");
    }

    @Test
    void sharesTheStringWithTheOtherStringAndBitCommands() {
        script("SETBIT x 0 1", "BITFIELD x GET u8 0 GET i8 0", "GETBIT x 0", "BITFIELD x SET u4 4 15", "GET x",
                "STRLEN x", "BITCOUNT x", "APPEND x abc", "BITFIELD x GET u32 #0 GET u8 #3", "SETRANGE x 1 z",
                "BITFIELD x INCRBY u8 #1 1", "GET x", "SETBIT x 40 1", "BITFIELD x GET u8 #5", "STRLEN x",
                "SET n 12345", "OBJECT ENCODING n", "BITFIELD n GET u8 0", "OBJECT ENCODING n",
                "BITFIELD n SET u8 0 49", "OBJECT ENCODING n", "GET n", "INCR n", "BITFIELD n SET u8 #4 57", "GET n",
                "INCR n", "SET e hi", "OBJECT ENCODING e", "BITFIELD e OVERFLOW FAIL SET u8 0 999", "OBJECT ENCODING e",
                "GET e", "SET t abc EX 100", "BITFIELD t SET u8 0 65", "PTTL t", "GET t",
                "BITFIELD t OVERFLOW FAIL SET u8 0 256", "PTTL t");
        same("SET", "blank", "");
        script("BITFIELD blank GET i16 0", "STRLEN blank", "BITFIELD blank INCRBY i16 0 -2", "STRLEN blank",
                "BITFIELD blank GET u16 0", "OBJECT ENCODING blank");
        sameBytes("x");
        sameBytes("n");
    }

    @Test
    void readsNeverCreateTheKeyAndWritesAlwaysDo() {
        script("BITFIELD m GET u8 0 GET i64 100", "EXISTS m", "BITFIELD m", "EXISTS m", "BITFIELD_RO m GET u8 0",
                "BITFIELD_RO m", "BITFIELD m OVERFLOW FAIL GET u8 0", "EXISTS m",
                // Every write refused by FAIL: the string still grew to the farthest bit written.
                "BITFIELD m OVERFLOW FAIL SET u8 100 256", "EXISTS m", "STRLEN m", "OBJECT ENCODING m",
                "BITFIELD m2 OVERFLOW FAIL INCRBY i8 0 200 GET u8 0", "STRLEN m2",
                "BITFIELD m3 SET u1 23 1", "STRLEN m3", "BITFIELD m4 GET u8 100 SET i8 8 0", "STRLEN m4",
                "BITFIELD m5 SET i64 0 0 INCRBY u63 64 0", "STRLEN m5",
                "BITFIELD m6 SET u8 0 1 GET x8 0", "EXISTS m6", "BITFIELD m6 SET u8 0 1 OVERFLOW FOO", "EXISTS m6",
                "BITFIELD_RO m6 GET u8 0 SET u8 0 1", "EXISTS m6", "DBSIZE");
        sameBytes("m");
        sameBytes("m5");
    }

    @Test
    void wrongTypeComesAfterParsing() {
        script("HSET h f v", "BITFIELD h GET u8 0", "BITFIELD h", "BITFIELD h SET u8 0 1", "BITFIELD h INCRBY u8 0 1",
                "BITFIELD h OVERFLOW FAIL SET u8 0 999", "BITFIELD_RO h GET u8 0", "BITFIELD_RO h",
                "BITFIELD_RO h SET u8 0 1", "BITFIELD h GET x8 0", "BITFIELD_RO h SET x8 0 1", "BITFIELD h GET u8 -1",
                "BITFIELD h SET u8 0 x", "TYPE h", "RPUSH l a", "BITFIELD l GET i8 0", "BITFIELD l SET i8 0 1");
    }

    @Test
    void everyErrorInTheOrderRedisChecks() {
        script("SET k abc",
                // syntax
                "BITFIELD k FOO", "BITFIELD k GET", "BITFIELD k GET i8", "BITFIELD k SET i8 0", "BITFIELD k INCRBY i8 0",
                "BITFIELD k OVERFLOW", "BITFIELD k GET i8 0 OVERFLOW", "BITFIELD k GET i8 0 extra", "BITFIELD k GET i8 0 1",
                "BITFIELD k SET i8 0 1 2", "BITFIELD k GETX i8 0", "BITFIELD k get i8 0 set i8 0 97 incrby i8 0 0",
                // types
                "BITFIELD k GET i0 0", "BITFIELD k GET i65 0", "BITFIELD k GET u64 0", "BITFIELD k GET u0 0",
                "BITFIELD k GET x8 0", "BITFIELD k GET I8 0", "BITFIELD k GET U8 0", "BITFIELD k GET i08 0",
                "BITFIELD k GET i+8 0", "BITFIELD k GET i-1 0", "BITFIELD k GET i 0", "BITFIELD k GET u 0",
                "BITFIELD k GET i9223372036854775808 0", "BITFIELD k GET 8 0", "BITFIELD k GET u63 0 GET i64 0",
                // overflow policies
                "BITFIELD k OVERFLOW FOO", "BITFIELD k OVERFLOW WRAPX", "BITFIELD k OVERFLOW SAT FOO",
                // values
                "BITFIELD k SET i8 0 x", "BITFIELD k INCRBY i8 0 1.5", "BITFIELD k SET i8 0 9223372036854775808",
                "BITFIELD k SET i8 0 +1", "BITFIELD k INCRBY u8 0 01",
                // the first error met, left to right
                "BITFIELD k GET x8 0 OVERFLOW FOO", "BITFIELD k OVERFLOW FOO GET x8 0", "BITFIELD k SET i8 -1 x",
                "BITFIELD k SET x8 x x", "BITFIELD k GET i8 0 FOO", "BITFIELD k SET i8 0 1 GET u64 0",
                "BITFIELD k INCRBY i8 0 x GET i8 -1", "BITFIELD k GET u8 0 SET u8 0 x", "BITFIELD k FOO GET x8 0",
                // BITFIELD_RO parses everything before refusing a write
                "BITFIELD_RO k SET i8 0 x", "BITFIELD_RO k INCRBY x8 0 1", "BITFIELD_RO k INCRBY i8 0 1",
                "BITFIELD_RO k SET i8 0 1", "BITFIELD_RO k GET i8 0 SET i8 0 1 GET i8 0", "BITFIELD_RO k GET i8 0 FOO",
                "BITFIELD_RO k OVERFLOW SAT GET i8 0", "BITFIELD_RO k OVERFLOW BAD GET i8 0",
                "BITFIELD_RO k OVERFLOW FAIL GET u63 0 GET i64 0", "get k",
                // arity
                "BITFIELD", "BITFIELD_RO");
        same("BITFIELD", "k", "GET", "", "0");
        same("BITFIELD", "k", "GET", "i8 ", "0");
        same("BITFIELD", "k", "GET", "i8\u0000junk", "0");
        same("BITFIELD", "k", "GET", "i\u00008", "0");
        same("BITFIELD", "k", "SET", "i8", "0", "");
        same("BITFIELD", "k", "OVERFLOW", "", "GET", "i8", "0");
        same("GET", "k");
    }

    @Test
    void resp3RepliesNullsForRefusedWrites() {
        same3("BITFIELD", "r", "OVERFLOW", "FAIL", "INCRBY", "u2", "0", "5", "GET", "u2", "0", "INCRBY", "u2", "0", "1");
        same3("BITFIELD", "r", "OVERFLOW", "SAT", "SET", "i3", "2", "-9", "OVERFLOW", "FAIL", "SET", "i3", "2", "4");
        same3("BITFIELD", "r");
        same3("BITFIELD", "absent", "GET", "i64", "0");
        same3("BITFIELD_RO", "r", "GET", "i3", "2", "GET", "u63", "0");
        same3("BITFIELD_RO", "r", "SET", "i3", "2", "1");
        same3("BITFIELD", "r", "GET", "u64", "0");
        same3("HSET", "h", "f", "v");
        same3("BITFIELD", "h", "GET", "u8", "0");
    }

    @Test
    void keyFlagsDependOnTheOperations() {
        script("COMMAND GETKEYSANDFLAGS BITFIELD k GET u8 0", "COMMAND GETKEYSANDFLAGS BITFIELD k",
                "COMMAND GETKEYSANDFLAGS BITFIELD k OVERFLOW SAT GET u8 0 GET i8 8",
                "COMMAND GETKEYSANDFLAGS BITFIELD k GET u8 0 SET u8 0 1", "COMMAND GETKEYSANDFLAGS BITFIELD k INCRBY u8 0 1",
                "COMMAND GETKEYSANDFLAGS BITFIELD k GET u8 0 FOO", "COMMAND GETKEYSANDFLAGS BITFIELD k GET u8",
                "COMMAND GETKEYSANDFLAGS BITFIELD k OVERFLOW", "COMMAND GETKEYSANDFLAGS BITFIELD k SET u8 0",
                "COMMAND GETKEYSANDFLAGS BITFIELD_RO k GET u8 0", "COMMAND GETKEYS BITFIELD k SET u8 0 1",
                "COMMAND GETKEYS BITFIELD_RO k GET u8 0");
    }

    /**
     * A few thousand random calls on a handful of keys (one of them a hash), pipelined to both
     * servers and compared reply by reply, then every key's bytes compared. The seed is fixed (the
     * real server's replies to it are recorded) and printed on failure.
     */
    @Test
    void randomCallsGetTheSameReplies() {
        Random random = new Random(SEED);
        same("HSET", "rh", "f", "v");
        List<String> history = new ArrayList<>();
        int sent = 0;
        while (sent < RANDOM_CALLS) {
            List<String[]> batch = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                batch.add(randomCommand(random));
            }
            String[][] replies = pipelined(batch);
            for (int i = 0; i < batch.size(); i++) {
                history.add(String.join(" ", batch.get(i)));
                if (history.size() > 20) {
                    history.remove(0);
                }
                assertThat(replies[i][1]).as("seed %d, call #%d: %s%nlast calls:%n%s", SEED, sent + i,
                        String.join(" ", batch.get(i)), String.join("\n", history)).isEqualTo(replies[i][0]);
            }
            sent += batch.size();
        }
        for (int k = 0; k < 5; k++) {
            if (same("TYPE", "r" + k).equals("+string\r\n")) {
                sameBytes("r" + k);
            }
        }
    }

    private static String[] randomCommand(Random random) {
        String key = random.nextInt(25) == 0 ? "rh" : "r" + random.nextInt(5);
        int kind = random.nextInt(20);
        if (kind == 0) {
            return new String[] {"DEL", key};
        }
        if (kind == 1) {
            return new String[] {random.nextBoolean() ? "STRLEN" : "BITCOUNT", key};
        }
        if (kind == 2) {
            return new String[] {"SETBIT", key, Integer.toString(random.nextInt(100)), Integer.toString(random.nextInt(2))};
        }
        if (kind == 3) {
            return new String[] {"GETBIT", key, Integer.toString(random.nextInt(100))};
        }
        if (kind == 4) {
            return new String[] {"SET", key, Integer.toString(random.nextInt(2000) - 1000)};
        }
        boolean readOnly = kind == 5;
        List<String> command = new ArrayList<>(List.of(readOnly ? "BITFIELD_RO" : "BITFIELD", key));
        int operations = random.nextInt(5);
        for (int i = 0; i < operations; i++) {
            if (random.nextInt(5) == 0) {
                command.add(random.nextInt(30) == 0 ? "overflow" : "OVERFLOW");
                command.add(random.nextInt(40) == 0 ? "BAD" : pick(random, "WRAP", "SAT", "FAIL", "wrap", "sat", "fail"));
            }
            int op = random.nextInt(readOnly ? 8 : 3);
            String name = op == 1 ? "SET" : op == 2 ? "INCRBY" : "GET";
            command.add(random.nextInt(50) == 0 ? name.toLowerCase(java.util.Locale.ROOT) : name);
            boolean signed = random.nextBoolean();
            int bits = randomWidth(random, signed);
            command.add(random.nextInt(60) == 0 ? pick(random, "u64", "i0", "x8", "i65") : (signed ? "i" : "u") + bits);
            command.add(randomOffset(random));
            if (!name.equals("GET")) {
                command.add(randomValue(random, signed, bits));
            }
        }
        if (random.nextInt(80) == 0) {
            command.add(pick(random, "FOO", "GET", "OVERFLOW", "SET"));
        }
        return command.toArray(new String[0]);
    }

    private static int randomWidth(Random random, boolean signed) {
        if (random.nextBoolean()) {
            int[] edges = signed ? new int[] {1, 2, 7, 8, 9, 15, 16, 31, 32, 33, 63, 64} : new int[] {1, 2, 7, 8, 9, 16, 32, 62, 63};
            return edges[random.nextInt(edges.length)];
        }
        return 1 + random.nextInt(signed ? 64 : 63);
    }

    private static String randomOffset(Random random) {
        int kind = random.nextInt(50);
        if (kind == 0) {
            return pick(random, "-1", "x", "#-1", "#", "4294967296");
        }
        if (kind < 10) {
            return "#" + random.nextInt(6);
        }
        return Integer.toString(random.nextInt(90));
    }

    /** Mostly values at and around the type's bounds, where the overflow rules act. */
    private static String randomValue(Random random, boolean signed, int bits) {
        long max = signed ? (bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1) : (1L << bits) - 1;
        long min = signed ? -max - 1 : 0;
        return switch (random.nextInt(12)) {
            case 0, 1, 2 -> Long.toString(random.nextInt(11) - 5);
            case 3 -> Long.toString(max);
            case 4 -> Long.toString(min);
            case 5 -> Long.toString(max + 1);
            case 6 -> Long.toString(min - 1);
            case 7 -> Long.toString(random.nextLong());
            case 8 -> pick(random, "9223372036854775807", "-9223372036854775808", "-9223372036854775681");
            case 9 -> Long.toString(random.nextInt(1000) - 500);
            case 10 -> Long.toString(-max + random.nextInt(3));
            default -> random.nextInt(20) == 0 ? pick(random, "x", "1.5", "") : Long.toString(random.nextInt(300) - 150);
        };
    }

    private static String pick(Random random, String... choices) {
        return choices[random.nextInt(choices.length)];
    }
}
