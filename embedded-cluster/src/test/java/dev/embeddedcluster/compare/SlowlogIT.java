package dev.embeddedcluster.compare;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SLOWLOG against a real redis-server: which commands are logged (every one with
 * slowlog-log-slower-than 0, none with -1; never EXEC; a script's commands with the script
 * client's address), the arguments as Redis keeps them (32 at most, 128 bytes each, secrets
 * redacted), the client's name, the length limit and the errors. Ids, times and durations vary
 * by run: ids are compared as consecutive and newest first, times and durations by type.
 */
class SlowlogIT extends ComparisonSupport {

    @AfterEach
    void restoreDefaults() {
        both("CONFIG", "SET", "slowlog-log-slower-than", "10000");
        both("CONFIG", "SET", "slowlog-max-len", "128");
    }

    @Test
    void everyCommandIsLoggedAsRedisLogsIt() {
        script("CONFIG SET slowlog-log-slower-than 0", "SLOWLOG RESET", "CLIENT SETNAME logger", "SET a 1");
        List<String> rpush = new ArrayList<>(List.of("RPUSH", "list"));
        for (int i = 1; i <= 35; i++) {
            rpush.add(Integer.toString(i));
        }
        same(rpush.toArray(new String[0]));
        same("SET", "big", "b".repeat(200));
        script("AUTH secret");
        both("HELLO", "2", "AUTH", "default", "secret");
        script("MULTI", "SET {a}x 1", "EXEC");
        same("CONFIG", "SET", "requirepass", "");
        same("EVAL", "redis.call('set', KEYS[1], 'from script') return 1", "1", "a");
        same("CLIENT", "SETNAME", "");
        script("SLOWLOG LEN");
        assertSameLog(replies("SLOWLOG", "GET", "-1"));
        assertSameLog(replies("SLOWLOG", "GET", "3"));
        assertSameLog(replies3("SLOWLOG", "GET"));
        assertSameLog(replies("SLOWLOG", "GET", "0"));
    }

    @Test
    void aclUsersAndTheirPasswordsAreRedacted() {
        script("CONFIG SET slowlog-log-slower-than 0", "SLOWLOG RESET", "ACL SETUSER slowuser on >secret ~* &* +@all",
                "AUTH slowuser secret");
        both("HELLO", "2", "AUTH", "slowuser", "secret");
        script("ACL GETUSER slowuser", "ACL DRYRUN slowuser GET k", "ACL WHOAMI", "AUTH default anything", "ACL DELUSER slowuser");
        assertSameLog(replies("SLOWLOG", "GET", "-1"));
    }

    @Test
    void lengthLimitThresholdAndErrors() {
        script("CONFIG SET slowlog-log-slower-than 0", "CONFIG SET slowlog-max-len 3", "SLOWLOG RESET", "SET a 1", "GET a",
                "SET b 2", "GET b", "SLOWLOG LEN", "CONFIG SET slowlog-max-len 1", "SLOWLOG LEN",
                "CONFIG SET slowlog-log-slower-than -1", "SLOWLOG RESET", "SET a 1", "SLOWLOG LEN",
                "CONFIG SET slowlog-log-slower-than 1000000", "SET a 1", "SLOWLOG LEN",
                "SLOWLOG GET -2", "SLOWLOG GET abc", "SLOWLOG GET 1 2", "SLOWLOG LEN x", "SLOWLOG RESET x", "SLOWLOG FOO",
                "SLOWLOG", "CONFIG SET slowlog-log-slower-than -2", "CONFIG SET slowlog-log-slower-than abc",
                "CONFIG SET slowlog-max-len -1", "CONFIG SET slowlog-max-len 9223372036854775807", "CONFIG GET slowlog-max-len",
                "CONFIG GET slowlog-log-slower-than",
                "CONFIG SET latency-monitor-threshold 9223372036854775807", "CONFIG GET latency-monitor-threshold",
                "CONFIG SET latency-monitor-threshold 0");
        String[] help = replies("SLOWLOG", "HELP");
        for (String reply : help) {
            assertThat(reply).startsWith("*").contains("+SLOWLOG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n")
                    .contains("\r\n+GET [<count>]\r\n").contains("\r\n+LEN\r\n").contains("\r\n+RESET\r\n").contains("\r\n+HELP\r\n");
        }
    }

    /** Both servers' SLOWLOG GET replies hold the same entries, ids, times and durations aside. */
    private static void assertSameLog(String[] replies) {
        assertThat(normalized(replies[1])).isEqualTo(normalized(replies[0]));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> normalized(String reply) {
        List<Object> entries = (List<Object>) RespValues.parse(reply);
        List<Object> shown = new ArrayList<>();
        Long previous = null;
        for (Object item : entries) {
            List<Object> entry = new ArrayList<>((List<Object>) item);
            assertThat(entry).hasSize(6);
            long id = (Long) entry.get(0);
            if (previous != null) {
                assertThat(id).as("ids, newest first").isEqualTo(previous - 1);
            }
            previous = id;
            assertThat(entry.get(1)).isInstanceOf(Long.class);
            assertThat((Long) entry.get(2)).isNotNegative();
            entry.set(0, "id");
            entry.set(1, "time");
            entry.set(2, "duration");
            entry.set(4, ((String) entry.get(4)).replaceAll(":\\d+$", ":port").replace("?:port", "?:0"));
            shown.add(entry);
        }
        return shown;
    }
}
