package dev.embeddedcluster.cluster;

import dev.embeddedcluster.keyspace.KeySlot;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Two views of one cluster merged as gossip settles them: self-descriptions, then slots by config epoch. */
class TopologyMergeTest {
    private static final NodeInfo A = new NodeInfo("a", "h", 1, null, 1);
    private static final NodeInfo B = new NodeInfo("b", "h", 2, null, 2);
    private static final NodeInfo A_REPLICA = new NodeInfo("ar", "h", 3, "a", 1);

    /** Master a serves slots 0-99 with replica ar; b serves the rest. */
    private static ClusterTopology whole() {
        NodeInfo[] owners = new NodeInfo[KeySlot.SLOTS];
        for (int slot = 0; slot < owners.length; slot++) {
            owners[slot] = slot < 100 ? A : B;
        }
        return new ClusterTopology(List.of(A, B, A_REPLICA), owners, 2, Map.of(), Map.of());
    }

    @Test
    void aMasterFailedOverOnTheOtherSideBecomesAReplicaOfItsSuccessor() {
        ClusterTopology cutOff = whole().withFailure("b", NodeFailure.startingAt(0)).withFailure("ar", NodeFailure.startingAt(0));
        ClusterTopology majority = whole().withFailure("a", NodeFailure.startingAt(0).failedAt(0))
                .withFailedMasterReplaced("a", "ar");

        ClusterTopology merged = TopologyMerge.merge(new TopologyMerge.Side(majority, Set.of("b", "ar")),
                new TopologyMerge.Side(cutOff, Set.of("a")), Set.of());

        assertThat(merged.node("ar").isMaster()).isTrue();
        assertThat(merged.node("a").masterId()).isEqualTo("ar");
        assertThat(merged.ownerOf(0).id()).isEqualTo("ar");
        assertThat(merged.ownerOf(100).id()).isEqualTo("b");
        assertThat(merged.failures()).isEmpty();
        assertThat(merged.currentEpoch()).isEqualTo(3);
        assertThat(merged.isOk()).isTrue();
    }

    @Test
    void withoutAFailoverEachNodeKeepsItsRoleAndSlots() {
        ClusterTopology cutOff = whole().withFailure("b", NodeFailure.startingAt(0)).withFailure("ar", NodeFailure.startingAt(0));
        ClusterTopology rest = whole().withFailure("a", NodeFailure.startingAt(0).suspected());

        ClusterTopology merged = TopologyMerge.merge(new TopologyMerge.Side(rest, Set.of("b", "ar")),
                new TopologyMerge.Side(cutOff, Set.of("a")), Set.of());

        assertThat(merged.nodes()).containsExactly(A, B, A_REPLICA);
        assertThat(merged.ownerOf(0)).isEqualTo(A);
        assertThat(merged.failures()).isEmpty();
    }

    @Test
    void aNodeStillDownStaysFlaggedAsTheSideThatSawItFailKnowsIt() {
        NodeFailure replaced = NodeFailure.startingAt(0).failedAt(0).replacedBy("ar");
        ClusterTopology rest = whole().withFailure("a", NodeFailure.startingAt(0).failedAt(0))
                .withFailedMasterReplaced("a", "ar").withFailure("b", NodeFailure.startingAt(5));
        ClusterTopology cutOff = whole().withFailure("a", NodeFailure.startingAt(0)).withFailure("ar", NodeFailure.startingAt(5));

        ClusterTopology merged = TopologyMerge.merge(new TopologyMerge.Side(rest, Set.of("ar")),
                new TopologyMerge.Side(cutOff, Set.of("b")), Set.of("a"));

        assertThat(merged.failures()).containsOnlyKeys("a");
        assertThat(merged.failure("a")).isEqualTo(replaced);
    }

    @Test
    void aSlotBothSidesClaimGoesToTheHigherConfigEpoch() {
        NodeInfo bumpedB = new NodeInfo("b", "h", 2, null, 9);
        NodeInfo[] owners = whole().slotOwners();
        owners[5] = bumpedB;
        ClusterTopology bTookSlot5 = new ClusterTopology(List.of(A, bumpedB, A_REPLICA), owners, 9, Map.of(), Map.of());

        ClusterTopology merged = TopologyMerge.merge(new TopologyMerge.Side(whole(), Set.of("a", "ar")),
                new TopologyMerge.Side(bTookSlot5, Set.of("b")), Set.of());

        assertThat(merged.ownerOf(5).id()).isEqualTo("b");
        assertThat(merged.ownerOf(4).id()).isEqualTo("a");
        assertThat(merged.node("b").configEpoch()).isEqualTo(9);
    }
}
