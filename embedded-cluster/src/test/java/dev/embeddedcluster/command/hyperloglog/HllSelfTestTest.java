package dev.embeddedcluster.command.hyperloglog;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HllSelfTestTest {
    @Test
    void passesWhateverTheRandomElements() {
        for (long seed : new long[] {1, 0x5eed_cafeL}) {
            assertThat(new HllSelfTest(seed).run()).as("seed %d", seed).isNull();
        }
    }
}
