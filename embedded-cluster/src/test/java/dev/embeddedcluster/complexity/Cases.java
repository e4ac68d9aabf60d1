package dev.embeddedcluster.complexity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.embeddedcluster.complexity.Fixture.GEO;
import static dev.embeddedcluster.complexity.Fixture.HASH;
import static dev.embeddedcluster.complexity.Fixture.HYPERLOGLOG;
import static dev.embeddedcluster.complexity.Fixture.KEYS;
import static dev.embeddedcluster.complexity.Fixture.LIST;
import static dev.embeddedcluster.complexity.Fixture.SET;
import static dev.embeddedcluster.complexity.Fixture.STREAM;
import static dev.embeddedcluster.complexity.Fixture.STRING;
import static dev.embeddedcluster.complexity.Fixture.ZSET;
import static dev.embeddedcluster.complexity.Growth.CONSTANT;
import static dev.embeddedcluster.complexity.Growth.LINEAR;
import static dev.embeddedcluster.complexity.Growth.LOGARITHMIC;

/**
 * One case or more for every command of the data-type groups, each with the growth Redis's
 * documented complexity allows when the collection grows and the arguments stay the same; and
 * the commands left out, with why.
 *
 * <p>A call is one command or several separated by " ; " (a write and the write that undoes it).
 * In it, {k} is the fixture's key, {s} its ten-element companion, {i} the call's number from 0,
 * {m}, {f} and {e} the member, field and element of that number (all in the fixture).
 */
final class Cases {
    /** One measurement: a command, its growth class, its fixture, whether it consumes the fixture, and the call. */
    record Case(String command, Growth growth, Fixture fixture, boolean consumes, String call) {
        String label() {
            return command + " (" + call + ")";
        }

        List<String[]> commands(int size, int number) {
            List<String[]> commands = new ArrayList<>();
            for (String one : call.split(" ; ")) {
                String text = one.replace("{k}", Fixture.key(size)).replace("{s}", Fixture.small(size))
                        .replace("{m}", Fixture.member(number)).replace("{f}", Fixture.field(number))
                        .replace("{e}", Fixture.element(number)).replace("{i1}", Integer.toString(number + 1))
                        .replace("{i}", Integer.toString(number));
                commands.add(text.split(" "));
            }
            return commands;
        }
    }

    static final List<Case> ALL = new ArrayList<>();
    /** Commands of those groups with no case, and why. */
    static final Map<String, String> EXCLUDED = new TreeMap<>();
    /**
     * Commands measured beyond their class and not fixed yet, and why: their growth is shown, not
     * asserted. Each is a to-do of issue #18.
     */
    static final Map<String, String> KNOWN_SLOW = new TreeMap<>();

    private Cases() {
    }

    /** A case that leaves the fixture as good as it found it (it may add a few elements, not move them). */
    private static void keeps(String command, Growth growth, Fixture fixture, String call) {
        ALL.add(new Case(command, growth, fixture, false, call));
    }

    /** A case that removes elements: it gets a fresh fixture, which no case uses after it. */
    private static void consumes(String command, Growth growth, Fixture fixture, String call) {
        ALL.add(new Case(command, growth, fixture, true, call));
    }

    static {
        // Sets
        keeps("sadd", CONSTANT, SET, "SADD {k} new{i}");
        keeps("scard", CONSTANT, SET, "SCARD {k}");
        keeps("sdiff", LINEAR, SET, "SDIFF {k} {s}");
        keeps("sdiffstore", LINEAR, SET, "SDIFFSTORE {k}:dst {k} {s}");
        keeps("sinter", CONSTANT, SET, "SINTER {k} {s}");
        keeps("sintercard", CONSTANT, SET, "SINTERCARD 2 {k} {s}");
        keeps("sinterstore", CONSTANT, SET, "SINTERSTORE {k}:dst {k} {s}");
        keeps("sismember", CONSTANT, SET, "SISMEMBER {k} {m}");
        keeps("smembers", LINEAR, SET, "SMEMBERS {k}");
        keeps("smismember", CONSTANT, SET, "SMISMEMBER {k} {m} absent");
        consumes("smove", CONSTANT, SET, "SMOVE {k} {k}:dst {m}");
        consumes("spop", CONSTANT, SET, "SPOP {k}");
        consumes("spop", CONSTANT, SET, "SPOP {k} 5");
        keeps("srandmember", CONSTANT, SET, "SRANDMEMBER {k}");
        keeps("srandmember", CONSTANT, SET, "SRANDMEMBER {k} 5");
        keeps("srandmember", CONSTANT, SET, "SRANDMEMBER {k} -5");
        consumes("srem", CONSTANT, SET, "SREM {k} {m}");
        keeps("sscan", CONSTANT, SET, "SSCAN {k} 500 COUNT 10");
        keeps("sunion", LINEAR, SET, "SUNION {k} {s}");
        keeps("sunionstore", LINEAR, SET, "SUNIONSTORE {k}:dst {k} {s}");

        // Hashes
        consumes("hdel", CONSTANT, HASH, "HDEL {k} {f}");
        keeps("hexists", CONSTANT, HASH, "HEXISTS {k} {f}");
        keeps("hget", CONSTANT, HASH, "HGET {k} {f}");
        keeps("hgetall", LINEAR, HASH, "HGETALL {k}");
        keeps("hincrby", CONSTANT, HASH, "HINCRBY {k} counter 1");
        keeps("hincrbyfloat", CONSTANT, HASH, "HINCRBYFLOAT {k} float 1.5");
        keeps("hkeys", LINEAR, HASH, "HKEYS {k}");
        keeps("hlen", CONSTANT, HASH, "HLEN {k}");
        keeps("hmget", CONSTANT, HASH, "HMGET {k} {f} absent");
        keeps("hmset", CONSTANT, HASH, "HMSET {k} {f} w new{i} w");
        keeps("hrandfield", CONSTANT, HASH, "HRANDFIELD {k}");
        keeps("hrandfield", CONSTANT, HASH, "HRANDFIELD {k} 5 WITHVALUES");
        keeps("hrandfield", CONSTANT, HASH, "HRANDFIELD {k} -5");
        keeps("hscan", CONSTANT, HASH, "HSCAN {k} 500 COUNT 10");
        keeps("hset", CONSTANT, HASH, "HSET {k} new{i} w");
        keeps("hsetnx", CONSTANT, HASH, "HSETNX {k} other{i} w");
        keeps("hstrlen", CONSTANT, HASH, "HSTRLEN {k} {f}");
        keeps("hvals", LINEAR, HASH, "HVALS {k}");

        // Sorted sets: member i has score i, and members sort by name as by score.
        consumes("bzmpop", LOGARITHMIC, ZSET, "BZMPOP 0 1 {k} MIN");
        consumes("bzpopmax", LOGARITHMIC, ZSET, "BZPOPMAX {k} 0");
        consumes("bzpopmin", LOGARITHMIC, ZSET, "BZPOPMIN {k} 0");
        keeps("zadd", LOGARITHMIC, ZSET, "ZADD {k} {i}.5 new{i}");
        keeps("zcard", CONSTANT, ZSET, "ZCARD {k}");
        keeps("zcount", LOGARITHMIC, ZSET, "ZCOUNT {k} 100 200");
        keeps("zdiff", LINEAR, ZSET, "ZDIFF 2 {k} {s}");
        keeps("zdiffstore", LINEAR, ZSET, "ZDIFFSTORE {k}:dst 2 {k} {s}");
        keeps("zincrby", LOGARITHMIC, ZSET, "ZINCRBY {k} 0.25 {m}");
        keeps("zinter", LOGARITHMIC, ZSET, "ZINTER 2 {k} {s}");
        keeps("zintercard", LOGARITHMIC, ZSET, "ZINTERCARD 2 {k} {s}");
        keeps("zinterstore", LOGARITHMIC, ZSET, "ZINTERSTORE {k}:dst 2 {k} {s}");
        keeps("zlexcount", LOGARITHMIC, ZSET, "ZLEXCOUNT {k} [m0000100 [m0000200");
        consumes("zmpop", LOGARITHMIC, ZSET, "ZMPOP 1 {k} MAX");
        keeps("zmscore", CONSTANT, ZSET, "ZMSCORE {k} {m} absent");
        consumes("zpopmax", LOGARITHMIC, ZSET, "ZPOPMAX {k}");
        consumes("zpopmin", LOGARITHMIC, ZSET, "ZPOPMIN {k} 2");
        keeps("zrandmember", CONSTANT, ZSET, "ZRANDMEMBER {k}");
        keeps("zrandmember", CONSTANT, ZSET, "ZRANDMEMBER {k} 5 WITHSCORES");
        keeps("zrandmember", CONSTANT, ZSET, "ZRANDMEMBER {k} -5");
        keeps("zrange", LOGARITHMIC, ZSET, "ZRANGE {k} 500 509");
        keeps("zrange", LOGARITHMIC, ZSET, "ZRANGE {k} 500 509 BYSCORE");
        keeps("zrange", LOGARITHMIC, ZSET, "ZRANGE {k} [m0000500 + BYLEX LIMIT 0 10");
        keeps("zrange", LOGARITHMIC, ZSET, "ZRANGE {k} -10 -1 REV");
        keeps("zrangebylex", LOGARITHMIC, ZSET, "ZRANGEBYLEX {k} [m0000500 + LIMIT 0 10");
        keeps("zrangebyscore", LOGARITHMIC, ZSET, "ZRANGEBYSCORE {k} 500 509");
        keeps("zrangestore", LOGARITHMIC, ZSET, "ZRANGESTORE {k}:dst {k} 500 509");
        keeps("zrank", LOGARITHMIC, ZSET, "ZRANK {k} {m}");
        consumes("zrem", LOGARITHMIC, ZSET, "ZREM {k} {m}");
        consumes("zremrangebylex", LOGARITHMIC, ZSET, "ZREMRANGEBYLEX {k} [{m} [{m}");
        consumes("zremrangebyrank", LOGARITHMIC, ZSET, "ZREMRANGEBYRANK {k} 500 500");
        consumes("zremrangebyscore", LOGARITHMIC, ZSET, "ZREMRANGEBYSCORE {k} {i} {i}");
        keeps("zrevrange", LOGARITHMIC, ZSET, "ZREVRANGE {k} 500 509");
        keeps("zrevrangebylex", LOGARITHMIC, ZSET, "ZREVRANGEBYLEX {k} [m0000509 - LIMIT 0 10");
        keeps("zrevrangebyscore", LOGARITHMIC, ZSET, "ZREVRANGEBYSCORE {k} 509 500");
        keeps("zrevrank", LOGARITHMIC, ZSET, "ZREVRANK {k} {m}");
        keeps("zscan", CONSTANT, ZSET, "ZSCAN {k} 500 COUNT 10");
        keeps("zscore", CONSTANT, ZSET, "ZSCORE {k} {m}");
        keeps("zunion", LINEAR, ZSET, "ZUNION 2 {k} {s}");
        keeps("zunionstore", LINEAR, ZSET, "ZUNIONSTORE {k}:dst 2 {k} {s}");

        // Lists: Redis's index commands walk from the nearer end; the cases stay near the head.
        keeps("blmove", CONSTANT, LIST, "BLMOVE {k} {k} LEFT RIGHT 0 ; LMOVE {k} {k} RIGHT LEFT");
        consumes("blmpop", CONSTANT, LIST, "BLMPOP 0 1 {k} LEFT COUNT 2");
        consumes("blpop", CONSTANT, LIST, "BLPOP {k} 0");
        consumes("brpop", CONSTANT, LIST, "BRPOP {k} 0");
        keeps("brpoplpush", CONSTANT, LIST, "BRPOPLPUSH {k} {k} 0 ; LMOVE {k} {k} LEFT RIGHT");
        keeps("lindex", CONSTANT, LIST, "LINDEX {k} 5");
        keeps("lindex", LINEAR, LIST, "LINDEX {k} 500");
        keeps("linsert", CONSTANT, LIST, "LINSERT {k} AFTER e0000002 new{i}");
        keeps("llen", CONSTANT, LIST, "LLEN {k}");
        keeps("lmove", CONSTANT, LIST, "LMOVE {k} {k} RIGHT LEFT ; LMOVE {k} {k} LEFT RIGHT");
        consumes("lmpop", CONSTANT, LIST, "LMPOP 1 {k} RIGHT");
        consumes("lpop", CONSTANT, LIST, "LPOP {k} 2");
        keeps("lpos", CONSTANT, LIST, "LPOS {k} e0000005");
        keeps("lpush", CONSTANT, LIST, "LPUSH {k} new{i}");
        keeps("lpushx", CONSTANT, LIST, "LPUSHX {k} new{i}");
        keeps("lrange", CONSTANT, LIST, "LRANGE {k} 5 14");
        keeps("lrange", LINEAR, LIST, "LRANGE {k} 0 -1");
        consumes("lrem", LINEAR, LIST, "LREM {k} 1 {e}");
        keeps("lset", CONSTANT, LIST, "LSET {k} 5 x");
        consumes("ltrim", CONSTANT, LIST, "LTRIM {k} 1 -2");
        consumes("rpop", CONSTANT, LIST, "RPOP {k}");
        keeps("rpoplpush", CONSTANT, LIST, "RPOPLPUSH {k} {k} ; LMOVE {k} {k} LEFT RIGHT");
        keeps("rpush", CONSTANT, LIST, "RPUSH {k} new{i}");
        keeps("rpushx", CONSTANT, LIST, "RPUSHX {k} new{i}");

        // Streams: entries 1-0 to N-0, all pending in group g for consumer c.
        consumes("xack", CONSTANT, STREAM, "XACK {k} g {i1}-0");
        keeps("xadd", CONSTANT, STREAM, "XADD {k} * f v");
        keeps("xautoclaim", CONSTANT, STREAM, "XAUTOCLAIM {k} g c2 0 0-0 COUNT 10");
        keeps("xclaim", LOGARITHMIC, STREAM, "XCLAIM {k} g c2 0 {i1}-0");
        consumes("xdel", CONSTANT, STREAM, "XDEL {k} {i1}-0");
        keeps("xgroup|create", CONSTANT, STREAM, "XGROUP CREATE {k} g2 $ ; XGROUP DESTROY {k} g2");
        keeps("xgroup|destroy", CONSTANT, STREAM, "XGROUP CREATE {k} g3 $ ; XGROUP DESTROY {k} g3");
        keeps("xgroup|createconsumer", CONSTANT, STREAM, "XGROUP CREATECONSUMER {k} g c{i} ; XGROUP DELCONSUMER {k} g c{i}");
        keeps("xgroup|delconsumer", CONSTANT, STREAM, "XGROUP CREATECONSUMER {k} g d{i} ; XGROUP DELCONSUMER {k} g d{i}");
        keeps("xgroup|setid", CONSTANT, STREAM, "XGROUP SETID {k} g 0");
        keeps("xinfo|consumers", CONSTANT, STREAM, "XINFO CONSUMERS {k} g");
        keeps("xinfo|groups", CONSTANT, STREAM, "XINFO GROUPS {k}");
        keeps("xinfo|stream", CONSTANT, STREAM, "XINFO STREAM {k}");
        keeps("xlen", CONSTANT, STREAM, "XLEN {k}");
        keeps("xpending", CONSTANT, STREAM, "XPENDING {k} g");
        keeps("xpending", LOGARITHMIC, STREAM, "XPENDING {k} g 500 + 10");
        keeps("xrange", LOGARITHMIC, STREAM, "XRANGE {k} 500 + COUNT 10");
        keeps("xread", LOGARITHMIC, STREAM, "XREAD COUNT 10 STREAMS {k} 500-0");
        keeps("xreadgroup", LOGARITHMIC, STREAM, "XREADGROUP GROUP g c COUNT 10 STREAMS {k} 500-0");
        keeps("xrevrange", LOGARITHMIC, STREAM, "XREVRANGE {k} 509 - COUNT 10");
        keeps("xsetid", CONSTANT, STREAM, "XSETID {k} 9999999999999-0");
        consumes("xtrim", CONSTANT, STREAM, "XTRIM {k} MINID {i1}");

        // Strings: {k} is a string of N bytes.
        keeps("append", CONSTANT, STRING, "APPEND {k} x");
        keeps("decr", CONSTANT, STRING, "DECR {k}:n");
        keeps("decrby", CONSTANT, STRING, "DECRBY {k}:n 2");
        keeps("get", LINEAR, STRING, "GET {k}");
        keeps("getdel", CONSTANT, STRING, "SET {k}:o v ; GETDEL {k}:o");
        keeps("getex", CONSTANT, STRING, "GETEX {k}:o PERSIST");
        keeps("getrange", CONSTANT, STRING, "GETRANGE {k} 500 509");
        keeps("getset", CONSTANT, STRING, "GETSET {k}:o w");
        keeps("incr", CONSTANT, STRING, "INCR {k}:n");
        keeps("incrby", CONSTANT, STRING, "INCRBY {k}:n 3");
        keeps("incrbyfloat", CONSTANT, STRING, "INCRBYFLOAT {k}:n 1.5 ; SET {k}:n 10");
        keeps("mget", CONSTANT, STRING, "MGET {k}:n {k}:o");
        keeps("mset", CONSTANT, STRING, "MSET {k}:o w {k}:p w");
        keeps("msetnx", CONSTANT, STRING, "MSETNX {k}:q{i} w {k}:r{i} w");
        keeps("psetex", CONSTANT, STRING, "PSETEX {k}:o 100000 w");
        keeps("set", CONSTANT, STRING, "SET {k}:o w");
        keeps("setex", CONSTANT, STRING, "SETEX {k}:o 100 w");
        keeps("setnx", CONSTANT, STRING, "SETNX {k}:s{i} w");
        keeps("setrange", CONSTANT, STRING, "SETRANGE {k} 500 xyz");
        keeps("strlen", CONSTANT, STRING, "STRLEN {k}");
        keeps("substr", CONSTANT, STRING, "SUBSTR {k} 500 509");
        EXCLUDED.put("lcs", "O(N*M) in the two strings' lengths: at 100,000 bytes each a single call is 10^10 steps");

        // Bitmaps: {k} is a string of N bytes.
        keeps("bitcount", LINEAR, STRING, "BITCOUNT {k}");
        keeps("bitfield", CONSTANT, STRING, "BITFIELD {k} GET u8 800 INCRBY u8 808 1");
        keeps("bitfield_ro", CONSTANT, STRING, "BITFIELD_RO {k} GET u8 800");
        keeps("bitop", LINEAR, STRING, "BITOP AND {k}:dst {k} {k}");
        keeps("bitpos", LINEAR, STRING, "BITPOS {k} 1 -10 -1");
        keeps("getbit", CONSTANT, STRING, "GETBIT {k} 4001");
        keeps("setbit", CONSTANT, STRING, "SETBIT {k} 4001 1");

        // HyperLogLog: its representation is bounded (12 KB dense), so all of it is constant.
        keeps("pfadd", CONSTANT, HYPERLOGLOG, "PFADD {k} new{i}");
        keeps("pfcount", CONSTANT, HYPERLOGLOG, "PFCOUNT {k}");
        keeps("pfmerge", CONSTANT, HYPERLOGLOG, "PFMERGE {k}:dst {k}");
        EXCLUDED.put("pfdebug", "a debugging command Redis gives no complexity for (N/A)");
        EXCLUDED.put("pfselftest", "tests the HyperLogLog implementation; touches no key (N/A)");

        // Geo: members 33 m apart on a line, so a 100 m search finds the same few at every size.
        keeps("geoadd", LOGARITHMIC, GEO, "GEOADD {k} -100.1 10 new{i}");
        keeps("geodist", LOGARITHMIC, GEO, "GEODIST {k} m0000005 {m}");
        keeps("geohash", LOGARITHMIC, GEO, "GEOHASH {k} {m}");
        keeps("geopos", CONSTANT, GEO, "GEOPOS {k} {m}");
        keeps("georadius", LOGARITHMIC, GEO, "GEORADIUS {k} -99.9 10 100 m");
        keeps("georadius_ro", LOGARITHMIC, GEO, "GEORADIUS_RO {k} -99.9 10 100 m");
        keeps("georadiusbymember", LOGARITHMIC, GEO, "GEORADIUSBYMEMBER {k} m0000500 100 m");
        keeps("georadiusbymember_ro", LOGARITHMIC, GEO, "GEORADIUSBYMEMBER_RO {k} m0000500 100 m");
        keeps("geosearch", LOGARITHMIC, GEO, "GEOSEARCH {k} FROMMEMBER m0000500 BYBOX 200 200 m");
        keeps("geosearchstore", LOGARITHMIC, GEO, "GEOSEARCHSTORE {k}:dst {k} FROMLONLAT -99.9 10 BYRADIUS 100 m");

        // Keys: N keys in one slot.
        keeps("randomkey", CONSTANT, KEYS, "RANDOMKEY");
        keeps("scan", CONSTANT, KEYS, "SCAN 0 COUNT 10");

        KNOWN_SLOW.put("xautoclaim", "walks the whole pending entries list from the start id on each call");
        KNOWN_SLOW.put("xinfo|stream", "computes what it reports by walking the stream");

        EXCLUDED.put("xgroup", "a container: each subcommand has its case");
        EXCLUDED.put("xinfo", "a container: each subcommand has its case");
        EXCLUDED.put("xgroup|help", "replies a fixed text; touches no key");
        EXCLUDED.put("xinfo|help", "replies a fixed text; touches no key");
    }
}
