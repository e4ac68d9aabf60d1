package dev.embeddedcluster.junit;

import dev.embeddedcluster.ClusterView;
import dev.embeddedcluster.EmbeddedRedisCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** A {@code @Nested} class's own {@link RedisCluster} wins over its enclosing class's. */
class NestedClusterTest {
    static final Map<String, EmbeddedRedisCluster> SEEN = new ConcurrentHashMap<>();

    @AfterEach
    void forget() {
        SEEN.clear();
    }

    @RedisCluster(masters = 2, replicasPerMaster = 0)
    static class Outer {
        @Test
        void outer(EmbeddedRedisCluster cluster) {
            SEEN.put("outer", cluster);
        }

        @Nested
        @RedisCluster(masters = 1, replicasPerMaster = 0)
        class WithItsOwn {
            @InjectCluster
            ClusterView view;

            @Test
            void inner(EmbeddedRedisCluster cluster) {
                SEEN.put("own", cluster);
                assertThat(view).isSameAs(cluster);
            }

            @Nested
            class WithoutOne {
                @Test
                void innermost(EmbeddedRedisCluster cluster) {
                    SEEN.put("own's nested", cluster);
                }
            }
        }

        @Nested
        class WithoutOne {
            @Test
            void inner(EmbeddedRedisCluster cluster) {
                SEEN.put("enclosing's", cluster);
            }
        }
    }

    @Test
    void theInnermostAnnotationWinsAndANestedClassWithoutOneSharesItsEnclosingClassCluster() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(Outer.class)).execute()
                .testEvents().assertStatistics(s -> s.succeeded(4).failed(0));
        assertThat(SEEN.get("outer").nodes()).hasSize(2);
        assertThat(SEEN.get("own").nodes()).hasSize(1);
        assertThat(SEEN.get("own's nested")).isSameAs(SEEN.get("own"));
        assertThat(SEEN.get("enclosing's")).isSameAs(SEEN.get("outer"));
    }
}
