package dev.embeddedcluster.examples.readme;

import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.examples.support.StandaloneCluster;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * The README's tests that run both ways, run as a nightly job would run them against a real
 * cluster: with {@code -Dembeddedcluster.external} naming one seed of a cluster started
 * elsewhere (here, by this test: the standalone jar in a JVM of its own).
 */
class ReadmeTestsAgainstAnExternalClusterTest {
    @Test
    void theClientTestsPassAgainstAClusterNamedByOneSeed() throws Exception {
        try (StandaloneCluster elsewhere = StandaloneCluster.start()) {
            System.setProperty("embeddedcluster.external", elsewhere.seed());
            EngineTestKit.engine("junit-jupiter")
                    .selectors(selectClass(JedisTest.class), selectClass(LettuceTest.class), selectClass(RedissonTest.class),
                            selectClass(SpringTest.class), selectClass(ClusterViewTest.class))
                    .execute()
                    .testEvents().assertStatistics(s -> s.succeeded(5).failed(0));
        } finally {
            System.clearProperty("embeddedcluster.external");
        }
    }

    @Test
    void theNestedExampleNeedsTheEmbeddedCluster() {
        try (EmbeddedRedisCluster elsewhere = EmbeddedRedisCluster.builder().build().start()) {
            System.setProperty("embeddedcluster.external", elsewhere.seeds().get(0));
            EngineTestKit.engine("junit-jupiter").selectors(selectClass(NestedTest.class)).execute()
                    .testEvents().assertStatistics(s -> s.succeeded(0).failed(2));
        } finally {
            System.clearProperty("embeddedcluster.external");
        }
    }
}
