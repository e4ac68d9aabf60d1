package dev.embeddedcluster.compare;

import org.junit.jupiter.api.Test;

/** The non-blocking list commands against a real redis-server: same replies and errors. */
class ListCommandsIT extends ComparisonSupport {

    @Test
    void pushPopAndLength() {
        script("RPUSH l a b c", "LPUSH l z y", "LRANGE l 0 -1", "LLEN l", "LLEN missing", "LPUSHX missing a", "RPUSHX missing a",
                "EXISTS missing", "LPUSHX l x", "RPUSHX l w", "LPOP l", "RPOP l", "LPOP l 2", "RPOP l 2", "LRANGE l 0 -1",
                "LPOP l 0", "LPOP l -1", "LPOP l x", "LPOP l 1 2", "LPOP missing", "LPOP missing 2", "RPOP missing 0",
                "LPOP l 10", "EXISTS l", "RPUSH l a", "RPOP l", "EXISTS l", "OBJECT ENCODING missing", "RPUSH l a",
                "OBJECT ENCODING l", "TYPE l", "LPUSH", "LPUSH l");
        same3("LPOP", "missing", "2");
        same3("LPOP", "missing");
        both("RPUSH", "l3", "a", "b");
        same3("LPOP", "l3", "5");
    }

    @Test
    void indexRangeAndTrim() {
        script("RPUSH l a b c d e", "LINDEX l 0", "LINDEX l -1", "LINDEX l 5", "LINDEX l -6", "LINDEX l x", "LINDEX missing 0",
                "LRANGE l 1 3", "LRANGE l -3 -2", "LRANGE l -100 100", "LRANGE l 3 1", "LRANGE l 5 10", "LRANGE l x 1",
                "LRANGE missing 0 -1", "LRANGE l 0 -100", "LSET l 1 B", "LSET l -1 E", "LSET l 5 x", "LSET l x y",
                "LSET missing 0 x", "LRANGE l 0 -1", "LTRIM l 1 -2", "LRANGE l 0 -1", "LTRIM missing 0 1", "LTRIM l x 1",
                "LTRIM l -100 100", "LRANGE l 0 -1", "LTRIM l 2 1", "EXISTS l", "RPUSH l a b c", "LTRIM l 5 10", "EXISTS l",
                "RPUSH l a b c", "LTRIM l 0 0", "LRANGE l 0 -1", "LINDEX missing x");
    }

    @Test
    void removeInsertAndPosition() {
        script("RPUSH l a b a c a d", "LREM l 2 a", "LRANGE l 0 -1", "RPUSH l a b a", "LREM l -1 a", "LRANGE l 0 -1",
                "LREM l 0 b", "LRANGE l 0 -1", "LREM l 0 zz", "LREM l x a", "LREM missing 0 a", "LINSERT l BEFORE c X",
                "LINSERT l after c Y", "LINSERT l BEFORE zz X", "LINSERT l MIDDLE c X", "LINSERT missing BEFORE a X",
                "LRANGE l 0 -1", "RPUSH p a b c a b c a", "LPOS p a", "LPOS p c", "LPOS p zz", "LPOS p a RANK 2",
                "LPOS p a RANK -1", "LPOS p a RANK -2", "LPOS p a RANK 4", "LPOS p a COUNT 0", "LPOS p a COUNT 2",
                "LPOS p a RANK -1 COUNT 0", "LPOS p a MAXLEN 3 COUNT 0", "LPOS p a RANK 2 MAXLEN 3", "LPOS p zz COUNT 0",
                "LPOS missing a", "LPOS missing a COUNT 1", "LPOS p a RANK 0", "LPOS p a COUNT -1", "LPOS p a MAXLEN -1",
                "LPOS p a RANK x", "LPOS p a COUNT x", "LPOS p a FOO 1", "LPOS p a RANK", "LREM l 0 X", "LRANGE l 0 -1");
    }

    @Test
    void moveAndMultiPop() {
        script("RPUSH {l}a 1 2 3", "LMOVE {l}a {l}b LEFT RIGHT", "LMOVE {l}a {l}b RIGHT LEFT", "LRANGE {l}a 0 -1",
                "LRANGE {l}b 0 -1", "LMOVE {l}a {l}a LEFT RIGHT", "LRANGE {l}a 0 -1", "LMOVE {l}a {l}b UP LEFT",
                "LMOVE {l}missing {l}b LEFT LEFT", "RPOPLPUSH {l}b {l}a", "LRANGE {l}a 0 -1", "RPOPLPUSH {l}b {l}a",
                "EXISTS {l}b", "RPOPLPUSH {l}missing {l}a", "SET {l}s v", "LMOVE {l}a {l}s LEFT LEFT", "LRANGE {l}a 0 -1",
                "LMOVE {l}s {l}a LEFT LEFT", "RPOPLPUSH {l}a {l}s", "LMPOP 2 {l}missing {l}a LEFT", "LMPOP 1 {l}a RIGHT COUNT 5",
                "EXISTS {l}a", "LMPOP 1 {l}a LEFT", "RPUSH {l}a 1 2 3", "LMPOP 2 {l}s {l}a LEFT", "LMPOP 2 {l}a {l}s LEFT",
                "LMPOP 0 {l}a LEFT", "LMPOP -1 {l}a LEFT", "LMPOP x {l}a LEFT", "LMPOP 2 {l}a LEFT", "LMPOP 1 {l}a UP",
                "LMPOP 1 {l}a LEFT COUNT 0", "LMPOP 1 {l}a LEFT COUNT x", "LMPOP 1 {l}a LEFT COUNT 1 COUNT 1",
                "LMPOP 1 {l}a LEFT FOO", "LMPOP 1 {l}a LEFT COUNT");
        both("RPUSH", "{l}r3", "x", "y");
        same3("LMPOP", "1", "{l}r3", "LEFT", "COUNT", "1");
        same3("LMPOP", "1", "{l}none", "LEFT");
    }

    @Test
    void wrongTypeAndKeyCommands() {
        script("SET s v", "LPUSH s a", "RPUSHX s a", "LPOP s", "LLEN s", "LINDEX s 0", "LRANGE s 0 1", "LSET s 0 a",
                "LTRIM s 0 1", "LREM s 0 a", "LINSERT s BEFORE a b", "LPOS s a", "RPUSH l a b", "GET l", "SADD l x",
                "HSET l f v", "COPY l l2", "RPUSH l2 c", "LRANGE l 0 -1", "LRANGE l2 0 -1", "DEL l2", "SCAN 0 TYPE list");
    }
}
