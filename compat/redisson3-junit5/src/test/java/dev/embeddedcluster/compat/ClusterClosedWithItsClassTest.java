package dev.embeddedcluster.compat;

import dev.embeddedcluster.junit.RedisCluster;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * JUnit 5.11 and 5.12 close only the {@code CloseableResource} values of an extension store (5.13
 * and later close every {@code AutoCloseable}): a class's cluster is closed with the class all the
 * same, its ports free again.
 */
class ClusterClosedWithItsClassTest {
    private static volatile int port;

    @RedisCluster(masters = 1, replicasPerMaster = 0)
    static class UsesACluster {
        @Test
        void remembersItsPort(List<String> seeds) {
            port = Integer.parseInt(seeds.get(0).substring(seeds.get(0).lastIndexOf(':') + 1));
        }
    }

    @Test
    void theClustersPortIsFreeOnceItsClassEnded() throws IOException {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(UsesACluster.class)).execute()
                .testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
        try (ServerSocket rebind = new ServerSocket()) {
            rebind.bind(new InetSocketAddress("127.0.0.1", port));
        }
    }
}
