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
