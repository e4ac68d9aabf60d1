package dev.embeddedcluster;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The builder's slot ranges, in both forms, and the one rule on how many masters they are for. */
class BuilderSlotRangesTest {
    @Test
    void takesTheStringFormTheAnnotationTakes() {
        try (EmbeddedRedisCluster custom = EmbeddedRedisCluster.builder().masters(2).replicasPerMaster(0)
                .slotRanges("0-99,200-16383", "100-199").build().start()) {
            assertThat(custom.masters()).extracting(ClusterNode::slots).containsExactly(
                    List.of(SlotRange.of(0, 99), SlotRange.of(200, 16383)), List.of(SlotRange.of(100, 199)));
        }
    }

    @Test
    void rangesForAnotherNumberOfMastersAreRefused() {
        assertThatThrownBy(() -> EmbeddedRedisCluster.builder().masters(3).slotRanges("0-8191", "8192-16383").build())
                .hasMessage("slot ranges given for 2 masters, but the cluster has 3");
        assertThatThrownBy(() -> EmbeddedRedisCluster.builder().slotRanges("0-8191", "8192-16383").build())
                .hasMessage("slot ranges given for 2 masters, but the cluster has 3");
    }

    @Test
    void aMalformedRangeIsNamed() {
        assertThatThrownBy(() -> EmbeddedRedisCluster.builder().masters(1).slotRanges("0-16383x").build())
                .hasMessage("'0-16383x' is not a slot range such as 0-5460 or 42");
    }
}
