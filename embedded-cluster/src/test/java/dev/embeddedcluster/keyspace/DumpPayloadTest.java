package dev.embeddedcluster.keyspace;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DumpPayloadTest {

    @Test
    void checksumIsJonesCrc64() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertThat(Crc64.of(check, check.length)).isEqualTo(0xe9c6d914c4b8d9caL);
    }

    @Test
    void valuesComeBackEqualAndDamageIsDetected() throws Exception {
        SortedSetValue set = new SortedSetValue(new EncodingLimits());
        set.put("a".getBytes(StandardCharsets.US_ASCII), 1.5);
        set.put("b".getBytes(StandardCharsets.US_ASCII), Double.NEGATIVE_INFINITY);
        byte[] payload = DumpPayload.dump(set);
        SortedSetValue restored = (SortedSetValue) DumpPayload.restore(payload, new EncodingLimits());
        assertThat(restored.size()).isEqualTo(2);
        assertThat(restored.first().score()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(restored.score("a".getBytes(StandardCharsets.US_ASCII))).isEqualTo(1.5);

        payload[payload.length - 1] ^= 1;
        assertThatThrownBy(() -> DumpPayload.restore(payload, new EncodingLimits())).isInstanceOfSatisfying(DumpPayload.InvalidPayload.class,
                e -> assertThat(e.problem()).isEqualTo(DumpPayload.Problem.VERSION_OR_CHECKSUM));
    }
}
