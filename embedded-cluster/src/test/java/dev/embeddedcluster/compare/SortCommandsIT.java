package dev.embeddedcluster.compare;

import org.junit.jupiter.api.Test;

/** SORT and SORT_RO against a real redis-server (BY patterns and GET: see {@link CrossSlotIT}). */
class SortCommandsIT extends ComparisonSupport {

    @Test
    void sortsNumbersAndBytes() {
        script("RPUSH l 3 10 1 2.5 -4 1e2 007 7", "SORT l", "SORT l DESC", "SORT l LIMIT 1 3", "SORT l LIMIT -5 2",
                "SORT l LIMIT 5 100", "SORT l LIMIT 20 2", "SORT l LIMIT 0 0", "SORT l LIMIT 2 -1", "SORT l ALPHA",
                "SORT l ALPHA DESC LIMIT 0 3", "SORT l ASC", "SORT_RO l DESC", "RPUSH words banana apple cherry",
                "SORT words", "SORT words ALPHA", "SORT_RO words ALPHA DESC", "SADD s 5 3 9 1", "SORT s", "SORT s DESC",
                "ZADD z 3 c 1 a 2 b", "OBJECT ENCODING z", "SORT z ALPHA", "OBJECT ENCODING z", "SORT z ALPHA DESC", "SADD names bob alice", "SORT names ALPHA",
                "SORT missing", "SORT missing STORE {x}dst", "SET str v", "SORT str", "HSET h f v", "SORT h",
                "RPUSH nums 1 inf -inf 2", "SORT nums", "RPUSH bad 1 nan", "SORT bad", "SORT l LIMIT 1", "SORT l LIMIT x 1", "SORT l FOO", "SORT_RO l STORE dst",
                "SORT l BY nosort", "SORT l BY nosort DESC", "SORT l BY nosort LIMIT 2 3", "SORT z BY nosort",
                "SORT z BY nosort DESC LIMIT 1 1", "SORT s BY nosort");
        same("RPUSH", "blank", "", " 1", "2");
        same("SORT", "blank");
    }

    /**
     * Last in its test: Redis checks errno after strtod without clearing it first, so an ERANGE
     * here can make a later SORT on the same server fail too (not a behaviour to compare).
     */
    @Test
    void numbersOutOfRangeAreRefused() {
        script("RPUSH big 1 1e400", "SORT big", "RPUSH tiny 1e-400", "SORT tiny");
    }

    @Test
    void storesAList() {
        script("RPUSH {s}src 3 1 2", "SORT {s}src STORE {s}dst", "TYPE {s}dst", "LRANGE {s}dst 0 -1", "OBJECT ENCODING {s}dst",
                "SORT {s}src DESC LIMIT 0 2 STORE {s}dst", "LRANGE {s}dst 0 -1", "SET {s}str v EX 100",
                "SORT {s}src STORE {s}str", "TYPE {s}str", "TTL {s}str", "SORT {s}src LIMIT 9 9 STORE {s}dst",
                "EXISTS {s}dst", "SADD {s}set b a c", "SORT {s}set BY nosort STORE {s}dst", "LRANGE {s}dst 0 -1",
                "SORT {s}src STORE {s}a STORE {s}b", "EXISTS {s}a", "LRANGE {s}b 0 -1");
    }
}
