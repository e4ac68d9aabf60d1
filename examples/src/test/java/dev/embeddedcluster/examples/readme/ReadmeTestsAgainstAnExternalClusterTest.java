package dev.embeddedcluster.examples.readme;

import dev.embeddedcluster.EmbeddedRedisCluster;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * The README's tests that run both ways, run as a nightly job would run them against a real
 * cluster: with {@code -Dembeddedcluster.external} naming one seed of a cluster started
 * elsewhere (here, by this test, as the standalone jar would start it).
 */
class ReadmeTestsAgainstAnExternalClusterTest {
    @Test
    void theClientTestsPassAgainstAClusterNamedByOneSeed() {
        try (EmbeddedRedisCluster elsewhere = EmbeddedRedisCluster.builder().build().start()) {
            System.setProperty("embeddedcluster.external", elsewhere.seeds().get(0));
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
