package dev.embeddedcluster.junit;

import dev.embeddedcluster.ClusterNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.platform.testkit.engine.EngineTestKit;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** Tests running at the same time on one cluster do not clean it from under each other. */
class ConcurrentMethodsTest {
    static final Map<String, Object> SEEN = new ConcurrentHashMap<>();
    static CountDownLatch quickOneDone;

    @AfterEach
    void forget() {
        SEEN.clear();
    }

    /** Registered before the cluster's extension, so its afterEach runs after the cluster's. */
    static class SignalsAfterTheClustersCleanup implements AfterEachCallback {
        @Override
        public void afterEach(ExtensionContext context) {
            if (context.getRequiredTestMethod().getName().equals("quickOne")) {
                quickOneDone.countDown();
            }
        }
    }

    @ExtendWith(SignalsAfterTheClustersCleanup.class)
    @RedisCluster(masters = 1, replicasPerMaster = 0)
    @Execution(ExecutionMode.CONCURRENT)
    static class TwoAtOnce {
        @Test
        void slowOne(ClusterNode node) throws IOException, InterruptedException {
            try (RawConnection redis = new RawConnection(node)) {
                redis.call("SET slow:data kept");
                redis.call("CLIENT SETNAME slow");
                SEEN.put("quick one finished in time", quickOneDone.await(10, TimeUnit.SECONDS));
                SEEN.put("data", redis.call("GET slow:data"));
                SEEN.put("connection", redis.call("CLIENT GETNAME"));
            }
        }

        @Test
        void quickOne(ClusterNode node) throws IOException {
            try (RawConnection redis = new RawConnection(node)) {
                redis.call("SET quick:data x");
            }
            SEEN.put("quick one ran", true);
        }
    }

    @Test
    void aTestEndingWhileAnotherRunsLeavesItsDataAndConnectionsAlone() {
        quickOneDone = new CountDownLatch(1);
        EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .selectors(selectClass(TwoAtOnce.class))
                .execute()
                .testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        assertThat(SEEN).containsEntry("quick one finished in time", true)
                .containsEntry("data", "kept")
                .containsEntry("connection", "slow");
    }
}
