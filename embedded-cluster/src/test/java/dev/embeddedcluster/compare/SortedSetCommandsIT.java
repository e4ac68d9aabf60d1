package dev.embeddedcluster.compare;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sorted set commands against a real redis-server, byte for byte: members are ordered by
 * score then bytes on both sides, so every reply compares exactly (random picks excepted).
 */
class SortedSetCommandsIT extends ComparisonSupport {

    @Test
    void zaddOptionsAndReplies() {
        script("ZADD z 1 a 2 b 3 c", "ZADD z 1 a", "ZADD z CH 5 a 2 b 9 d", "ZRANGE z 0 -1 WITHSCORES",
                "ZADD z NX 100 a 7 e", "ZADD z XX 100 a 7 f", "ZADD z XX CH 100 a", "ZADD z GT 50 a", "ZADD z GT CH 150 a",
                "ZADD z LT CH 10 a", "ZADD z LT 20 a", "ZADD z GT 1 new", "ZADD z INCR 5 a", "ZADD z INCR NX 5 a",
                "ZADD z INCR XX 5 nothere", "ZADD z INCR GT -1 a", "ZADD z INCR LT -1 a", "ZINCRBY z 2.5 b",
                "ZINCRBY z -1 brandnew", "ZRANGE z 0 -1 WITHSCORES", "ZADD missing XX 1 a", "EXISTS missing",
                "ZADD missing XX INCR 1 a", "ZADD z 1 a 2 a", "ZSCORE z a", "ZCARD z", "ZCARD missing");
    }

    @Test
    void zaddErrors() {
        script("ZADD z", "ZADD z 1", "ZADD z 1 a 2", "ZADD z NX", "ZADD z NX XX 1 a", "ZADD z GT LT 1 a", "ZADD z NX GT 1 a",
                "ZADD z NX LT 1 a", "ZADD z INCR 1 a 2 b", "ZADD z x a", "ZADD z 1 a x b", "EXISTS z", "ZADD z nan a",
                "ZADD z 1e400 a", "ZADD z 1e-400 a", "ZADD z FOO 1 a", "ZINCRBY z x a", "ZINCRBY z nx a",
                "ZADD z inf a", "ZADD z +inf b -inf c", "ZINCRBY z -inf a", "ZRANGE z 0 -1 WITHSCORES", "SET s v",
                "ZADD s 1 a", "ZINCRBY s 1 a", "ZADD z 0x10 hex", "ZADD z 1.5e3 e", "ZADD z .5 h",
                "ZADD z 5. i", "ZADD z -0 negzero", "ZSCORE z negzero", "ZADD z 0 negzero", "ZSCORE z negzero",
                "ZRANGE z 0 -1 WITHSCORES");
        same("ZADD", "z", " 1", "space");
        same("ZADD", "z", "1 ", "space");
        same("ZADD", "z", "", "empty");
    }

    @Test
    void scoresAreRepliedAsRedis7Does() {
        script("ZADD z 1.1 a 0.1 b 3 c 1e20 d 1.5e-7 e -2.25 f 123456789.123 g", "ZSCORE z a", "ZSCORE z b", "ZSCORE z d",
                "ZSCORE z e", "ZMSCORE z a b missing c", "ZMSCORE missing a", "ZSCORE z missing", "ZSCORE missing a",
                "ZRANGE z 0 -1 WITHSCORES", "ZSCAN z 0");
        same3("ZSCORE", "z", "a");
        same3("ZMSCORE", "z", "a", "nope");
        same3("ZRANGE", "z", "0", "-1", "WITHSCORES");
        same3("ZSCORE", "z", "missing");
        same3("ZINCRBY", "z", "1", "a");
        same3("ZADD", "z", "XX", "INCR", "1", "nope");
    }

    @Test
    void ranksAndRankRanges() {
        script("ZADD z 1 a 2 b 3 c 4 d 5 e", "ZRANK z a", "ZRANK z e", "ZREVRANK z a", "ZRANK z x", "ZREVRANK missing a",
                "ZRANGE z 0 -1", "ZRANGE z 1 3", "ZRANGE z -2 -1", "ZRANGE z -100 100", "ZRANGE z 3 1", "ZRANGE z 5 10",
                "ZRANGE z 0 0 WITHSCORES", "ZRANGE z 0 -1 REV", "ZRANGE z 0 1 REV WITHSCORES", "ZREVRANGE z 0 -1",
                "ZREVRANGE z 1 2 WITHSCORES", "ZRANGE z x 1", "ZRANGE z 0 1 LIMIT 0 1", "ZRANGE z 0 1 LIMIT 0 -1",
                "ZREVRANGE z 0 1 REV", "ZRANGE z 0 1 FOO", "ZRANGE missing 0 -1", "ZRANGE z 0 1 WITHSCORES WITHSCORES",
                "ZRANGE z 0 1 REV REV");
        same3("ZRANGE", "z", "0", "-1", "WITHSCORES");
        same3("ZRANGE", "missing", "0", "-1");
    }

    @Test
    void scoreRanges() {
        script("ZADD z 1 a 2 b 3 c 4 d 5 e 5 f -inf g +inf h", "ZRANGEBYSCORE z 2 4", "ZRANGEBYSCORE z (2 4",
                "ZRANGEBYSCORE z (2 (4", "ZRANGEBYSCORE z -inf +inf WITHSCORES", "ZRANGEBYSCORE z 5 5",
                "ZRANGEBYSCORE z (5 5", "ZRANGEBYSCORE z 4 2", "ZREVRANGEBYSCORE z 4 2", "ZREVRANGEBYSCORE z (4 2 WITHSCORES",
                "ZRANGEBYSCORE z -inf +inf LIMIT 2 3", "ZRANGEBYSCORE z -inf +inf LIMIT 2 -1",
                "ZRANGEBYSCORE z -inf +inf LIMIT -1 2", "ZRANGEBYSCORE z -inf +inf LIMIT 100 2",
                "ZRANGEBYSCORE z -inf +inf LIMIT 0 0", "ZREVRANGEBYSCORE z +inf -inf LIMIT 1 2 WITHSCORES",
                "ZRANGE z 2 4 BYSCORE", "ZRANGE z 4 2 BYSCORE REV", "ZRANGE z (1 +inf BYSCORE LIMIT 1 2 WITHSCORES",
                "ZRANGEBYSCORE z x 1", "ZRANGEBYSCORE z 1 (x", "ZRANGEBYSCORE z nan 1", "ZRANGEBYSCORE z ( (",
                "ZRANGEBYSCORE z 0x1 0x5", "ZRANGEBYSCORE z 0x 1", "ZRANGEBYSCORE z 0x1p1 (0x1.8p2", "ZRANGEBYSCORE z 1e0 5e0", "ZRANGEBYSCORE z -1e400 1e400",
                "ZRANGEBYSCORE z 1 2 LIMIT 1", "ZRANGEBYSCORE z 1 2 LIMIT x 1", "ZRANGEBYSCORE z 1 2 BYSCORE",
                "ZRANGEBYSCORE z 1 2 REV", "ZRANGEBYSCORE z 1 2 BYLEX", "ZCOUNT z 2 4", "ZCOUNT z (2 (4",
                "ZCOUNT z -inf +inf", "ZCOUNT z 4 2", "ZCOUNT z (5 5", "ZCOUNT missing 1 2", "ZCOUNT z x 1");
        same("ZRANGEBYSCORE", "z", "", "");
        same("ZRANGEBYSCORE", "z", " 1", " 3");
        same("ZRANGEBYSCORE", "z", "1 ", "3");
        same3("ZRANGEBYSCORE", "z", "2", "4", "WITHSCORES");
    }

    @Test
    void lexRanges() {
        script("ZADD z 0 a 0 b 0 c 0 d 0 e 0 ab 0 ba", "ZRANGEBYLEX z - +", "ZRANGEBYLEX z [b +", "ZRANGEBYLEX z (b +",
                "ZRANGEBYLEX z [a [b", "ZRANGEBYLEX z (a (c", "ZRANGEBYLEX z + -", "ZRANGEBYLEX z - -", "ZRANGEBYLEX z + +",
                "ZRANGEBYLEX z [c [a", "ZRANGEBYLEX z - + LIMIT 1 3", "ZRANGEBYLEX z - + LIMIT 1 -1",
                "ZREVRANGEBYLEX z + -", "ZREVRANGEBYLEX z [c (a", "ZREVRANGEBYLEX z + - LIMIT 2 2", "ZRANGE z [b [d BYLEX",
                "ZRANGE z [d [b BYLEX REV", "ZRANGE z - + BYLEX LIMIT 0 2", "ZRANGE z - + BYLEX WITHSCORES",
                "ZRANGEBYLEX z a b", "ZRANGEBYLEX z [a b", "ZRANGEBYLEX z +a +", "ZRANGEBYLEX z -a +", "ZRANGEBYLEX z ( [",
                "ZRANGEBYLEX z [ (", "ZLEXCOUNT z - +", "ZLEXCOUNT z [b (d", "ZLEXCOUNT z + -", "ZLEXCOUNT missing - +",
                "ZLEXCOUNT z x y", "ZRANGEBYLEX z - + WITHSCORES");
    }

    @Test
    void rangeStore() {
        script("ZADD {r}src 1 a 2 b 3 c 4 d", "ZRANGESTORE {r}dst {r}src 1 2", "ZRANGE {r}dst 0 -1 WITHSCORES",
                "ZRANGESTORE {r}dst {r}src 2 3 BYSCORE", "ZRANGE {r}dst 0 -1 WITHSCORES",
                "ZRANGESTORE {r}dst {r}src (4 1 BYSCORE REV LIMIT 0 2", "ZRANGE {r}dst 0 -1 WITHSCORES",
                "ZRANGESTORE {r}dst {r}src [b [c BYLEX", "ZRANGE {r}dst 0 -1", "ZRANGESTORE {r}dst {r}src 5 10",
                "EXISTS {r}dst", "ZRANGESTORE {r}dst {r}missing 0 -1", "SET {r}str v", "ZRANGESTORE {r}str {r}src 0 0",
                "TYPE {r}str", "ZRANGESTORE {r}dst {r}str 0 -1", "ZRANGESTORE {r}dst {r}src 0 -1 WITHSCORES",
                "SET {r}ttl v EX 100", "ZRANGESTORE {r}ttl {r}src 0 1", "TTL {r}ttl", "ZRANGESTORE {r}src {r}src 0 1",
                "ZRANGE {r}src 0 -1");
    }

    @Test
    void removeRanges() {
        script("ZADD z 1 a 2 b 3 c 4 d 5 e 6 f", "ZREMRANGEBYRANK z 0 1", "ZRANGE z 0 -1", "ZREMRANGEBYRANK z -1 -1",
                "ZREMRANGEBYRANK z 5 10", "ZREMRANGEBYRANK z 2 1", "ZREMRANGEBYSCORE z (3 4", "ZRANGE z 0 -1",
                "ZREMRANGEBYSCORE z 100 200", "ZREMRANGEBYSCORE z x 1", "ZREMRANGEBYRANK z x 1", "ZADD l 0 a 0 b 0 c 0 d",
                "ZREMRANGEBYLEX l [b (d", "ZRANGE l 0 -1", "ZREMRANGEBYLEX l x y", "ZREMRANGEBYLEX l - +", "EXISTS l",
                "ZREMRANGEBYSCORE z -inf +inf", "EXISTS z", "ZREMRANGEBYRANK missing 0 -1", "SET s v",
                "ZREMRANGEBYRANK s 0 1", "ZREMRANGEBYSCORE s 0 1", "ZREMRANGEBYLEX s - +");
    }

    @Test
    void removeAndEmptyKeys() {
        script("ZADD z 1 a 2 b 3 c", "ZREM z a x", "ZREM z x", "ZREM missing a", "ZREM z b c", "EXISTS z", "ZADD z 1 a",
                "ZREM z a a", "EXISTS z", "SET s v", "ZREM s a", "ZCARD s", "ZSCORE s a", "ZMSCORE s a", "ZRANK s a",
                "ZRANGE s 0 1", "ZCOUNT s 0 1", "ZLEXCOUNT s - +", "ZSCAN s 0", "ZRANDMEMBER s", "ZPOPMIN s", "TYPE s");
    }

    @Test
    void pops() {
        script("ZADD z 1 a 2 b 3 c 4 d 5 e", "ZPOPMIN z", "ZPOPMAX z", "ZPOPMIN z 2", "ZPOPMIN z 0", "ZPOPMAX z 10",
                "EXISTS z", "ZPOPMIN missing", "ZPOPMIN missing 2", "ZPOPMIN z -1", "ZPOPMIN z x", "ZPOPMIN z 1 2",
                "ZADD {p}a 1 x", "ZADD {p}b 1 y 2 z 3 w", "ZMPOP 2 {p}missing {p}b MIN", "ZMPOP 2 {p}a {p}b MAX COUNT 5",
                "ZMPOP 2 {p}a {p}b MAX COUNT 5", "ZMPOP 2 {p}a {p}b MIN", "ZMPOP 0 {p}a MIN", "ZMPOP x {p}a MIN",
                "ZMPOP 1 {p}a", "ZMPOP 1 {p}a FOO", "ZMPOP 1 {p}a MIN COUNT 0", "ZMPOP 1 {p}a MIN COUNT x",
                "ZMPOP 1 {p}a MIN COUNT 1 COUNT 1", "ZMPOP 1 {p}a MIN FOO", "ZMPOP 5 {p}a MIN", "SET {p}s v",
                "ZMPOP 2 {p}s {p}a MIN", "ZADD {p}a 1 x", "ZMPOP 2 {p}a {p}s MIN");
        both("ZADD", "z", "1", "a", "2", "b", "3", "c");
        same3("ZPOPMIN", "z");
        same3("ZPOPMAX", "z", "1");
        same3("ZPOPMIN", "missing");
        same3("ZPOPMIN", "missing", "3");
        both("ZADD", "{p}b", "1", "y", "2", "z");
        same3("ZMPOP", "1", "{p}b", "MIN", "COUNT", "2");
        same3("ZMPOP", "1", "{p}b", "MIN");
    }

    @Test
    void blockingPopsAnswerAtOnceWhenSomethingIsThere() {
        script("ZADD {b}a 1 x 2 y", "BZPOPMIN {b}missing {b}a 0", "BZPOPMAX {b}a 1", "EXISTS {b}a", "BZPOPMIN {b}a 0.01",
                "BZPOPMIN {b}a x", "BZPOPMIN {b}a -1", "ZADD {b}a 1 x 2 y 3 z", "BZMPOP 0 2 {b}missing {b}a MAX COUNT 2",
                "BZMPOP 0.01 1 {b}missing MIN", "BZMPOP x 1 {b}a MIN", "BZMPOP x 0 {b}a MIN", "BZMPOP x 1 {b}a UP", "BZMPOP 0 1 {b}a FOO", "BZMPOP 0 0 {b}a MIN",
                "SET {b}s v", "BZPOPMIN {b}s 0", "BZMPOP 0 1 {b}s MIN");
        both("ZADD", "{b}a", "1", "x");
        same3("BZPOPMIN", "{b}a", "0");
        same3("BZPOPMIN", "{b}a", "0.01");
        both("ZADD", "{b}a", "1", "x");
        same3("BZMPOP", "0", "1", "{b}a", "MIN");
    }

    @Test
    void algebra() {
        script("ZADD {a}x 1 a 2 b 3 c", "ZADD {a}y 10 b 20 c 30 d", "SADD {a}s a d e", "ZUNION 2 {a}x {a}y",
                "ZUNION 2 {a}x {a}y WITHSCORES", "ZUNION 3 {a}x {a}y {a}s WITHSCORES",
                "ZUNION 2 {a}x {a}y WEIGHTS 2 0.5 WITHSCORES", "ZUNION 2 {a}x {a}y AGGREGATE MIN WITHSCORES",
                "ZUNION 2 {a}x {a}y AGGREGATE max WITHSCORES", "ZINTER 2 {a}x {a}y WITHSCORES",
                "ZINTER 3 {a}x {a}y {a}s WITHSCORES", "ZINTER 2 {a}x {a}s WITHSCORES",
                "ZINTER 2 {a}x {a}y WEIGHTS 1 -1 AGGREGATE MAX WITHSCORES", "ZINTER 2 {a}x {a}missing",
                "ZDIFF 2 {a}x {a}y WITHSCORES", "ZDIFF 2 {a}y {a}s WITHSCORES", "ZDIFF 1 {a}missing", "ZDIFF 2 {a}s {a}x",
                "ZINTERCARD 2 {a}x {a}y", "ZINTERCARD 2 {a}x {a}y LIMIT 1", "ZINTERCARD 2 {a}x {a}y LIMIT 0",
                "ZINTERCARD 2 {a}x {a}y LIMIT -1", "ZINTERCARD 2 {a}x {a}y LIMIT x", "ZINTERCARD 0 {a}x",
                "ZINTERCARD 3 {a}x {a}y", "ZINTERCARD 2 {a}x {a}y WITHSCORES", "ZUNION 0 {a}x", "ZUNION -1 {a}x",
                "ZUNION x {a}x", "ZUNION 3 {a}x {a}y", "ZUNION 2 {a}x {a}y WEIGHTS 1", "ZUNION 2 {a}x {a}y WEIGHTS 1 x",
                "ZUNION 2 {a}x {a}y WEIGHTS 1 nan", "ZUNION 2 {a}x {a}y AGGREGATE avg", "ZUNION 2 {a}x {a}y AGGREGATE",
                "ZDIFF 2 {a}x {a}y WEIGHTS 1 1", "ZDIFF 2 {a}x {a}y AGGREGATE SUM", "SET {a}str v", "ZUNION 2 {a}x {a}str",
                "ZINTER 2 {a}str {a}missing", "ZUNION 2 {a}x {a}y WITHSCORES WITHSCORES",
                "ZUNION 2 {a}x {a}y WEIGHTS 1 2 WEIGHTS 3 4 WITHSCORES", "ZINTER 2 {a}x {a}x WEIGHTS 1 2 WITHSCORES",
                "ZDIFF 2 {a}x {a}x");
        same3("ZUNION", "2", "{a}x", "{a}y", "WITHSCORES");
        same3("ZINTER", "2", "{a}x", "{a}y");
    }

    @Test
    void algebraStores() {
        script("ZADD {a}x 1 a 2 b 3 c", "ZADD {a}y 10 b 20 c 30 d", "ZUNIONSTORE {a}d 2 {a}x {a}y",
                "ZRANGE {a}d 0 -1 WITHSCORES", "ZINTERSTORE {a}d 2 {a}x {a}y WEIGHTS 1 2 AGGREGATE SUM",
                "ZRANGE {a}d 0 -1 WITHSCORES", "ZDIFFSTORE {a}d 2 {a}x {a}y", "ZRANGE {a}d 0 -1 WITHSCORES",
                "ZINTERSTORE {a}d 2 {a}x {a}missing", "EXISTS {a}d", "ZUNIONSTORE {a}d 2 {a}x {a}y WITHSCORES",
                "ZUNIONSTORE {a}d 0 {a}x", "ZINTERSTORE {a}d 0 {a}x", "ZDIFFSTORE {a}d 0 {a}x", "SET {a}str v EX 100",
                "ZUNIONSTORE {a}str 1 {a}x", "TYPE {a}str", "TTL {a}str", "ZUNIONSTORE {a}x 2 {a}x {a}y",
                "ZRANGE {a}x 0 -1 WITHSCORES", "ZADD {a}inf 1 a", "ZADD {a}ninf -inf a",
                "ZUNIONSTORE {a}d 2 {a}inf {a}ninf WEIGHTS inf 1", "ZRANGE {a}d 0 -1 WITHSCORES",
                "ZUNION 2 {a}ninf {a}ninf WEIGHTS 0 1 WITHSCORES", "ZINTER 2 {a}ninf {a}inf WEIGHTS -1 inf WITHSCORES");
    }

    @Test
    void encodingFollowsTheListpackLimits() {
        for (int i = 0; i < 128; i++) {
            both("ZADD", "big", Integer.toString(i), "m" + i);
        }
        same("OBJECT", "ENCODING", "big");
        both("ZADD", "big", "1000", "one-more");
        same("OBJECT", "ENCODING", "big");
        both("ZREM", "big", "one-more", "m1", "m2");
        same("OBJECT", "ENCODING", "big");
        same("ZRANGE", "big", "100", "-1", "WITHSCORES");
        same("ZRANK", "big", "m99");
        same("ZCOUNT", "big", "10", "(90");
        same("ZRANGEBYSCORE", "big", "(50", "60", "LIMIT", "2", "3");
        String longMember = "x".repeat(65);
        both("ZADD", "long", "1", longMember);
        same("OBJECT", "ENCODING", "long");
        both("ZADD", "short", "1", "x".repeat(64));
        same("OBJECT", "ENCODING", "short");
        script("ZUNIONSTORE {e}small 1 big", "OBJECT ENCODING {e}small");
        both("ZADD", "{e}s", "1", "a");
        both("ZADD", "{e}l", "1", longMember);
        script("ZUNIONSTORE {e}d 1 {e}s", "OBJECT ENCODING {e}d", "ZUNIONSTORE {e}d 2 {e}s {e}l", "OBJECT ENCODING {e}d",
                "ZRANGESTORE {e}d {e}l 0 -1", "OBJECT ENCODING {e}d", "COPY {e}l {e}c", "OBJECT ENCODING {e}c", "TYPE {e}c");
        for (int i = 0; i < 200; i++) {
            both("ZADD", "{e}many", Integer.toString(i % 7), "m" + i);
        }
        script("OBJECT ENCODING {e}many", "ZREMRANGEBYRANK {e}many 10 -1", "OBJECT ENCODING {e}many",
                "ZUNIONSTORE {e}d 1 {e}many", "OBJECT ENCODING {e}d", "ZRANGESTORE {e}d {e}many 0 -1", "OBJECT ENCODING {e}d",
                "ZRANGE {e}many 0 -1 WITHSCORES");
    }

    @Test
    void smallSetsScanInOneCallInOrder() {
        script("ZADD z 3 c 1 a 2 b 2.5 bb", "ZSCAN z 0", "ZSCAN z 0 MATCH b*", "ZSCAN z 0 COUNT 1", "ZSCAN missing 0",
                "ZSCAN z x", "ZSCAN z 0 COUNT 0", "ZSCAN z 0 FOO bar");
    }

    @Test
    void largeSetsScanEveryMemberOnce() {
        for (int i = 0; i < 300; i++) {
            both("ZADD", "big", Integer.toString(i), "m" + i);
        }
        List<String> seen = new ArrayList<>();
        String cursor = "0";
        do {
            String[] page = replies("ZSCAN", "big", cursor, "COUNT", "17")[1].split("\r\n");
            cursor = page[2];
            for (int i = 4; i + 3 < page.length; i += 4) {
                seen.add(page[i + 1] + "=" + page[i + 3]);
            }
        } while (!cursor.equals("0"));
        assertThat(seen).hasSize(300).doesNotHaveDuplicates().contains("m7=7", "m299=299");
    }

    @Test
    void randomMembers() {
        script("ZRANDMEMBER missing", "ZRANDMEMBER missing 5", "ZRANDMEMBER missing 5 WITHSCORES", "ZADD z 1 a 2 b 3 c",
                "ZRANDMEMBER z 0", "ZRANDMEMBER z 5", "ZRANDMEMBER z 3 WITHSCORES", "ZRANDMEMBER z x",
                "ZRANDMEMBER z 1 FOO", "ZRANDMEMBER z 1 WITHSCORES x", "ZRANDMEMBER z -9223372036854775808",
                "ZRANDMEMBER z 9223372036854775807 WITHSCORES", "ZRANDMEMBER z -4611686018427387904 WITHSCORES");
        same3("ZRANDMEMBER", "z", "3", "WITHSCORES");
        same3("ZRANDMEMBER", "missing");
        String[] picks = replies("ZRANDMEMBER", "z", "-5", "WITHSCORES");
        assertThat(picks[1]).startsWith("*10\r\n");
        assertThat(replies("ZRANDMEMBER", "z")[1]).matches("\\$1\r\n[abc]\r\n");
        assertThat(replies("ZRANDMEMBER", "z", "2")[1]).startsWith("*2\r\n");
    }
}
