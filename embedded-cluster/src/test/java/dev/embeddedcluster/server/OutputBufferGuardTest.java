package dev.embeddedcluster.server;

import dev.embeddedcluster.command.server.ClientLimits.OutputLimit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OutputBufferGuardTest {
    private final OutputLimit limit = new OutputLimit(1000, 500, 2000);

    @Test
    void theHardLimitClosesAtOnce() {
        assertThat(new OutputBufferGuard().exceeded(1000, limit, 0)).isTrue();
        assertThat(new OutputBufferGuard().exceeded(999, limit, 0)).isFalse();
    }

    @Test
    void theSoftLimitClosesOnlyAfterStayingOverItForItsSeconds() {
        OutputBufferGuard guard = new OutputBufferGuard();
        assertThat(guard.exceeded(500, limit, 10_000)).isFalse();
        assertThat(guard.exceeded(600, limit, 12_000)).isFalse();
        assertThat(guard.exceeded(600, limit, 12_001)).isTrue();
    }

    @Test
    void fallingBelowTheSoftLimitStartsItsTimeAgain() {
        OutputBufferGuard guard = new OutputBufferGuard();
        assertThat(guard.exceeded(600, limit, 0)).isFalse();
        assertThat(guard.exceeded(100, limit, 1_000)).isFalse();
        assertThat(guard.exceeded(600, limit, 2_500)).isFalse();
        assertThat(guard.exceeded(600, limit, 4_500)).isFalse();
        assertThat(guard.exceeded(600, limit, 4_501)).isTrue();
    }

    @Test
    void zeroLimitsNeverClose() {
        OutputBufferGuard guard = new OutputBufferGuard();
        OutputLimit none = new OutputLimit(0, 0, 0);
        assertThat(guard.exceeded(Long.MAX_VALUE, none, 0)).isFalse();
        assertThat(guard.exceeded(Long.MAX_VALUE, none, 1_000_000)).isFalse();
    }
}
