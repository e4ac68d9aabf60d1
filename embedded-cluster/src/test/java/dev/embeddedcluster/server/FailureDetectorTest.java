package dev.embeddedcluster.server;

import dev.embeddedcluster.cluster.ClusterTopology;
import dev.embeddedcluster.cluster.NodeFailure;
import dev.embeddedcluster.cluster.NodeInfo;
import dev.embeddedcluster.keyspace.KeySlot;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The steps of failure detection on topologies alone: three masters without replicas. */
class FailureDetectorTest {
    private static final long TIMEOUT = 1000;
    private final ClusterMembers noRunningNodes = new ClusterMembers();

    private static ClusterTopology threeMasters() {
        List<NodeInfo> masters = List.of(new NodeInfo("a", "h", 1, null, 1), new NodeInfo("b", "h", 2, null, 2),
                new NodeInfo("c", "h", 3, null, 3));
        NodeInfo[] owners = new NodeInfo[KeySlot.SLOTS];
        for (int slot = 0; slot < owners.length; slot++) {
            owners[slot] = masters.get(slot * 3 / KeySlot.SLOTS);
        }
        return new ClusterTopology(masters, owners, 3, Map.of(), Map.of());
    }

    @Test
    void aSilentNodeIsSuspectedAfterTheTimeoutThenFailedAtTheNextStep() {
        ClusterTopology down = threeMasters().withFailure("a", NodeFailure.startingAt(0));

        assertThat(FailureDetector.step(down, TIMEOUT - 1, TIMEOUT, noRunningNodes)).isSameAs(down);
        ClusterTopology suspected = FailureDetector.step(down, TIMEOUT, TIMEOUT, noRunningNodes);
        assertThat(suspected.failure("a").level()).isEqualTo(NodeFailure.Level.PFAIL);
        assertThat(suspected.isOk()).isTrue();
        ClusterTopology failed = FailureDetector.step(suspected, TIMEOUT, TIMEOUT, noRunningNodes);
        assertThat(failed.failure("a").failed()).isTrue();
        assertThat(failed.isOk()).isFalse();
    }

    @Test
    void withoutAMajorityOfMastersUpSilentNodesAreOnlySuspectedAndTheClusterIsDown() {
        ClusterTopology twoDown = threeMasters().withFailure("a", NodeFailure.startingAt(0))
                .withFailure("b", NodeFailure.startingAt(0));
        assertThat(twoDown.isOk()).as("silent, not yet suspected").isTrue();

        ClusterTopology suspected = FailureDetector.step(twoDown, TIMEOUT, TIMEOUT, noRunningNodes);
        assertThat(suspected.failure("a").level()).isEqualTo(NodeFailure.Level.PFAIL);
        assertThat(suspected.failure("b").level()).isEqualTo(NodeFailure.Level.PFAIL);
        assertThat(suspected.isOk()).as("one master of three reachable").isFalse();
        assertThat(FailureDetector.step(suspected, 10 * TIMEOUT, TIMEOUT, noRunningNodes)).isSameAs(suspected);
    }
}
