package dev.embeddedcluster.parity;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;

/**
 * The fault scenarios ({@link KillScenarios}, {@link PauseScenarios}, {@link QuorumScenarios}) run
 * against six real redis-server 7.0 processes (SIGKILL, SIGSTOP, SIGCONT) and against the embedded
 * cluster (kill, pause, resume, restart), with the same assertions: what passes against the first is
 * what Redis does. Where the embedded cluster does otherwise, its side of that one scenario is
 * disabled with what differs, for the core to be fixed. Run with
 * {@code ./mvnw -pl embedded-cluster test -Dcompare.live=true -Dtest=FaultParityIT -Dsurefire.failIfNoSpecifiedTests=false}
 * (one group: {@code -Dtest='FaultParityIT$Pause*'}); each scenario prints what the nodes showed, step by step.
 */
@Tag("live") // needs redis-server and redis-cli: runs with -Dcompare.live=true
class FaultParityIT {

    @Nested
    class KillAgainstRedisServer extends KillScenarios {
        @Override
        FaultTarget startTarget(Duration nodeTimeout) {
            return new RealRedisTarget(nodeTimeout);
        }
    }

    @Nested
    class KillAgainstEmbeddedCluster extends KillScenarios {
        @Override
        FaultTarget startTarget(Duration nodeTimeout) {
            return new EmbeddedTarget(nodeTimeout);
        }
    }

    @Nested
    class PauseAgainstRedisServer extends PauseScenarios {
        @Override
        FaultTarget startTarget(Duration nodeTimeout) {
            return new RealRedisTarget(nodeTimeout);
        }
    }

    @Nested
    class PauseAgainstEmbeddedCluster extends PauseScenarios {
        @Override
        FaultTarget startTarget(Duration nodeTimeout) {
            return new EmbeddedTarget(nodeTimeout);
        }

        @Override
        @Test
        @Disabled("differs from Redis: the replica of a paused master shows ROLE state 'connect' and"
                + " master_link_status:down from the pause on; redis-server's replica of a SIGSTOPped master shows"
                + " 'connected' and up until it is promoted (its TCP link is intact, repl-timeout is 60 s); measured"
                + " by sampling ROLE and INFO replication on the replica, its AgainstRedisServer side passes")
        void aPausedMastersReplicaKeepsItsLinkUntilItIsPromoted() {
            super.aPausedMastersReplicaKeepsItsLinkUntilItIsPromoted();
        }

        @Override
        @Test
        @Disabled("differs from Redis: a master whose replica is paused shows connected_slaves:0 and its WAIT 1 100"
                + " from a client that has not written returns 0; redis-server shows connected_slaves:1 with"
                + " slave0:...,state=online,... for a SIGSTOPped replica, and that WAIT returns 1 (the replica's last"
                + " acknowledgement covers the client's offset 0); measured with INFO replication and WAIT on the"
                + " master once the replica is flagged fail, its AgainstRedisServer side passes")
        void aPausedReplicaStaysConnectedOnItsMaster() {
            super.aPausedReplicaStaysConnectedOnItsMaster();
        }

        @Override
        @Test
        @Disabled("differs from Redis: the others show a paused node's link 'disconnected' from the pause on;"
                + " redis-server's nodes show a SIGSTOPped node 'connected' (dropped and reconnected when a pong is"
                + " late); measured by sampling CLUSTER NODES on another master, its AgainstRedisServer side passes")
        void theOthersKeepTheirClusterLinkToAPausedMaster() {
            super.theOthersKeepTheirClusterLinkToAPausedMaster();
        }

        @Override
        @Test
        @Disabled("differs from Redis: on resume, commands a paused master received after its failover get"
                + " -MOVED to the promoted node; redis-server on SIGCONT answers them as the master it still believes"
                + " it is (GET -> $6 before, SET -> +OK), then becomes a replica and loses that acknowledged write;"
                + " measured 4 of 4 runs with a socket held across SIGSTOP/SIGCONT, its AgainstRedisServer side passes")
        void commandsHeldByAPausedMasterAreAnsweredAsMasterWhenItResumesAndItsWriteIsLost() throws IOException {
            super.commandsHeldByAPausedMasterAreAnsweredAsMasterWhenItResumesAndItsWriteIsLost();
        }

    }

    @Nested
    class QuorumAgainstRedisServer extends QuorumScenarios {
        @Override
        FaultTarget startTarget(Duration nodeTimeout) {
            return new RealRedisTarget(nodeTimeout);
        }
    }

    @Nested
    class QuorumAgainstEmbeddedCluster extends QuorumScenarios {
        @Override
        FaultTarget startTarget(Duration nodeTimeout) {
            return new EmbeddedTarget(nodeTimeout);
        }
    }
}
