package dev.embeddedcluster.compare;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MIGRATE's replies once it reaches a target, against the oracle: both servers migrate to the same
 * {@link FakeMigrateTarget}, whose answers depend only on the command, so the errors Redis builds
 * from the target's replies (and its IOERRs for a connection that fails or times out) are compared
 * with ours, with the keys each side kept.
 */
class MigrateIT extends ComparisonSupport {
    private static final String TARGET = "127.0.0.1 " + FakeMigrateTarget.PORT + " ";
    private static FakeMigrateTarget target;

    @BeforeAll
    static void startTarget() throws IOException {
        target = new FakeMigrateTarget();
    }

    @AfterAll
    static void stopTarget() throws IOException {
        target.close();
    }

    @Test
    void movesKeysAndKeepsTheConnection() {
        script("SET foo bar", "MIGRATE " + TARGET + "foo 0 1000", "EXISTS foo",
                "SET foo bar", "MIGRATE " + TARGET + "foo 0 1000 COPY REPLACE", "EXISTS foo",
                "MIGRATE " + TARGET + "foo 0 1000 AUTH secret", "EXISTS foo",
                "SET foo bar", "MIGRATE " + TARGET + "foo 3 1000 AUTH2 user secret", "EXISTS foo",
                "MIGRATE " + TARGET + "foo 0 1000");
        String[] info = callEachSide(new byte[][] {"INFO".getBytes(), "stats".getBytes()},
                new byte[][] {"INFO".getBytes(), "stats".getBytes()});
        assertThat(cachedSockets(info[1])).isEqualTo(cachedSockets(info[0])).isEqualTo("migrate_cached_sockets:1");
    }

    @Test
    void reportsTheTargetsFirstError() {
        script("SET busy1 x", "MIGRATE " + TARGET + "busy1 0 1000", "EXISTS busy1",
                "SET k v", "MIGRATE " + TARGET + "k 0 1000 AUTH wrong", "EXISTS k",
                "MIGRATE " + TARGET + "k 0 1000 AUTH2 someone wrong", "EXISTS k",
                "MIGRATE " + TARGET + "k 9 1000", "EXISTS k",
                "MSET a{t} 1 busy{t} 2 c{t} 3");
        same("MIGRATE", "127.0.0.1", Integer.toString(FakeMigrateTarget.PORT), "", "0", "1000", "KEYS", "a{t}", "busy{t}", "c{t}");
        script("EXISTS a{t}", "EXISTS busy{t}", "EXISTS c{t}");
    }

    @Test
    void reportsConnectionFailures() {
        script("SET hang1 x", "MIGRATE " + TARGET + "hang1 0 200", "EXISTS hang1",
                "SET drop1 x", "MIGRATE " + TARGET + "drop1 0 1000", "EXISTS drop1",
                "MIGRATE no-such-host.invalid 6379 hang1 0 1000", "MIGRATE 127.0.0.1 1 hang1 0 1000",
                "MIGRATE " + TARGET + "missing 0 1000");
    }

    private static String cachedSockets(String info) {
        return Arrays.stream(info.split("\r\n")).filter(l -> l.startsWith("migrate_cached_sockets:")).findFirst().orElse("none");
    }
}
