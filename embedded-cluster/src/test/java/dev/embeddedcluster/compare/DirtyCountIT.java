package dev.embeddedcluster.compare;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

/**
 * INFO persistence's rdb_changes_since_last_save against a real redis-server: each write adds
 * the changes it made (elements pushed, fields set, members added or removed, keys deleted),
 * a write that changes nothing adds none, and transactions and scripts add their commands'.
 */
class DirtyCountIT extends ComparisonSupport {
    private final SoftAssertions softly = new SoftAssertions();

    /** Every command's count is checked, the differences reported together. */
    @AfterEach
    void allCountsMatch() {
        softly.assertAll();
    }

    /** Each line's reply compared, then the changes it added on each side. */
    private void counts(String... lines) {
        for (String line : lines) {
            count(cmd(line));
        }
    }

    /** The command's reply compared, then the changes it added on each side. */
    private void count(String... command) {
        changesOf(Arrays.toString(command), () -> same(command));
    }

    /** The changes a command added on each side, its replies not compared (random picks). */
    private void countOnly(String line) {
        changesOf(line, () -> replies(cmd(line)));
    }

    /** MULTI, the commands, then EXEC, whose reply and added changes are compared. */
    private void transaction(String... lines) {
        changesOf(Arrays.toString(lines), () -> {
            both("MULTI");
            for (String line : lines) {
                both(cmd(line));
            }
            same("EXEC");
        });
    }

    private void changesOf(String what, Runnable action) {
        long[] before = changes();
        action.run();
        long[] after = changes();
        softly.assertThat(after[1] - before[1]).as("changes counted for %s", what).isEqualTo(after[0] - before[0]);
    }

    private long[] changes() {
        String[] info = replies("INFO", "persistence");
        return new long[] {field(info[0]), field(info[1])};
    }

    private static long field(String info) {
        return Arrays.stream(info.split("\r\n")).filter(l -> l.startsWith("rdb_changes_since_last_save:"))
                .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(':') + 1))).findFirst().orElseThrow();
    }

    @Test
    void strings() {
        counts("SET s 1", "SET s 1", "SET s 2 NX", "SETNX s 3", "SETNX n 3", "MSET a 1 b 2 c 3", "MSETNX a 1 d 4",
                "MSETNX d 4 e 5", "APPEND s x", "INCR i", "INCRBY i 5", "DECR i", "INCRBYFLOAT f 1.5",
                "GETSET s y", "GETDEL s", "GETDEL s", "SETRANGE r 0 abc", "SETEX x 100 v",
                "GETEX x PERSIST", "GETEX x", "SETBIT b 3 1", "SETBIT b 3 1", "BITOP OR o b b",
                "BITFIELD bf SET u8 0 1 INCRBY u8 8 2 GET u8 0", "PFADD h a b", "PFADD h a", "PFCOUNT h", "PFCOUNT h",
                "PFMERGE h2 h", "SET k v GET", "SET k v XX", "SET absent v XX", "COPY a a2", "LCS a b");
        count("APPEND", "s2", "");
        count("APPEND", "a", "");
        count("SETRANGE", "r", "1", "");
        count("SETRANGE", "empty", "0", "");
    }

    @Test
    void lists() {
        counts("RPUSH l a b c", "LPUSH l x y", "RPUSHX l z", "RPUSHX nolist z", "LPUSHX l w", "LINSERT l BEFORE a q",
                "LINSERT l BEFORE missing q", "LSET l 0 s", "LPOP l", "RPOP l 2", "LPOP nolist", "LREM l 0 b",
                "RPUSH l a a a", "LREM l 0 a", "LREM l 0 nothing", "LTRIM l 0 0", "RPUSH l 1 2 3 4 5", "LTRIM l 1 2",
                "LTRIM l 0 -1", "RPOPLPUSH l m", "LMOVE l m LEFT RIGHT", "LMPOP 1 m LEFT COUNT 2", "RPUSH l2 a b",
                "BLPOP l2 1", "BLMPOP 1 1 l2 RIGHT COUNT 5", "RPUSH l3 c b a", "SORT l3 ALPHA STORE sorted", "LPOS l3 a");
    }

    @Test
    void blockedClientsServedByAWrite() throws Exception {
        String[][] waitsAndWrites = {{"BLPOP bl 5", "RPUSH bl x y"}, {"BLMOVE bm bd LEFT RIGHT 5", "RPUSH bm x y"},
                {"BLMPOP 5 1 bp LEFT COUNT 2", "RPUSH bp x y z"}, {"BZPOPMIN bz 5", "ZADD bz 1 a 2 b"},
                {"BZMPOP 5 1 bzm MAX COUNT 5", "ZADD bzm 1 a 2 b"}};
        sameOnBoth((connect, t) -> {
            try (var waiter = connect.get(); var writer = connect.get()) {
                for (String[] waitAndWrite : waitsAndWrites) {
                    long before = field(writer.call("INFO", "persistence"));
                    waiter.send(cmd(waitAndWrite[0]));
                    Thread.sleep(50);
                    t.add(writer.call(cmd(waitAndWrite[1])));
                    t.add(waiter.readReply());
                    t.add("changes counted for " + waitAndWrite[0] + ": " + (field(writer.call("INFO", "persistence")) - before));
                }
            }
        });
    }

    @Test
    void hashes() {
        counts("HSET h a 1 b 2", "HSET h a 1 c 3", "HSET h a 1", "HMSET h d 4 e 5", "HSETNX h a 9", "HSETNX h z 9",
                "HDEL h a b nothing", "HDEL h nothing", "HINCRBY h n 1", "HINCRBYFLOAT h f 1.5", "HGET h c");
    }

    @Test
    void sets() {
        counts("SADD s a b c", "SADD s a b", "SADD s a d", "SREM s a b x", "SREM s x", "SMOVE s t c", "SMOVE s t x",
                "SADD s 1 2 3 4 5", "SADD one x", "SPOP one", "SADD u a b", "SADD v b c", "SINTERSTORE i u v",
                "SUNIONSTORE n u v", "SDIFFSTORE d u v", "SDIFFSTORE e u u", "SISMEMBER u a", "SPOP nothing 3");
        countOnly("SPOP s 2");
        countOnly("SPOP s 10");
    }

    @Test
    void sortedSets() {
        counts("ZADD z 1 a 2 b 3 c", "ZADD z 1 a 5 b", "ZADD z CH 1 a 6 b 7 d", "ZADD z NX 9 a 9 e", "ZADD z XX 1 e",
                "ZINCRBY z 1 a", "ZREM z a nothing", "ZREM z nothing", "ZADD y 1 a 2 b 3 c 4 d", "ZREMRANGEBYRANK y 0 1",
                "ZREMRANGEBYSCORE y 0 3", "ZADD x 0 a 0 b 0 c", "ZREMRANGEBYLEX x [a [b", "ZPOPMIN z", "ZPOPMAX z 2",
                "ZADD p 1 a 2 b 3 c", "ZMPOP 1 p MIN COUNT 2", "BZPOPMIN p 1", "ZADD q 1 a 2 b", "ZUNIONSTORE u 1 q",
                "ZINTERSTORE i 2 q q", "ZDIFFSTORE d 1 q", "ZRANGESTORE r q 0 -1", "ZRANGESTORE r2 nothing 0 -1",
                "GEOADD g 13.361389 38.115556 Palermo 15.087269 37.502669 Catania", "ZSCORE q a");
    }

    @Test
    void streams() {
        counts("XADD st 1-1 f v", "XADD st 2-1 f v", "XADD st 3-1 f v", "XADD st NOMKSTREAM 4-1 f v",
                "XADD none NOMKSTREAM 1-1 f v", "XDEL st 1-1 9-9", "XTRIM st MAXLEN 1", "XADD st 5-1 f v",
                "XGROUP CREATE st g 0", "XGROUP CREATECONSUMER st g c2", "XREADGROUP GROUP g c COUNT 5 STREAMS st >",
                "XACK st g 4-1 5-1 9-9", "XADD st 6-1 f v", "XREADGROUP GROUP g c STREAMS st >",
                "XCLAIM st g c3 0 6-1", "XAUTOCLAIM st g c4 0 0", "XGROUP SETID st g 0", "XGROUP DELCONSUMER st g c2",
                "XSETID st 10-1", "XGROUP DESTROY st g", "XLEN st");
    }

    @Test
    void keys() {
        counts("SET a 1", "SET b 2", "SET c 3", "DEL a b nothing", "DEL nothing", "UNLINK c", "SET k v", "EXPIRE k 100",
                "EXPIRE k 100 NX", "PEXPIRE k 100000", "EXPIREAT k 4000000000", "PERSIST k", "PERSIST k", "EXPIRE k 0",
                "SET k v", "RENAME k k2", "RENAMENX k2 k3", "SET k v", "RENAMENX k k3", "COPY k3 k4", "COPY k3 k4 REPLACE",
                "TOUCH k3", "TYPE k3", "EXISTS k3", "SET e v", "PEXPIREAT e 1", "EXPIRE nothing 10", "SET e v EX 100",
                "GETEX e EX 200", "GETEX e PERSIST", "EXPIRE e 100 XX", "EXPIRETIME e", "SET n 1 PXAT 1", "EXISTS n");
    }

    @Test
    void flushes() {
        counts("SET a 1", "SET b 2", "RPUSH c x y", "FLUSHALL", "FLUSHALL", "SET a 1", "FLUSHDB", "FLUSHDB",
                "SET a 1", "SET b 1", "FLUSHALL ASYNC");
        same("SAVE");
        long[] saved = changes();
        softly.assertThat(saved[1]).as("changes after SAVE").isEqualTo(saved[0]);
        counts("SET a 1", "RPUSH l a b");
    }

    @Test
    void transactionsAndScripts() {
        transaction("SET a 1", "RPUSH l a b c", "DEL nothing", "SADD s x y", "SADD s x");
        transaction("GET a");
        transaction("SET a 1", "INCR a", "LPUSH a x");
        count("EVAL", "redis.call('SET','a','2'); redis.call('RPUSH','l','d','e'); return 1", "0");
        count("EVAL", "return redis.call('GET','a')", "0");
        count("EVAL", "redis.call('DEL','nothing'); redis.call('SADD','s','m'); redis.call('SADD','s','m'); return 1", "0");
        count("FUNCTION", "LOAD", "#!lua name=lib\nredis.register_function('f', function() redis.call('HSET','h','a','1','b','2') return 1 end)");
        count("FCALL", "f", "0");
        count("FUNCTION", "DELETE", "lib");
        counts("SCRIPT FLUSH", "FUNCTION FLUSH");
    }
}
