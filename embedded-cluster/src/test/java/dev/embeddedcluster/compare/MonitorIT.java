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
}
