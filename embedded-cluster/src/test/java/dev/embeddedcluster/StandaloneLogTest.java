package dev.embeddedcluster;

import io.netty.util.internal.logging.InternalLogger;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class StandaloneLogTest {

    @Test
    void placeholdersTakeTheArgumentsInOrder() {
        assertThat(StandaloneLog.format("a {} b {} c", 1, "x")).isEqualTo("a 1 b x c");
        assertThat(StandaloneLog.format("only {}", 1, 2)).isEqualTo("only 1");
        assertThat(StandaloneLog.format("{} and {}", "one")).isEqualTo("one and {}");
        assertThat(StandaloneLog.format("none")).isEqualTo("none");
    }

    @Test
    void warningsAndErrorsGoToTheStreamAndTheRestNowhere() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        InternalLogger log = new StandaloneLog(new PrintStream(bytes, true, StandardCharsets.UTF_8)).newInstance("io.netty.Test");
        log.debug("hidden {}", 1);
        log.info("hidden");
        log.trace("hidden");
        log.warn("port {} is {}", 7, "busy");
        log.error("failed", new IOException("boom"));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).doesNotContain("hidden")
                .contains("WARN [" + Thread.currentThread().getName() + "] io.netty.Test: port 7 is busy")
                .contains("ERROR [" + Thread.currentThread().getName() + "] io.netty.Test: failed")
                .contains("java.io.IOException: boom");
        assertThat(log.isDebugEnabled()).isFalse();
        assertThat(log.isWarnEnabled()).isTrue();
    }
}
