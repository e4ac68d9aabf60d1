package dev.embeddedcluster;

import dev.embeddedcluster.command.server.HeapGuard;
import org.junit.jupiter.api.Test;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The heap guard's settings (builder, standalone option) and its rule for measuring again. */
class HeapGuardOptionsTest {
    private static final PrintStream NOWHERE = new PrintStream(PrintStream.nullOutputStream());

    @Test
    void builderSetsTheThresholdOrTurnsTheGuardOff() {
        assertThat(EmbeddedRedisCluster.builder().build().heapGuard()).isEqualTo(0.9);
        assertThat(EmbeddedRedisCluster.builder().heapGuard(0.75).build().heapGuard()).isEqualTo(0.75);
        assertThat(EmbeddedRedisCluster.builder().heapGuardOff().build().heapGuard()).isZero();
        assertThatThrownBy(() -> EmbeddedRedisCluster.builder().heapGuard(1))
                .hasMessage("heap guard must be a fraction of the heap above 0 and below 1, got 1.0");
        assertThatThrownBy(() -> EmbeddedRedisCluster.builder().heapGuard(0))
                .hasMessage("heap guard must be a fraction of the heap above 0 and below 1, got 0.0");
    }

    @Test
    void standaloneOptionTakesAFractionOrOff() {
        assertThat(StandaloneMain.parse(new String[] {"--heap-guard", "0.7"}, NOWHERE).build().heapGuard()).isEqualTo(0.7);
        assertThat(StandaloneMain.parse(new String[] {"--heap-guard", "off"}, NOWHERE).build().heapGuard()).isZero();
        assertThat(StandaloneMain.parse(new String[0], NOWHERE).build().heapGuard()).isEqualTo(0.9);
        assertThatThrownBy(() -> StandaloneMain.parse(new String[] {"--heap-guard", "most"}, NOWHERE))
                .hasMessage("--heap-guard takes a fraction of the heap (0.9) or 'off', got 'most'");
        assertThatThrownBy(() -> StandaloneMain.parse(new String[] {"--heap-guard", "1.5"}, NOWHERE))
                .hasMessage("--heap-guard must be above 0 and below 1, or 'off', got '1.5'");
        assertThatThrownBy(() -> StandaloneMain.parse(new String[] {"--heap-guard"}, NOWHERE))
                .hasMessage("--heap-guard needs a value");
    }

    @Test
    void guardMeasuresAgainOnlyWhenMemoryMayHaveBeenFreed() {
        AtomicInteger collections = new AtomicInteger();
        double[] afterCollection = {0.95};
        HeapGuard[] guard = new HeapGuard[1];
        guard[0] = new HeapGuard(0.9, () -> {
            collections.incrementAndGet();
            guard[0].measured(afterCollection[0]);
        });
        assertThat(guard[0].full()).isFalse();
        assertThat(guard[0].stillFull(true)).isFalse();
        assertThat(collections).hasValue(0);

        guard[0].measured(0.92);
        assertThat(guard[0].full()).isTrue();
        // The first refusal measures after a full collection: the young collection's figure may count garbage.
        assertThat(guard[0].stillFull(false)).isTrue();
        assertThat(collections).hasValue(1);
        // Nothing freed since, within the second: refused without collecting again.
        assertThat(guard[0].stillFull(false)).isTrue();
        assertThat(collections).hasValue(1);
        // A delete since: collected again, and now under the threshold.
        afterCollection[0] = 0.5;
        assertThat(guard[0].stillFull(true)).isFalse();
        assertThat(collections).hasValue(2);
        assertThat(guard[0].full()).isFalse();
    }

    @Test
    void offNeverRefuses() {
        HeapGuard.OFF.measured(1.0);
        assertThat(HeapGuard.OFF.full()).isFalse();
        assertThat(HeapGuard.OFF.active()).isFalse();
        assertThatThrownBy(() -> new HeapGuard(1.2, () -> { })).isInstanceOf(IllegalArgumentException.class);
    }
}
