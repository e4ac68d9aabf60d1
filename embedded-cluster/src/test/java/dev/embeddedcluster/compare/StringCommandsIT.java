package dev.embeddedcluster.compare;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every string command against a real redis-server: same replies, errors included. */
class StringCommandsIT extends ComparisonSupport {

    @Test
    void setAndGet() {
        script("GET k", "SET k v", "GET k", "SET k v2 XX", "GET k", "SET k v3 NX", "SET n v NX", "GET n",
                "SET x v XX", "GET x", "SET k v4 GET", "SET new v GET", "SET k v5 NX GET", "SET k v6 XX GET",
                "SET k", "SET k v NX XX", "SET k v XX NX", "SET k v FOO", "SET k v EX", "SET k v EX 10 PX 10",
                "SET k v KEEPTTL EX 1", "SET k v EX 1 KEEPTTL", "SET k v EX 0", "SET k v EX -1", "SET k v PX abc",
                "SET k v EX 9223372036854775807", "SET k v PX 9223372036854775807", "SET k v EXAT 0",
                "SET k v EX 100 EX 200", "TTL k", "SET k v KEEPTTL", "TTL k", "SET k v", "TTL k",
                "SET k v PXAT 99999999999999", "PTTL k", "PEXPIRETIME k", "SET k v EXAT 99999999999", "EXPIRETIME k",
                "SET k v EXAT 1", "GET k", "EXISTS k", "set K lower", "GET K", "sEt k MiXeD pX 100000", "GET k");
    }

    @Test
    void setnxSetexPsetexGetsetGetdel() {
        script("SETNX a 1", "SETNX a 2", "GET a", "SETEX b 100 v", "TTL b", "SETEX b 0 v", "SETEX b -5 v",
                "SETEX b x v", "PSETEX c 100000 v", "PTTL c", "PSETEX c 0 v", "GETSET a 3", "GETSET missing 1",
                "GET missing", "GETDEL a", "GETDEL a", "EXISTS a", "SETEX b 9223372036854775807 v", "SETNX a");
    }

    @Test
    void getex() {
        script("GETEX nokey", "SET k v", "GETEX k", "TTL k", "GETEX k EX 100", "TTL k", "GETEX k PX 200000",
                "PTTL k", "GETEX k PERSIST", "TTL k", "GETEX k EXAT 99999999999", "EXPIRETIME k",
                "GETEX k PXAT 99999999999999", "PEXPIRETIME k", "GETEX k PERSIST EX 1", "GETEX k EX 1 PERSIST",
                "GETEX k EX 0", "GETEX k EX", "GETEX k FOO", "GETEX k KEEPTTL", "GETEX k NX", "GETEX k GET",
                "GETEX k EXAT 1", "EXISTS k");
    }

    @Test
    void mgetMsetMsetnx() {
        script("MSET {t}a 1 {t}b 2", "MGET {t}a {t}b {t}c", "MSET {t}a", "MSET {t}a 1 {t}b", "MSETNX {t}c 3 {t}a 9",
                "MGET {t}a {t}c", "MSETNX {t}c 3 {t}d 4", "MGET {t}c {t}d", "MSET a 1 b 2", "MGET a b", "MSETNX a 1 b 2");
    }

    @Test
    void counters() {
        script("INCR c", "INCR c", "INCRBY c 10", "INCRBY c -3", "DECR c", "DECRBY c 5", "DECRBY c -5", "GET c",
                "INCRBY c abc", "INCRBY c 1.5", "INCRBY c ' 1'", "SET c 007", "INCR c", "SET c -0", "INCR c",
                "SET c +1", "INCR c", "SET c 9223372036854775807", "INCR c", "INCRBY c 1", "SET c -9223372036854775808",
                "DECR c", "DECRBY c 9223372036854775807", "SET c 0", "DECRBY c -9223372036854775808",
                "INCRBY c 9223372036854775808", "SET c abc", "INCR c", "SET c 12345678901234567890", "INCR c",
                "SET c 1", "INCRBY c -9223372036854775808", "GET c", "INCR", "INCRBY c", "DECRBY c 1 2");
    }

    @Test
    void incrByFloatMatchesLongDoubleArithmetic() {
        script("INCRBYFLOAT f 10.5", "INCRBYFLOAT f 0.1", "INCRBYFLOAT f -5.0e3", "INCRBYFLOAT f 1e-3", "GET f",
                "SET f 10000000000", "INCRBYFLOAT f 0.1", "INCRBYFLOAT f 1e3", "INCRBYFLOAT f 0x10",
                "INCRBYFLOAT f 0x1p-2", "INCRBYFLOAT f 3.0e50", "INCRBYFLOAT f -3.0e50", "SET f 1.5",
                "INCRBYFLOAT f abc", "INCRBYFLOAT f inf", "INCRBYFLOAT f -inf", "INCRBYFLOAT f nan",
                "INCRBYFLOAT f ' 1'", "INCRBYFLOAT f 1e5000", "SET f 1e5000", "INCRBYFLOAT f 1", "SET f abc",
                "INCRBYFLOAT f 1", "SET f 5", "INCRBYFLOAT f 0", "INCRBYFLOAT f -5", "INCRBYFLOAT f 0.3333333333333333333",
                "INCRBYFLOAT g 1.0", "INCRBYFLOAT g .5", "INCRBYFLOAT g 5.", "INCRBYFLOAT g +2",
                "SET g 3", "EXPIRE g 100", "INCRBYFLOAT g 1.25", "TTL g");
    }

    @Test
    void appendStrlenRanges() {
        script("APPEND s Hello", "APPEND s ' World'", "GET s", "STRLEN s", "STRLEN nosuch", "GETRANGE s 0 4",
                "GETRANGE s -5 -1", "GETRANGE s 5 1", "GETRANGE s -100 100", "GETRANGE s 100 200", "GETRANGE s -1 -5",
                "GETRANGE s 0 -1", "GETRANGE nosuch 0 -1", "GETRANGE s x 1", "SUBSTR s 1 3", "SETRANGE s 6 Redis",
                "GET s", "SETRANGE s 20 tail", "GET s", "SETRANGE new 3 abc", "GET new", "SETRANGE s -1 x",
                "SETRANGE s 1 ''", "SETRANGE none 5 ''", "EXISTS none", "SETRANGE s 536870912 x",
                "SETRANGE s 536870911 x", "SETRANGE s x y", "APPEND s");
    }

    @Test
    void setrangeAndAppendKeepTheTtl() {
        script("SET t abc EX 100", "APPEND t def", "TTL t", "SETRANGE t 0 X", "TTL t", "GET t", "INCR t");
    }

    @Test
    void lcs() {
        script("MSET {l}a ohmytext {l}b mynewtext", "LCS {l}a {l}b", "LCS {l}a {l}b LEN", "LCS {l}a {l}b IDX",
                "LCS {l}a {l}b IDX MINMATCHLEN 4", "LCS {l}a {l}b IDX WITHMATCHLEN", "LCS {l}a {l}b IDX MINMATCHLEN 4 WITHMATCHLEN",
                "LCS {l}a {l}b LEN IDX", "LCS {l}a {l}b FOO", "LCS {l}a {l}b MINMATCHLEN", "LCS {l}a {l}b MINMATCHLEN x",
                "LCS {l}a {l}missing", "LCS {l}missing {l}other IDX", "LCS {l}a {l}a IDX WITHMATCHLEN",
                "LCS {l}a {l}b IDX MINMATCHLEN -5", "LCS a b");
        both("MSET", "{l}x", "ACGTTGCAAGTCCA", "{l}y", "TTGACAGTCAGGTC");
        same("LCS", "{l}x", "{l}y", "IDX", "WITHMATCHLEN");
        same3("LCS", "{l}x", "{l}y", "IDX", "WITHMATCHLEN");
    }

    @Test
    void resp3Replies() {
        same3("SET", "k", "v");
        same3("GET", "k");
        same3("GET", "missing");
        same3("MGET", "k", "missing");
        same3("SET", "k", "v2", "GET");
        same3("SET", "k", "v3", "NX");
        same3("INCRBYFLOAT", "f", "1.5");
        same3("GETEX", "missing");
        same3("GETDEL", "missing");
        same3("LCS", "k", "k", "IDX");
    }

    @Test
    void binarySafeValuesAndLargeValues() {
        same("SET", "bin", "a\u0000b\r\nc");
        same("GET", "bin");
        same("STRLEN", "bin");
        String big = "x".repeat(1_000_000);
        same("SET", "big", big);
        String reply = same("GET", "big");
        assertThat(reply.length()).isEqualTo("$1000000\r\n".length() + big.length() + 2);
    }
}
