package dev.embeddedcluster.compare;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HyperLogLog commands against a real redis-server. An HLL is a string, so beyond the replies
 * the exact bytes GET returns are compared (header, cached cardinality, sparse runs, dense
 * registers), along with the string's encoding, after every kind of change.
 */
class HyperLogLogIT extends ComparisonSupport {
    private static final byte[] SPARSE_HEADER = HexFormat.of().parseHex("48594c4c01000000");
    private static final byte[] DENSE_HEADER = HexFormat.of().parseHex("48594c4c00000000");
    private static final byte[] STALE_CACHE = HexFormat.of().parseHex("0000000000000080");
    private static final byte[] ALL_ZERO_RUN = HexFormat.of().parseHex("7fff");

    private static byte[] b(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** GET of the key in both protocols, STRLEN and OBJECT ENCODING: the HLL's exact state. */
    private void sameState(String key) {
        sameBinary(false, b("GET"), b(key));
        sameBinary(true, b("GET"), b(key));
        same("STRLEN", key);
        same("OBJECT", "ENCODING", key);
    }

    /** SET of the same bytes on both servers. */
    private void setBoth(String key, byte[] value) {
        sameBinary(false, b("SET"), b(key), value);
    }

    /** The value Redis holds at a key (compared with ours on the way). */
    private byte[] value(String key) {
        byte[] reply = sameBinary(false, b("GET"), b(key));
        int start = new String(reply, StandardCharsets.ISO_8859_1).indexOf("\r\n") + 2;
        return Arrays.copyOfRange(reply, start, reply.length - 2);
    }

    /** PFADD of elements prefix+from .. prefix+(to-1) in one command. */
    private String addRange(String key, String prefix, int from, int to) {
        String[] command = new String[2 + to - from];
        command[0] = "PFADD";
        command[1] = key;
        for (int i = from; i < to; i++) {
            command[2 + i - from] = prefix + i;
        }
        return same(command);
    }

    @Test
    void pfaddCreatesASparseRawStringAndRepliesWhetherARegisterChanged() {
        script("PFADD h", "PFADD h", "TYPE h", "PFCOUNT h");
        sameState("h");
        script("PFADD h a b c", "PFADD h a", "PFADD h c b a", "PFADD h A", "PFADD h x x x", "PFDEBUG ENCODING h",
                "PFDEBUG DECODE h", "PFCOUNT h", "PFCOUNT missing", "EXISTS missing");
        sameState("h");
        same("PFADD", "h", "", "with space", "\u00e9t\u00e9");
        same("PFADD", "bin", "\u0000\u00ff\r\n");
        sameState("h");
        sameState("bin");
        same3("PFADD", "h3");
        same3("PFADD", "h3", "a", "b");
        same3("PFADD", "h3", "a");
        same3("PFCOUNT", "h3");
        sameBinary(true, b("GET"), b("h3"));
    }

    @Test
    void pfcountCachesItsEstimateInTheHeaderUntilTheNextChange() {
        script("PFADD {h}a a b c d e", "PFADD {h}b d e f g");
        sameState("{h}a");
        script("PFCOUNT {h}a");
        sameState("{h}a");
        script("PFCOUNT {h}a", "PFADD {h}a a", "PFCOUNT {h}a");
        sameState("{h}a");
        script("PFADD {h}a zz", "PFCOUNT {h}b {h}a", "PFCOUNT {h}a {h}missing", "PFCOUNT {h}missing {h}other",
                "PFCOUNT {h}b {h}b");
        // The union is never cached, nor does it touch the inputs' encoding.
        sameState("{h}a");
        sameState("{h}b");
        script("PFCOUNT {h}a");
        sameState("{h}a");
        same3("PFCOUNT", "{h}a", "{h}b");
        same3("PFCOUNT", "{h}b");
    }

    @Test
    void aCachedCardinalityIsTrustedAsStored() {
        byte[] cached = concat(SPARSE_HEADER, HexFormat.of().parseHex("3930000000000000"), ALL_ZERO_RUN);
        setBoth("c", cached);
        script("OBJECT ENCODING c", "PFCOUNT c", "OBJECT ENCODING c");
        byte[] huge = concat(SPARSE_HEADER, HexFormat.of().parseHex("ffffffffffffff7f"), ALL_ZERO_RUN);
        setBoth("huge", huge);
        script("PFCOUNT huge", "PFADD huge a", "PFCOUNT huge");
        sameState("huge");
    }

    @Test
    void twentyThousandElementsInOnePfadd() {
        assertThat(addRange("big", "e", 0, 20000)).isEqualTo(":1\r\n");
        sameState("big");
        script("PFCOUNT big", "PFDEBUG ENCODING big");
        sameState("big");
        assertThat(addRange("big", "e", 0, 20000)).isEqualTo(":0\r\n");
        addRange("big", "f", 0, 50000);
        script("PFCOUNT big");
        sameState("big");
        for (int n : new int[] {10, 100, 500, 1000, 1500, 2000, 5000}) {
            addRange("n" + n, "m", 0, n);
            script("PFDEBUG ENCODING n" + n, "PFCOUNT n" + n);
            sameState("n" + n);
        }
    }

    @Test
    void twentyThousandElementsOneByOneThroughTheTurnToDense() {
        boolean dense = false;
        for (int i = 0; i < 20000; i++) {
            same("PFADD", "one", "e" + i);
            if (!dense || i % 500 == 0) {
                sameBinary(false, b("GET"), b("one"));
                dense = same("PFDEBUG", "ENCODING", "one").equals("+dense\r\n");
            }
            if (i % 997 == 0) {
                script("PFCOUNT one");
            }
        }
        assertThat(dense).isTrue();
        script("PFCOUNT one");
        sameState("one");
    }

    @Test
    void aRegisterValuePastTheSparseMaximumTurnsTheHllDense() {
        // The hash of big6209776902 has 32 zeros above the register index bits: a register of 33.
        script("PFADD d a b", "PFDEBUG ENCODING d", "PFADD d big6209776902", "PFDEBUG ENCODING d", "PFCOUNT d",
                "PFADD d big6209776902", "PFADD d big7985688365 big8298289851", "PFCOUNT d");
        sameState("d");
        script("PFADD fresh big7985688365", "PFDEBUG ENCODING fresh");
        sameState("fresh");
    }

    @Test
    void stringsThatAreNotHllsAndOtherTypes() {
        script("SET {t}s hello", "PFADD {t}s a", "PFADD {t}s", "PFCOUNT {t}s", "PFCOUNT {t}s {t}missing",
                "PFMERGE {t}s", "PFMERGE {t}d {t}s", "EXISTS {t}d", "PFDEBUG ENCODING {t}s", "GET {t}s", "OBJECT ENCODING {t}s",
                "SET {t}n 1234567890123456", "PFADD {t}n a", "PFCOUNT {t}n", "SET {t}x HYLLHYLLHYLLHYLL", "PFADD {t}x a",
                "RPUSH {t}l a", "PFADD {t}l a", "PFCOUNT {t}l", "PFCOUNT {t}l {t}s", "PFCOUNT {t}s {t}l",
                "PFMERGE {t}l", "PFMERGE {t}d {t}l", "PFMERGE {t}l {t}s", "PFDEBUG ENCODING {t}l", "HSET {t}hh f v",
                "PFCOUNT {t}hh", "SADD {t}set m", "PFADD {t}set m", "ZADD {t}z 1 m", "PFCOUNT {t}z");
        setBoth("{t}short", b("HYLL"));
        setBoth("{t}encoding2", concat(b("HYLL"), new byte[] {2, 0, 0, 0}, STALE_CACHE, ALL_ZERO_RUN));
        setBoth("{t}denseshort", concat(DENSE_HEADER, STALE_CACHE, new byte[100]));
        setBoth("{t}denselong", concat(DENSE_HEADER, STALE_CACHE, new byte[12289]));
        for (String key : new String[] {"{t}short", "{t}encoding2", "{t}denseshort", "{t}denselong"}) {
            script("PFADD " + key + " a", "PFCOUNT " + key, "PFCOUNT {t}missing " + key, "PFMERGE {t}d " + key,
                    "PFDEBUG ENCODING " + key);
        }
        same3("PFADD", "{t}s", "a");
        same3("PFCOUNT", "{t}l");
    }

    @Test
    void corruptSparseRunsAreReportedWhenRead() {
        // Runs covering 16129 registers only: z272 hashes to register 16379, a b c below 16129.
        byte[] truncated = concat(SPARSE_HEADER, STALE_CACHE, HexFormat.of().parseHex("7f00"));
        setBoth("{c}t", truncated);
        script("PFCOUNT {c}t", "PFADD {c}t", "OBJECT ENCODING {c}t", "PFCOUNT {c}t {c}missing", "PFMERGE {c}d {c}t",
                "EXISTS {c}d", "PFDEBUG DECODE {c}t", "PFDEBUG GETREG {c}t", "PFDEBUG TODENSE {c}t",
                "PFDEBUG ENCODING {c}t", "PFADD {c}t a z272 b", "PFADD {c}t c", "PFDEBUG DECODE {c}t");
        sameState("{c}t");
        // A run set past the last register: the merge stops there, the count does not.
        byte[] overlong = concat(SPARSE_HEADER, STALE_CACHE, ALL_ZERO_RUN, HexFormat.of().parseHex("80"));
        setBoth("{c}o", overlong);
        script("PFCOUNT {c}o", "PFCOUNT {c}o {c}missing", "PFMERGE {c}d2 {c}o", "PFADD {c}o a b", "PFCOUNT {c}o",
                "PFDEBUG DECODE {c}o", "PFDEBUG TODENSE {c}o", "PFDEBUG ENCODING {c}o", "PFCOUNT {c}o");
        sameState("{c}o");
        sameState("{c}d2");
        // Zeros past the last register, a header without runs, an XZERO cut after its first byte.
        setBoth("{c}z", concat(SPARSE_HEADER, STALE_CACHE, ALL_ZERO_RUN, new byte[] {0}));
        setBoth("{c}empty", concat(SPARSE_HEADER, STALE_CACHE));
        setBoth("{c}cut", concat(SPARSE_HEADER, STALE_CACHE, new byte[] {0x7f}));
        for (String key : new String[] {"{c}z", "{c}empty", "{c}cut"}) {
            script("PFADD " + key, "PFCOUNT " + key, "PFCOUNT {c}missing " + key, "PFMERGE {c}d3 " + key,
                    "PFDEBUG DECODE " + key, "PFADD " + key + " a", "PFADD " + key + " big6209776902",
                    "PFDEBUG ENCODING " + key);
            sameState(key);
        }
        // The first edit of the cut XZERO writes past the end, and the next one in the command reads
        // it: y177 (register 16075) lies in the run only with that byte. (Redis keeps the byte for
        // later commands too; the emulator does not.)
        setBoth("{c}cut2", concat(SPARSE_HEADER, STALE_CACHE, new byte[] {0x7f}));
        script("PFADD {c}cut2 a y177 b");
        sameState("{c}cut2");
        same3("PFCOUNT", "{c}t");
        same3("PFADD", "{c}t", "z272");
    }

    @Test
    void valuesSetByTheUserAreHllsWhenTheyHaveTheFormat() {
        script("PFADD {u}src a b c");
        byte[] sparse = value("{u}src");
        setBoth("{u}copy", sparse);
        script("OBJECT ENCODING {u}copy", "PFCOUNT {u}copy {u}src", "OBJECT ENCODING {u}copy", "PFADD {u}copy",
                "OBJECT ENCODING {u}copy");
        setBoth("{u}copy2", sparse);
        script("PFCOUNT {u}copy2", "OBJECT ENCODING {u}copy2");
        sameState("{u}copy2");
        setBoth("{u}copy3", sparse);
        script("PFMERGE {u}copy3", "OBJECT ENCODING {u}copy3");
        sameState("{u}copy3");
        // Unused header bytes are kept, also through the turn to dense.
        byte[] unused = sparse.clone();
        unused[5] = 'x';
        unused[7] = 'y';
        setBoth("{u}unused", unused);
        script("PFADD {u}unused d", "PFADD {u}unused big6209776902", "PFDEBUG ENCODING {u}unused");
        sameState("{u}unused");
        script("APPEND {u}copy xyz", "PFCOUNT {u}copy", "PFADD {u}copy q", "SETRANGE {u}copy 4 \u0002",
                "PFCOUNT {u}copy");
    }

    @Test
    void denseValuesWithAnyRegisterValues() {
        // Registers of 51 and above, which no hash yields, drive the estimator's other branches.
        Random random = new Random(7);
        for (int round = 0; round < 4; round++) {
            byte[] registers = new byte[12288];
            for (int i = 0; i < registers.length; i++) {
                registers[i] = (byte) (round == 0 ? random.nextInt(256) : random.nextInt(6) == 0 ? random.nextInt(256) : 0);
            }
            String key = "{r}dense" + round;
            setBoth(key, concat(DENSE_HEADER, STALE_CACHE, registers));
            script("PFCOUNT " + key, "PFCOUNT {r}missing " + key, "PFADD " + key + " a b c", "PFCOUNT " + key,
                    "PFMERGE {r}merged" + round + " " + key, "PFCOUNT {r}merged" + round);
            sameState(key);
            sameState("{r}merged" + round);
        }
        same("PFCOUNT", "{r}dense0", "{r}dense1", "{r}dense2", "{r}dense3");
        same("PFDEBUG", "GETREG", "{r}dense2");
        same3("PFDEBUG", "GETREG", "{r}dense3");
    }

    @Test
    void pfmergeIncludesTheDestinationAndFollowsTheInputsToDense() {
        script("PFMERGE {m}d", "EXISTS {m}d", "PFCOUNT {m}d");
        sameState("{m}d");
        script("PFADD {m}a 1 2 3 4 5 6 7 8 9 10", "PFADD {m}b 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20",
                "PFMERGE {m}new {m}a {m}b", "PFCOUNT {m}new", "PFMERGE {m}new {m}missing");
        sameState("{m}new");
        script("PFADD {m}d x y z", "PFCOUNT {m}d", "PFMERGE {m}d {m}a {m}b {m}missing", "PFCOUNT {m}d",
                "PFMERGE {m}d", "PFDEBUG ENCODING {m}d");
        sameState("{m}d");
        // Sparse inputs whose union outgrows the sparse limit: the destination turns dense midway.
        addRange("{m}s1", "s", 0, 700);
        addRange("{m}s2", "s", 700, 1400);
        addRange("{m}s3", "s", 1400, 2100);
        script("PFDEBUG ENCODING {m}s1", "PFMERGE {m}u {m}s1 {m}s2", "PFDEBUG ENCODING {m}u",
                "PFMERGE {m}u {m}s3", "PFDEBUG ENCODING {m}u", "PFCOUNT {m}u", "PFCOUNT {m}s1 {m}s2 {m}s3");
        sameState("{m}u");
        // One dense input makes the destination dense from the start.
        addRange("{m}dense", "q", 0, 5000);
        script("PFMERGE {m}small {m}a {m}dense", "PFDEBUG ENCODING {m}small", "PFCOUNT {m}small",
                "PFMERGE {m}a {m}dense {m}b", "PFCOUNT {m}a {m}b {m}dense {m}u");
        sameState("{m}small");
        sameState("{m}a");
        same3("PFMERGE", "{m}d", "{m}a");
        same3("PFMERGE", "{m}d", "{m}nope", "{m}other");
    }

    @Test
    void writesKeepTheTimeToLive() {
        script("PFADD {x}t a", "EXPIRE {x}t 1000", "PFADD {x}t b", "TTL {x}t", "PFCOUNT {x}t", "TTL {x}t",
                "PFMERGE {x}t {x}missing", "TTL {x}t", "PFDEBUG TODENSE {x}t", "TTL {x}t");
        sameState("{x}t");
    }

    @Test
    void pfdebugSubcommands() {
        script("PFADD p a b c", "PFDEBUG ENCODING p", "PFDEBUG DECODE p", "PFDEBUG GETREG p", "PFDEBUG ENCODING p",
                "PFDEBUG DECODE p", "PFDEBUG TODENSE p", "PFADD q a", "PFDEBUG TODENSE q", "PFDEBUG TODENSE q",
                "PFDEBUG ENCODING q", "PFDEBUG FOO p", "PFDEBUG foo missing", "PFDEBUG ENCODING missing", "SET s v",
                "PFDEBUG ENCODING s", "PFDEBUG FOO s", "RPUSH l a", "PFDEBUG GETREG l", "PFCOUNT q");
        sameState("p");
        sameState("q");
        same3("PFDEBUG", "ENCODING", "p");
        same3("PFDEBUG", "GETREG", "q");
        same3("PFDEBUG", "DECODE", "q");
        same3("PFDEBUG", "TODENSE", "q");
        same3("PFDEBUG", "nope", "q");
        script("PFADD r x", "PFDEBUG decode r", "PFDEBUG Todense r", "PFDEBUG getreg r");
    }

    @Test
    void arityErrors() {
        script("PFADD", "PFCOUNT", "PFMERGE", "PFDEBUG", "PFDEBUG ENCODING", "PFDEBUG ENCODING k extra");
        same3("PFCOUNT");
    }

    /** The self test passes on both (registers, sparse and dense forms, error bounds); it takes no arguments. */
    @Test
    void selfTestPasses() {
        script("PFSELFTEST", "PFSELFTEST extra");
        same3("PFSELFTEST");
    }
}
