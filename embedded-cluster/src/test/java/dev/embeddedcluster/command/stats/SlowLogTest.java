package dev.embeddedcluster.command.stats;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SlowLogTest {

    private static byte[][] args(String... words) {
        byte[][] args = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            args[i] = words[i].getBytes(StandardCharsets.UTF_8);
        }
        return args;
    }

    private static List<String> logged(SlowLog log) {
        List<String> words = new ArrayList<>();
        for (byte[] arg : log.newestFirst().next().args()) {
            words.add(new String(arg, StandardCharsets.UTF_8));
        }
        return words;
    }

    @Test
    void keepsThirtyTwoArgumentsOf128Bytes() {
        SlowLog log = new SlowLog();
        String[] many = new String[40];
        for (int i = 0; i < many.length; i++) {
            many[i] = "a" + i;
        }
        log.add("rpush", args(many), 1, 1, "127.0.0.1:1", "");
        assertThat(logged(log)).hasSize(32).endsWith("... (9 more arguments)").startsWith("a0");
        log.add("set", args("set", "k", "x".repeat(130)), 1, 1, "127.0.0.1:1", "");
        assertThat(logged(log).get(2)).isEqualTo("x".repeat(128) + "... (2 more bytes)");
    }

    @Test
    void hidesSecrets() {
        SlowLog log = new SlowLog();
        log.add("auth", args("AUTH", "user", "pw"), 1, 1, "", "");
        assertThat(logged(log)).containsExactly("AUTH", "(redacted)", "(redacted)");
        log.add("hello", args("HELLO", "3", "AUTH", "user", "pw", "SETNAME", "n"), 1, 1, "", "");
        assertThat(logged(log)).containsExactly("HELLO", "3", "AUTH", "(redacted)", "(redacted)", "SETNAME", "n");
        log.add("config|set", args("CONFIG", "SET", "maxmemory", "1", "requirepass", "pw"), 1, 1, "", "");
        assertThat(logged(log)).containsExactly("CONFIG", "SET", "maxmemory", "1", "requirepass", "(redacted)");
    }

    @Test
    void thresholdAndLength() {
        SlowLog log = new SlowLog();
        log.configure(-1, 2);
        assertThat(log.logs(1_000_000)).isFalse();
        log.configure(0, 2);
        assertThat(log.logs(0)).isTrue();
        for (int i = 0; i < 3; i++) {
            log.add("get", args("GET", "k" + i), 1, 1, "", "");
        }
        assertThat(log.length()).isEqualTo(2);
        assertThat(log.newestFirst().next().id()).isEqualTo(2);
        log.reset();
        log.add("get", args("GET", "k"), 1, 1, "", "");
        assertThat(log.newestFirst().next().id()).as("ids go on after a reset").isEqualTo(3);
    }
}
