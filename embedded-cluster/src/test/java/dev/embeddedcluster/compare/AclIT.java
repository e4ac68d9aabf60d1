package dev.embeddedcluster.compare;

import dev.embeddedcluster.testing.RespClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** ACL users, rules, renderings, AUTH and NOPERM refusals against a real redis-server 7.0.15. */
class AclIT extends ComparisonSupport {

    @AfterEach
    void forgetUsers() {
        both("ACL", "DELUSER", "u", "v", "lim");
        both("ACL", "SETUSER", "default", "reset", "on", "nopass", "~*", "&*", "+@all");
        both("ACL", "LOG", "RESET");
    }

    /** Each rule set on a fresh user, then the user as GETUSER (RESP2 and RESP3) and ACL LIST show it. */
    @Test
    void setUserRulesAndTheirRenderings() {
        List<String> ruleSets = List.of(
                "", "on >p1 ~k* %R~r* %W~w* %RW~rw* &ch* +@hash -hset", "+@hash +get",
                "+@all -@dangerous", "+@all -client", "+@all -client|list", "+@read +@write",
                "+@all -@admin +config|get", "allcommands -get", "nocommands +@fast", "allkeys allchannels",
                "~a ~b resetkeys ~c", "nopass >x", ">x nopass", "+select|0", "+get|x +get|y",
                "reset", "on >a >b <a", "on #" + "a".repeat(64) + " !" + "a".repeat(64), ">a resetpass",
                "skip-sanitize-payload", "sanitize-payload", "%R~x %W~x", "~x %R~x", "+@all -@write +set",
                "(+get ~x*) (+set %W~w*)", "(+get ~x*) clearselectors", "+@hash +@string", "-@all +@geo -geoadd",
                "+@all -@keyspace", "+@pubsub +@transaction", "+@all -@scripting +eval", "+acl|whoami",
                "&a &b resetchannels &c", "+client +client|list -client|kill", "OFF ON", "+GET ~K");
        for (String rules : ruleSets) {
            List<String> command = new java.util.ArrayList<>(List.of("ACL", "SETUSER", "u"));
            if (!rules.isEmpty()) {
                command.addAll(Arrays.asList(rules.split(" ")));
            }
            same(command.toArray(new String[0]));
            same("ACL", "GETUSER", "u");
            same3("ACL", "GETUSER", "u");
            same("ACL", "LIST");
            same("ACL", "USERS");
            same("ACL", "DELUSER", "u");
        }
        same("ACL", "GETUSER", "default");
        same3("ACL", "GETUSER", "default");
        same("ACL", "GETUSER", "nosuchuser");
        same3("ACL", "GETUSER", "nosuchuser");
        script("ACL SETUSER u on >p1", "ACL SETUSER u +get ~k", "ACL SETUSER u >p2 -get", "ACL GETUSER u",
                "ACL DELUSER u nosuch", "ACL DELUSER u", "ACL DELUSER default", "ACL DELUSER u default");
    }

    @Test
    void setUserErrors() {
        script("ACL SETUSER u #abc", "ACL SETUSER u <nope", "ACL SETUSER u !" + "b".repeat(64), "ACL SETUSER u allkeys ~a",
                "ACL SETUSER u allchannels &a", "ACL SETUSER u +nosuch", "ACL SETUSER u +@nosuch", "ACL SETUSER u -nosuch",
                "ACL SETUSER u bogus", "ACL SETUSER u %X~a", "ACL SETUSER u %RR~a", "ACL SETUSER u +get|",
                "ACL SETUSER u +client|list|x", "ACL SETUSER u -get|x", "ACL SETUSER u +client|nosuch", "ACL SETUSER u (+get",
                "ACL SETUSER u on (+get ~a", "ACL SETUSER u (on)", "ACL SETUSER u (+get ~x) (~y +nosuch)",
                "ACL GETUSER u", "ACL SETUSER u on ~a bogus", "ACL GETUSER u", "ACL SETUSER", "ACL GETUSER", "ACL GETUSER a b",
                "ACL FOO", "ACL", "ACL LIST x", "ACL WHOAMI x");
        same("ACL", "SETUSER", "a b");
        same("ACL", "SETUSER", "u", "~a b");
        same("ACL", "SETUSER", "u", "&a b");
    }

    @Test
    void categoriesPasswordsAndFiles() {
        script("ACL CAT", "ACL CAT foo", "ACL CAT hash x", "ACL GENPASS 0", "ACL GENPASS 4097", "ACL GENPASS x",
                "ACL GENPASS 1 2", "ACL LOAD", "ACL SAVE", "ACL WHOAMI", "ACL LOG 1 2", "ACL LOG x", "ACL LOG -1", "ACL LOG RESET");
        same3("ACL", "CAT");
        for (String category : List.of("hash", "geo", "HASH")) {
            String[] replies = replies("ACL", "CAT", category);
            assertThat(sortedLines(replies[1])).as(category).isEqualTo(sortedLines(replies[0]));
        }
        for (String bits : List.of("", "1", "5", "256", "4096")) {
            String[] replies = bits.isEmpty() ? replies("ACL", "GENPASS") : replies("ACL", "GENPASS", bits);
            assertThat(replies[1].length()).as(bits).isEqualTo(replies[0].length());
            assertThat(replies[1]).matches("\\$\\d+\r\n[0-9a-f]+\r\n");
        }
        String[] help = replies("ACL", "HELP");
        assertThat(help[1]).startsWith("*29\r\n+ACL <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+CAT [<category>]\r\n");
        assertThat(help[0]).startsWith("*29\r\n+ACL <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+CAT [<category>]\r\n");
    }

    @Test
    void dryRun() {
        script("ACL SETUSER lim on >pw ~k* %R~r* &ch +get +set +publish +subscribe +psubscribe +client|id +select|0",
                "ACL DRYRUN lim get k1", "ACL DRYRUN lim get x", "ACL DRYRUN lim del k1", "ACL DRYRUN lim set r1 v",
                "ACL DRYRUN lim get r1", "ACL DRYRUN lim publish ch m", "ACL DRYRUN lim publish x m",
                "ACL DRYRUN lim subscribe ch x", "ACL DRYRUN lim psubscribe ch", "ACL DRYRUN lim psubscribe c*",
                "ACL DRYRUN lim client id", "ACL DRYRUN lim client list", "ACL DRYRUN lim client nosuch", "ACL DRYRUN lim select 0",
                "ACL DRYRUN lim select 1", "ACL DRYRUN nouser get", "ACL DRYRUN lim foo", "ACL DRYRUN lim", "ACL DRYRUN default flushall",
                "ACL DRYRUN lim auth a b", "ACL DRYRUN lim mset k1 v x v");
    }

    @Test
    void authenticationAndHello() {
        script("AUTH secret", "AUTH default x", "ACL SETUSER u on >pw", "ACL SETUSER v off >pw", "AUTH u bad", "AUTH nouser x",
                "AUTH v pw", "HELLO 3 AUTH u bad");
        String[] hello = replies("HELLO", "2", "AUTH", "u", "pw");
        assertThat(withoutId(hello[1])).isEqualTo(withoutId(hello[0]));
        script("ACL WHOAMI", "AUTH default x", "ACL WHOAMI",
                "AUTH u pw", "ACL WHOAMI", "RESET", "ACL WHOAMI");
        hello = replies3("HELLO", "3", "AUTH", "u", "pw");
        assertThat(withoutId(hello[1])).isEqualTo(withoutId(hello[0]));
        same3("ACL", "WHOAMI");
        script("ACL SETUSER default >pw", "AUTH pw", "AUTH default pw", "ACL SETUSER default nopass", "AUTH pw");
        script("ACL SETUSER default resetpass >s3", "ACL SETUSER default off");
        String[] refused = repliesOnNewConnections("GET", "k");
        assertThat(refused[1]).isEqualTo(refused[0]);
        refused = repliesOnNewConnections("AUTH", "s3");
        assertThat(refused[1]).isEqualTo(refused[0]);
        script("ACL SETUSER default on");
        refused = repliesOnNewConnections("GET", "k");
        assertThat(refused[1]).isEqualTo(refused[0]);
        refused = repliesOnNewConnections("HELLO", "3", "AUTH", "default", "s3");
        assertThat(withoutId(refused[1])).isEqualTo(withoutId(refused[0]));
    }

    @Test
    void requirepassIsTheDefaultUsersPassword() {
        script("CONFIG SET requirepass secret", "ACL GETUSER default", "ACL LIST", "AUTH secret", "CONFIG SET requirepass \"\"");
        same("CONFIG", "SET", "requirepass", "");
        script("ACL GETUSER default", "AUTH x");
    }

    @Test
    void refusalsOfCommandsKeysAndChannels() {
        script("ACL SETUSER lim on >pw ~k* %R~r* %W~w* &ch +get +set +del +publish +subscribe +psubscribe +spublish "
                        + "+ssubscribe +multi +exec +eval +client|id +acl|whoami +mget +copy +lpush +rpoplpush +select|0",
                "AUTH lim pw", "ACL WHOAMI", "GET k1", "GET x", "DEL k1", "DEL r1", "SET w1 v", "GET w1", "GET r1", "SET r1 v",
                "MGET k1 r1 x", "COPY k1 w1", "COPY w1 k2", "CLIENT ID x", "CLIENT LIST", "ACL LIST", "KEYS *",
                "PUBLISH x m", "PUBLISH ch m", "SPUBLISH x m", "SPUBLISH ch m", "PSUBSCRIBE c*", "SELECT 1", "SELECT 0",
                "MULTI", "GET x", "SET k1 v", "DEL k", "EXEC", "MULTI", "SET k1 v", "GET k1", "EXEC",
                "MULTI", "SET k1 v", "CLIENT LIST", "EXEC");
        same("EVAL", "return redis.call('get','x')", "0");
        same("EVAL", "return redis.pcall('get','x')", "0");
        same("EVAL", "return redis.call('flushall')", "0");
        same("EVAL", "return redis.call('publish','zz','m')", "0");
        same("EVAL", "return redis.acl_check_cmd('flushall')", "0");
        same("EVAL", "return redis.acl_check_cmd('get','x')", "0");
        same("EVAL", "return redis.acl_check_cmd('get','k1')", "0");
        same("EVAL", "return redis.acl_check_cmd('nosuch')", "0");
        same("SUBSCRIBE", "x");
        same("SUBSCRIBE", "ch", "x");
        same("PSUBSCRIBE", "ch");
        same("SSUBSCRIBE", "ch");
    }

    /**
     * A refused command counts as that command's rejected call and its NOPERM error in errorstats;
     * refused in a script, it is counted once as the script's ERR; SYNC, PSYNC and REPLCONF are
     * refused like any command.
     */
    @Test
    void refusalsCountAsRejectedCallsAndErrors() {
        script("ACL SETUSER lim on >pw ~* &* +@all -get -sync -psync -replconf", "CONFIG RESETSTAT", "AUTH lim pw", "GET k",
                "MULTI", "GET k", "EXEC", "REPLCONF listening-port 6380", "PSYNC ? -1", "SYNC");
        same("EVAL", "return redis.call('get', KEYS[1])", "1", "k");
        same("EVAL", "return redis.pcall('get', KEYS[1])", "1", "k");
        String[] info = replies("INFO", "commandstats");
        assertThat(StatsIT.commandStats(info[1])).isEqualTo(StatsIT.commandStats(info[0]));
        same("INFO", "errorstats");
        same("AUTH", "default", "any");
    }

    @Test
    void aclLogEntries() {
        script("ACL SETUSER lim on >pw ~k* &ch +get +multi +exec +eval +publish", "AUTH lim bad", "AUTH lim pw",
                "GET x", "GET x", "DEL k", "PUBLISH x m", "MULTI", "GET y", "EXEC");
        same("EVAL", "return redis.pcall('get','z')", "0");
        same("AUTH", "default", "");
        String[] log = replies("ACL", "LOG");
        assertThat(comparable(log[1])).isEqualTo(comparable(log[0]));
        log = replies3("ACL", "LOG", "2");
        assertThat(comparable(log[1])).isEqualTo(comparable(log[0]));
        script("ACL LOG 0", "ACL LOG RESET", "ACL LOG");
    }

    /** A user's clients are closed when the user is removed. */
    @Test
    void deletingAUserClosesItsConnections() throws Exception {
        script("ACL SETUSER u on >pw +@all ~*");
        sameOnBoth((connect, transcript) -> {
            try (RespClient admin = connect.get(); RespClient user = connect.get()) {
                transcript.add(user.call("AUTH", "u", "pw"));
                transcript.add(user.call("ACL", "WHOAMI"));
                transcript.add(admin.call("ACL", "SETUSER", "u", "-get"));
                transcript.add(user.call("GET", "k"));
                transcript.add(admin.call("ACL", "DELUSER", "u"));
                transcript.add(closed(user));
            }
        });
    }

    /** CLIENT KILL USER closes the connections authenticated as that user. */
    @Test
    void clientKillByUser() throws Exception {
        script("ACL SETUSER u on >pw +@all ~*", "CLIENT KILL USER nosuch");
        sameOnBoth((connect, transcript) -> {
            try (RespClient admin = connect.get(); RespClient user = connect.get(); RespClient other = connect.get()) {
                transcript.add(user.call("AUTH", "u", "pw"));
                transcript.add(admin.call("CLIENT", "KILL", "USER", "u"));
                transcript.add(closed(user));
                transcript.add(closed(other));
            }
        });
    }

    /** Subscribers lose their connection when their user's new channel rules refuse a subscription. */
    @Test
    void narrowingChannelsClosesTheSubscribersTheyRefuse() throws Exception {
        script("ACL SETUSER u on >pw +@all ~* resetchannels &news.* &sport");
        sameOnBoth((connect, transcript) -> {
            try (RespClient admin = connect.get(); RespClient news = connect.get(); RespClient sport = connect.get()) {
                transcript.add(news.call("AUTH", "u", "pw"));
                transcript.add(news.call("SUBSCRIBE", "news.today"));
                transcript.add(sport.call("AUTH", "u", "pw"));
                transcript.add(sport.call("PSUBSCRIBE", "sport"));
                transcript.add(admin.call("ACL", "SETUSER", "u", "&more"));
                transcript.add(closed(news));
                transcript.add(closed(sport));
                transcript.add(admin.call("ACL", "SETUSER", "u", "resetchannels", "&news.*"));
                transcript.add(closed(news));
                transcript.add(closed(sport));
            }
        });
    }

    private static String closed(RespClient client) {
        try {
            return "answered " + client.call("PING");
        } catch (RuntimeException e) {
            return "closed";
        }
    }

    /** A HELLO reply without the client id, which differs between the servers. */
    private static String withoutId(String hello) {
        return hello.replaceAll("id\r\n:\\d+\r\n", "id\r\n:ID\r\n");
    }

    private static List<String> sortedLines(String reply) {
        return Arrays.stream(reply.split("\r\n")).sorted().toList();
    }

    /** An ACL LOG reply with its ages and the client fields that differ between servers masked. */
    private static String comparable(String reply) {
        return reply.replaceAll("(age-seconds\r\n)(\\$\\d+\r\n)?[,]?[0-9.e+-]+\r\n", "$1AGE\r\n")
                .replaceAll("\\$\\d+\r\nid=\\d+ addr=\\S+ laddr=\\S+ fd=\\d+ name=\\S* age=\\d+ (idle=\\d+ flags=\\S+ db=0 sub=\\d+ psub=\\d+ ssub=\\d+ multi=-?\\d+) qbuf=\\d+ qbuf-free=\\d+ argv-mem=\\d+ multi-mem=\\d+ rbs=\\d+ rbp=\\d+ obl=\\d+ oll=\\d+ omem=\\d+ tot-mem=\\d+ (events=r cmd=\\S+ user=\\S+ redir=-?\\d+ resp=\\d)",
                        "$1 $2");
    }
}
