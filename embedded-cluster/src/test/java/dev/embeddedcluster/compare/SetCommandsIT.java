package dev.embeddedcluster.compare;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The set commands against a real redis-server. Integer sets (intsets) are ordered, so their
 * replies compare byte for byte; sets of strings are compared as sets, since Redis orders them
 * by its hash table.
 */
class SetCommandsIT extends ComparisonSupport {

    @Test
    void addRemoveAndMembership() {
        script("SADD s 3 1 2 3", "SADD s 2 5", "SMEMBERS s", "SCARD s", "SISMEMBER s 5", "SISMEMBER s 9",
                "SMISMEMBER s 1 9 5", "SMISMEMBER missing 1 2", "SISMEMBER missing 1", "SCARD missing", "SMEMBERS missing",
                "SREM s 1 9 1", "SMEMBERS s", "SREM missing 1", "SREM s 2 3 5", "EXISTS s", "SADD s -5 100 0 -9223372036854775808",
                "SMEMBERS s", "OBJECT ENCODING s", "SADD s 007", "OBJECT ENCODING s", "TYPE s", "SADD", "SADD s",
                "SREM s", "SISMEMBER s", "SMISMEMBER s");
    }

    @Test
    void wrongType() {
        script("SET str v", "SADD str a", "SREM str a", "SMEMBERS str", "SISMEMBER str a", "SMISMEMBER str a", "SCARD str",
                "SMOVE str s a", "SADD s a", "SMOVE s str a", "SINTER s str", "SUNION s str", "SDIFF s str",
                "SINTERSTORE d s str", "SINTERCARD 2 s str", "SPOP str", "SPOP str 2", "SRANDMEMBER str",
                "SRANDMEMBER str 2", "SSCAN str 0", "HSET h f v", "SADD h a", "SINTER missing str");
    }

    @Test
    void encodingFollowsTheIntsetLimit() {
        for (int i = 0; i < 512; i++) {
            both("SADD", "ints", Integer.toString(i * 3));
        }
        same("OBJECT", "ENCODING", "ints");
        same("SMEMBERS", "ints");
        both("SADD", "ints", "7");
        same("OBJECT", "ENCODING", "ints");
        both("SREM", "ints", "7");
        same("OBJECT", "ENCODING", "ints");
        same("SCARD", "ints");
    }

    @Test
    void setAlgebraOnIntegers() {
        script("SADD {t}a 1 2 3 4 5", "SADD {t}b 4 5 6", "SADD {t}c 5 6 7 8", "SINTER {t}a {t}b", "SINTER {t}a {t}b {t}c",
                "SINTER {t}a {t}missing", "SUNION {t}a {t}b {t}c", "SUNION {t}missing {t}b", "SDIFF {t}a {t}b",
                "SDIFF {t}a {t}b {t}c", "SDIFF {t}missing {t}a", "SDIFF {t}a {t}missing", "SINTERCARD 2 {t}a {t}b",
                "SINTERCARD 3 {t}a {t}b {t}c", "SINTERCARD 1 {t}a LIMIT 2", "SINTERCARD 1 {t}a LIMIT 0",
                "SINTERCARD 0 {t}a", "SINTERCARD -1 {t}a", "SINTERCARD x {t}a", "SINTERCARD 3 {t}a {t}b",
                "SINTERCARD 1 {t}a LIMIT -1", "SINTERCARD 1 {t}a LIMIT x", "SINTERCARD 1 {t}a LIMIT", "SINTERCARD 1 {t}a FOO",
                "SINTERSTORE {t}d {t}a {t}b", "SMEMBERS {t}d", "SUNIONSTORE {t}d {t}b {t}c", "SMEMBERS {t}d",
                "SDIFFSTORE {t}d {t}a {t}b", "SMEMBERS {t}d", "SET {t}str v", "SINTERSTORE {t}str {t}a {t}missing",
                "EXISTS {t}str", "SET {t}str v", "SUNIONSTORE {t}str {t}a", "TYPE {t}str", "SDIFFSTORE {t}d {t}a {t}a",
                "EXISTS {t}d", "SINTER {t}a {t}a", "SMEMBERS {t}a");
    }

    @Test
    void setAlgebraOnStringsGivesTheSameSets() {
        both("SADD", "{t}x", "apple", "pear", "plum", "fig");
        both("SADD", "{t}y", "pear", "fig", "kiwi");
        for (String[] command : List.of(new String[] {"SINTER", "{t}x", "{t}y"}, new String[] {"SUNION", "{t}x", "{t}y"},
                new String[] {"SDIFF", "{t}x", "{t}y"}, new String[] {"SMEMBERS", "{t}x"})) {
            String[] both = replies(command);
            assertThat(members(both[1])).as(Arrays.toString(command)).containsExactlyInAnyOrderElementsOf(members(both[0]));
        }
        script("SINTERCARD 2 {t}x {t}y", "SUNIONSTORE {t}z {t}x {t}y", "SCARD {t}z", "OBJECT ENCODING {t}z");
    }

    @Test
    void smove() {
        script("SADD {m}a 1 2", "SADD {m}b 3", "SMOVE {m}a {m}b 1", "SMEMBERS {m}a", "SMEMBERS {m}b", "SMOVE {m}a {m}b 9",
                "SMOVE {m}missing {m}b 1", "SMOVE {m}a {m}a 2", "SMOVE {m}a {m}a 9", "SMOVE {m}a {m}new 2", "EXISTS {m}a",
                "SMEMBERS {m}new", "SET {m}s v", "SMOVE {m}missing {m}s 1", "SMOVE {m}b {m}s 3", "SMEMBERS {m}b");
    }

    @Test
    void popAndRandomWhereTheAnswerIsDetermined() {
        script("SPOP missing", "SPOP missing 2", "SADD s 1 2 3", "SPOP s 0", "SPOP s -1", "SPOP s x", "SPOP s 1 2",
                "SRANDMEMBER missing", "SRANDMEMBER missing 5", "SRANDMEMBER s 0", "SRANDMEMBER s 3", "SRANDMEMBER s 10",
                "SRANDMEMBER s x", "SRANDMEMBER s -9223372036854775808", "SRANDMEMBER s 1 2", "SPOP s 3", "EXISTS s",
                "SADD s 1 2 3", "SPOP s 10", "EXISTS s");
        same3("SPOP", "missing", "2");
        same3("SMEMBERS", "missing");
        both("SADD", "s3", "1", "2");
        same3("SMEMBERS", "s3");
        same3("SRANDMEMBER", "s3", "5");
        same3("SPOP", "s3", "5");
    }

    @Test
    void popAndRandomTakeMembersOfTheSet() {
        both("SADD", "s", "1", "2", "3", "4", "5", "6");
        List<String> all = List.of("1", "2", "3", "4", "5", "6");
        List<String> two = members(replies("SRANDMEMBER", "s", "2")[1]);
        assertThat(two).hasSize(2).doesNotHaveDuplicates().isSubsetOf(all);
        List<String> repeats = members(replies("SRANDMEMBER", "s", "-10")[1]);
        assertThat(repeats).hasSize(10).isSubsetOf(all);
        List<String> popped = members(replies("SPOP", "s", "2")[1]);
        assertThat(popped).hasSize(2).doesNotHaveDuplicates().isSubsetOf(all);
        same("SCARD", "s");
        String one = replies("SPOP", "s")[1];
        assertThat(one).matches("\\$1\r\n[1-6]\r\n");
        same("SCARD", "s");
    }

    @Test
    void scan() {
        script("SSCAN missing 0", "SSCAN missing x", "SADD s 10 2 33", "SSCAN s 0", "SSCAN s 0 MATCH 3*", "SSCAN s 0 COUNT 1",
                "SSCAN s 0 COUNT 0", "SSCAN s 0 TYPE set", "SSCAN s abc");
        for (int i = 0; i < 700; i++) {
            both("SADD", "big", "member" + i);
        }
        String cursor = "0";
        List<String> seen = new java.util.ArrayList<>();
        do {
            List<String> reply = Arrays.asList(replies("SSCAN", "big", cursor, "COUNT", "40")[1].split("\r\n"));
            cursor = reply.get(2);
            for (int i = 5; i < reply.size(); i += 2) {
                seen.add(reply.get(i));
            }
        } while (!cursor.equals("0"));
        assertThat(seen).hasSize(700).doesNotHaveDuplicates();
    }

    @Test
    void keyCommandsSeeSets() {
        script("SADD s 1 2", "TYPE s", "COPY s s2", "SADD s2 3", "SMEMBERS s", "SMEMBERS s2", "DEL s2", "SCAN 0 TYPE set",
                "OBJECT ENCODING s");
    }

    /** The bulk strings of an array or set reply. */
    private static List<String> members(String reply) {
        List<String> lines = Arrays.asList(reply.split("\r\n"));
        List<String> members = new java.util.ArrayList<>();
        for (int i = 2; i < lines.size(); i += 2) {
            members.add(lines.get(i));
        }
        return members;
    }
}
