package dev.embeddedcluster.compare;

import dev.embeddedcluster.testing.RespClient;
import org.junit.jupiter.api.Test;

/** MONITOR's stream against a real redis-server; the time and client address of each line are masked. */
class MonitorIT extends ComparisonSupport {

    private static String masked(String line) {
        return line.replaceFirst("^\\+\\d+\\.\\d{6} \\[0 [^\\]]+\\]", "+<time> [0 <client>]");
    }

    @Test
    void monitorsSeeEachCommandAfterItRan() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient monitor = connect.get(); RespClient c = connect.get()) {
                t.add(monitor.call("MONITOR"));
                c.call("SET", "k", "with \"quotes\" and\nnewline\u0001");
                c.call("GET", "k");
                c.call("CONFIG", "GET", "maxmemory");
                c.call("NOSUCHCOMMAND");
                c.call("MULTI");
                c.call("INCR", "n");
                c.call("EXEC");
                c.call("PING");
                for (int i = 0; i < 6; i++) {
                    t.add(masked(monitor.readReply()));
                }
                t.add(monitor.call("RESET"));
                c.call("GET", "k");
                t.add(monitor.call("PING"));
            }
        });
    }

    /**
     * Passwords never reach a monitor: AUTH's arguments, those of HELLO's first AUTH option and of
     * each of MIGRATE's AUTH and AUTH2 options show as "(redacted)", unless the command stopped
     * before reading them; administrative commands (CONFIG, CLIENT LIST, DEBUG, SLOWLOG, ...) and
     * those a script may not call are not shown at all.
     */
    @Test
    void passwordsAreRedactedAndAdministrativeCommandsHidden() throws Exception {
        String[][] commands = {
            {"AUTH", "foo"}, {"AUTH", "u", "p"}, {"AUTH", "a", "b", "c"},
            {"HELLO", "3", "AUTH", "default", "secret", "SETNAME", "x"}, {"HELLO", "2", "AUTH", "a"},
            {"HELLO", "3", "SETNAME", "n", "AUTH", "u", "p"}, {"HELLO", "3", "AUTH", "u", "p", "SETNAME", "n", "AUTH", "v", "w"},
            {"HELLO", "3", "AUTH", "u", "p", "foo"}, {"HELLO", "3", "foo", "AUTH", "u", "p"}, {"HELLO", "auth", "u", "p"},
            {"HELLO", "9", "AUTH", "u", "p"},
            {"MIGRATE", "127.0.0.1", "1", "{m}k", "0", "10", "AUTH", "pw"},
            {"MIGRATE", "127.0.0.1", "1", "{m}k", "0", "10", "AUTH2", "u", "pw", "KEYS", "{m}a"},
            {"MIGRATE", "127.0.0.1", "1", "{m}k", "0", "10", "AUTH", "pw", "KEYS", "{m}a", "{m}b"},
            {"MIGRATE", "127.0.0.1", "1", "", "0", "10", "COPY", "REPLACE", "AUTH"},
            {"MIGRATE", "127.0.0.1", "1", "", "0", "10", "AUTH2", "u"},
            {"MIGRATE", "127.0.0.1", "1", "", "0", "10", "AUTH2", "u", "p", "AUTH", "x", "KEYS", "{m}a"},
            {"MIGRATE", "127.0.0.1", "1", "", "0", "10", "AUTH", "x", "AUTH", "y", "KEYS", "{m}a"},
            {"MIGRATE", "127.0.0.1", "1", "", "0", "10", "FOO", "AUTH", "x", "KEYS", "{m}a"},
            {"CONFIG", "GET", "maxmemory"}, {"CLIENT", "LIST"}, {"CLIENT", "SETNAME", "shown"}, {"SLOWLOG", "LEN"},
            {"DEBUG", "SLEEP", "0"}, {"CLUSTER", "INFO"}, {"INFO", "server"}, {"EVAL", "return redis.call('auth', 'x')", "0"},
            {"MULTI"}, {"AUTH", "secret"}, {"HELLO", "3", "AUTH", "u", "p"}, {"EXEC"}, {"ECHO", "end"}};
        sameOnBoth((connect, t) -> {
            try (RespClient monitor = connect.get(); RespClient c = connect.get()) {
                t.add(monitor.call("MONITOR"));
                for (String[] command : commands) {
                    c.call(command);
                }
                for (int i = 0; i < commands.length; i++) {
                    String line = masked(monitor.readReply());
                    t.add(line);
                    if (line.contains("\"echo\" \"end\"") || line.contains("\"ECHO\" \"end\"")) {
                        break;
                    }
                }
            }
        });
    }
}
