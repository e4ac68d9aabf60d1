package dev.embeddedcluster.command;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KeyExtractorTest {
    private final CommandTable table = CommandTable.standard();

    /** Synthetic specs for shapes none of our commands has yet (keynum, keyword, limit, not_key). */
    private final CommandTable synthetic = CommandTable.parse(String.join("\n",
            // like ZUNION numkeys key [key ...]
            "zun\t-3\treadonly,movablekeys\t0\t0\t0\tread,slow\t-\tRO,access/index:1/keynum:0:1:1\tsorted-set\t6.2.0\tx\t-",
            // like ZUNIONSTORE dest numkeys key [key ...]
            "zunst\t-4\twrite,movablekeys\t1\t1\t1\twrite,slow\t-\tOW,update/index:1/range:0:1:0;RO,access/index:2/keynum:0:1:1\tsorted-set\t2.0.0\tx\t-",
            // like XREAD [COUNT n] STREAMS key [key ...] id [id ...]
            "xrd\t-4\treadonly,movablekeys\t0\t0\t0\tread,slow\t-\tRO,access/keyword:STREAMS:1/range:-1:1:2\tstream\t5.0.0\tx\t-",
            // like MIGRATE ... KEYS key [key ...], searched backwards
            "mig\t-6\twrite,movablekeys\t3\t3\t1\twrite,slow\t-\tRW,access,delete/index:3/range:0:1:0;RW,access,delete,incomplete/keyword:KEYS:-2/range:-1:1:0\tgeneric\t2.6.0\tx\t-",
            // keyword searched backwards from the second to last argument
            "bk\t-2\twrite,movablekeys\t0\t0\t0\twrite,slow\t-\tRW,access/keyword:KEYS:-2/range:-1:1:0\tgeneric\t1.0.0\tx\t-",
            "nk\t-2\treadonly\t0\t0\t0\tread,slow\t-\tRO,not_key/index:1/range:0:1:0\tgeneric\t1.0.0\tx\t-",
            "unk\t-2\treadonly\t0\t0\t0\tread,slow\t-\tRO/unknown/unknown\tgeneric\t1.0.0\tx\t-",
            ""));

    private static byte[][] args(String line) {
        String[] words = line.split(" ");
        byte[][] args = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            args[i] = words[i].getBytes(StandardCharsets.UTF_8);
        }
        return args;
    }

    private int[] keys(String line) {
        byte[][] args = args(line);
        CommandSpec spec = table.lookup(args[0]);
        if (spec == null) {
            spec = synthetic.lookup(args[0]);
        }
        if (spec.isContainer()) {
            spec = spec.subcommand(args[1]);
        }
        return KeyExtractor.keyPositions(spec, args);
    }

    @Test
    void singleKeyCommandsShareOneArray() {
        assertThat(keys("GET k")).containsExactly(1);
        assertThat(keys("get k")).isSameAs(keys("GET other"));
        assertThat(keys("SET k v")).containsExactly(1).isSameAs(keys("GET k"));
        assertThat(keys("SET k v EX 10 GET")).containsExactly(1);
        assertThat(keys("EXPIRE k 10")).containsExactly(1);
        assertThat(keys("EXPIRE k 10 NX")).containsExactly(1);
        assertThat(keys("INCRBYFLOAT k 1.5")).containsExactly(1);
    }

    @Test
    void twoFixedKeys() {
        assertThat(keys("COPY a b")).containsExactly(1, 2);
        assertThat(keys("COPY a b DB 1 REPLACE")).containsExactly(1, 2);
        assertThat(keys("LCS a b")).containsExactly(1, 2);
        assertThat(keys("LCS a b LEN")).containsExactly(1, 2);
        assertThat(keys("RENAME a b")).containsExactly(1, 2);
        assertThat(keys("COPY a b")).isSameAs(keys("LCS x y"));
    }

    @Test
    void subcommandKeys() {
        assertThat(keys("OBJECT ENCODING k")).containsExactly(2);
        assertThat(keys("object freq k")).containsExactly(2);
        assertThat(keys("OBJECT HELP")).isEmpty();
    }

    @Test
    void variadicKeys() {
        assertThat(keys("DEL a")).containsExactly(1);
        assertThat(keys("DEL a b c")).containsExactly(1, 2, 3);
        assertThat(keys("MGET a b c d")).containsExactly(1, 2, 3, 4);
        assertThat(keys("EXISTS a b")).containsExactly(1, 2);
        assertThat(keys("MSET a 1 b 2 c 3")).containsExactly(1, 3, 5);
        assertThat(keys("MSETNX a 1 b 2")).containsExactly(1, 3);
        // Odd count: Redis still reports the keys it can see; MSET itself then fails on arity.
        assertThat(keys("MSET a 1 b")).containsExactly(1, 3);
        assertThat(keys("DEL a b")).isSameAs(keys("MGET x y"));
    }

    @Test
    void manyKeysBeyondTheCache() {
        StringBuilder line = new StringBuilder("DEL");
        for (int i = 0; i < 100; i++) {
            line.append(" k").append(i);
        }
        int[] positions = keys(line.toString());
        assertThat(positions).hasSize(100);
        assertThat(positions[0]).isEqualTo(1);
        assertThat(positions[99]).isEqualTo(100);
    }

    @Test
    void keylessCommands() {
        assertThat(keys("PING")).isEmpty();
        assertThat(keys("KEYS *")).isEmpty();
        assertThat(keys("SCAN 0 MATCH x")).isEmpty();
        assertThat(keys("CLUSTER KEYSLOT k")).isEmpty();
        assertThat(keys("COMMAND GETKEYS GET k")).isEmpty();
        assertThat(KeyExtractor.hasKeys(table.lookup("ping"))).isFalse();
        assertThat(KeyExtractor.hasKeys(table.lookup("keys"))).isFalse();
        assertThat(KeyExtractor.hasKeys(table.lookup("get"))).isTrue();
        assertThat(KeyExtractor.hasKeys(table.lookup("object"))).isFalse();
        assertThat(KeyExtractor.hasKeys(table.lookup("object").subcommand("encoding"))).isTrue();
    }

    @Test
    void tooFewArgumentsGiveNoKeys() {
        // Redis treats a last key beyond the arguments as an invalid spec: no keys at all.
        assertThat(keys("GET")).isEmpty();
        assertThat(keys("COPY a")).isEmpty();
        assertThat(keys("DEL")).isEmpty();
        assertThat(keys("OBJECT ENCODING")).isEmpty();
    }

    @Test
    void keyNum() {
        assertThat(keys("zun 2 a b")).containsExactly(2, 3);
        assertThat(keys("zun 2 a b WEIGHTS 1 2")).containsExactly(2, 3);
        assertThat(keys("zun 1 a")).containsExactly(2);
        // Invalid or out of range counts: no keys, the command reports its own error.
        assertThat(keys("zun 3 a b")).isEmpty();
        assertThat(keys("zun 0 a b")).isEmpty();
        assertThat(keys("zun -1 a b")).isEmpty();
        assertThat(keys("zun x a b")).isEmpty();
        // A count that is no string2ll number is read with C's atoi, as Redis's own key functions read it.
        assertThat(keys("zun 01 a b")).containsExactly(2);
        assertThat(keys("zun +1 a b")).containsExactly(2);
        assertThat(keys("zun 2x a b")).containsExactly(2, 3);
        assertThat(keys("zun 99999999999999999999 a b")).isEmpty();
        // Destination by index, sources by count.
        assertThat(keys("zunst d 2 a b")).containsExactly(1, 3, 4);
        assertThat(keys("zunst d 3 a b")).isEmpty();
    }

    @Test
    void keywordAndLimit() {
        assertThat(keys("xrd STREAMS a b 0 0")).containsExactly(2, 3);
        assertThat(keys("xrd COUNT 5 streams a b c 0 0 0")).containsExactly(4, 5, 6);
        // No keyword: the spec is skipped, no keys.
        assertThat(keys("xrd COUNT 5 a 0")).isEmpty();
    }

    @Test
    void backwardsKeywordAndIncompleteSpec() {
        assertThat(keys("bk x KEYS a b")).containsExactly(3, 4);
        assertThat(keys("bk KEYS a")).containsExactly(2);
        // The search starts at argc - 2 and goes back to index 1: a trailing KEYS is not seen.
        assertThat(keys("bk a b KEYS")).isEmpty();
        // KEYS absent: the incomplete spec is skipped, the fixed key stays.
        assertThat(keys("mig host 6379 k 0 5000")).containsExactly(3);
        // KEYS present: the incomplete spec voids the extraction (Redis then uses MIGRATE's own
        // function; we report no keys).
        assertThat(keys("mig host 6379 x 0 5000 KEYS a b")).isEmpty();
    }

    @Test
    void notKeyAndUnknownSpecs() {
        assertThat(KeyExtractor.hasKeys(synthetic.lookup("nk"))).isFalse();
        assertThat(keys("nk a")).isEmpty();
        assertThat(KeyExtractor.hasKeys(synthetic.lookup("unk"))).isTrue();
        assertThat(keys("unk a")).isEmpty();
    }

    @Test
    void keysAndFlagsAsGetKeysAndFlags() {
        CommandSpec set = table.lookup("set");
        List<KeyExtractor.KeyReference> plain = KeyExtractor.keysAndFlags(set, args("SET k v"));
        assertThat(plain).hasSize(1);
        assertThat(plain.get(0).position()).isEqualTo(1);
        assertThat(plain.get(0).flagNames()).containsExactly("OW", "update");
        assertThat(KeyExtractor.keysAndFlags(set, args("SET k v EX 10 get")).get(0).flagNames())
                .containsExactly("RW", "access", "update");
        // The value itself is never taken for the GET option.
        assertThat(KeyExtractor.keysAndFlags(set, args("SET k get")).get(0).flagNames())
                .containsExactly("OW", "update");

        List<KeyExtractor.KeyReference> copy = KeyExtractor.keysAndFlags(table.lookup("copy"), args("COPY a b"));
        assertThat(copy).extracting(KeyExtractor.KeyReference::position).containsExactly(1, 2);
        assertThat(copy.get(0).flagNames()).containsExactly("RO", "access");
        assertThat(copy.get(1).flagNames()).containsExactly("OW", "update");

        List<KeyExtractor.KeyReference> mset = KeyExtractor.keysAndFlags(table.lookup("mset"), args("MSET a 1 b 2"));
        assertThat(mset).extracting(KeyExtractor.KeyReference::position).containsExactly(1, 3);
        assertThat(mset.get(1).flagNames()).containsExactly("OW", "update");
    }

    @Test
    void fixedAndCachedPathsDoNotAllocate() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        CommandSpec get = table.lookup("get");
        CommandSpec set = table.lookup("set");
        CommandSpec mget = table.lookup("mget");
        byte[][] getArgs = args("GET k");
        byte[][] setArgs = args("SET k v");
        byte[][] mgetArgs = args("MGET a b c");
        long sum = 0;
        for (int i = 0; i < 100_000; i++) {
            sum += KeyExtractor.keyPositions(get, getArgs).length + KeyExtractor.keyPositions(set, setArgs).length
                    + KeyExtractor.keyPositions(mget, mgetArgs).length;
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            sum += KeyExtractor.keyPositions(get, getArgs).length + KeyExtractor.keyPositions(set, setArgs).length
                    + KeyExtractor.keyPositions(mget, mgetArgs).length;
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(sum).isEqualTo(200_000L * 5);
        assertThat(allocated).isLessThan(10_000);
    }

    @Test
    void sortFindsTheLastStoreKeyPastItsOptions() {
        assertThat(KeyExtractor.sortKeyPositions(args("SORT k"))).containsExactly(1);
        assertThat(KeyExtractor.sortKeyPositions(args("SORT k STORE d"))).containsExactly(1, 3);
        assertThat(KeyExtractor.sortKeyPositions(args("SORT k LIMIT store x ALPHA"))).containsExactly(1);
        assertThat(KeyExtractor.sortKeyPositions(args("SORT k BY store store a STORE b")))
                .containsExactly(1, 7);
        assertThat(KeyExtractor.sortKeyPositions(args("SORT k STORE"))).containsExactly(1);
    }
}
