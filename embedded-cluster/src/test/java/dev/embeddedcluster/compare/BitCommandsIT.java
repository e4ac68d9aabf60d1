package dev.embeddedcluster.compare;

import org.junit.jupiter.api.Test;

/** The bitmap commands against a real redis-server, range edge cases included. */
class BitCommandsIT extends ComparisonSupport {

    @Test
    void setAndGetBits() {
        script("SETBIT b 7 1", "GET b", "SETBIT b 7 1", "SETBIT b 7 0", "SETBIT b 100 1", "STRLEN b", "GETBIT b 100",
                "GETBIT b 101", "GETBIT b 100000", "GETBIT missing 3", "SETBIT b -1 1", "SETBIT b x 1", "SETBIT b 1 2",
                "SETBIT b 1 -1", "SETBIT b 1 x", "SETBIT b 4294967296 1", "SETBIT b 4294967295 x", "GETBIT b -1",
                "GETBIT b x", "OBJECT ENCODING b", "SET s abc", "SETBIT s 0 1", "GET s", "OBJECT ENCODING s",
                "HSET h f v", "SETBIT h 0 1", "GETBIT h 0", "SETBIT", "GETBIT b");
    }

    @Test
    void bitcountWithByteAndBitRanges() {
        script("SET s foobar", "BITCOUNT s", "BITCOUNT s 0 0", "BITCOUNT s 1 1", "BITCOUNT s 1 -2", "BITCOUNT s -2 -1",
                "BITCOUNT s -1 -2", "BITCOUNT s 5 100", "BITCOUNT s 100 200", "BITCOUNT s -100 -50", "BITCOUNT s 0 -100",
                "BITCOUNT s 5 30 BIT", "BITCOUNT s 0 0 BIT", "BITCOUNT s 1 1 BIT", "BITCOUNT s 3 3 BIT", "BITCOUNT s -5 -1 BIT",
                "BITCOUNT s 7 9 BIT", "BITCOUNT s 9 7 BIT", "BITCOUNT s 0 1 BYTE", "BITCOUNT s 0 1 WORD", "BITCOUNT s 0",
                "BITCOUNT s x 1", "BITCOUNT s 0 x", "BITCOUNT missing", "BITCOUNT missing 0", "BITCOUNT missing 0 1 FOO",
                "HSET h f v", "BITCOUNT h", "BITCOUNT s 0 1 BIT extra");
    }

    @Test
    void bitposWithByteAndBitRanges() {
        both("SET", "ones", "\u00ff\u00ff\u00ff");
        both("SET", "zeros", "\u0000\u0000\u0000");
        script("SET s \u00f0", "BITPOS s 0", "BITPOS s 1", "BITPOS ones 0", "BITPOS ones 1", "BITPOS zeros 1", "BITPOS zeros 0",
                "BITPOS ones 0 0", "BITPOS ones 0 0 -1", "BITPOS ones 0 1", "BITPOS zeros 1 1 1", "BITPOS missing 1",
                "BITPOS missing 0", "BITPOS s 2", "BITPOS s x", "BITPOS s 1 x", "BITPOS s 1 0 x", "BITPOS s 1 0 0 FOO",
                "SET t foobar", "BITPOS t 1 2", "BITPOS t 0 2 -1", "BITPOS t 1 7 15 BIT", "BITPOS t 0 7 15 BIT",
                "BITPOS t 1 -10 -1 BIT", "BITPOS t 0 3 BIT", "BITPOS t 1 100", "BITPOS t 0 100", "BITPOS t 1 -1 -2",
                "BITPOS ones 0 8 23 BIT", "BITPOS ones 0 8 BIT", "BITPOS zeros 1 3 20 BIT", "BITPOS t 0 0 0 BIT",
                "BITPOS t 1 5 5 BIT", "BITPOS t 0 0 0 BYTE", "HSET h f v", "BITPOS h 1", "BITPOS t 1 0 1 BIT extra");
    }

    @Test
    void bitop() {
        script("SET {b}a abc", "SET {b}b ABCDE", "BITOP AND {b}r {b}a {b}b", "GET {b}r", "BITOP OR {b}r {b}a {b}b", "GET {b}r",
                "BITOP XOR {b}r {b}a {b}b", "GET {b}r", "BITOP NOT {b}r {b}a", "STRLEN {b}r", "BITOP NOT {b}r {b}a {b}b",
                "BITOP FOO {b}r {b}a", "BITOP AND {b}r {b}missing {b}missing2", "EXISTS {b}r", "SET {b}r x",
                "BITOP OR {b}r {b}missing", "EXISTS {b}r", "BITOP AND {b}r {b}a {b}missing", "GET {b}r", "HSET {b}h f v",
                "BITOP AND {b}r {b}a {b}h", "BITOP AND {b}h {b}a", "TYPE {b}h", "BITOP", "BITOP AND {b}r");
    }
}
