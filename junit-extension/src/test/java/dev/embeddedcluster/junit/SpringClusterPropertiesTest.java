package dev.embeddedcluster.junit;

import org.assertj.core.api.Condition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;

/** Spring test contexts receive the addresses of their class's cluster. */
class SpringClusterPropertiesTest {
    /** Per test class: the seeds injected, the property Spring saw, and the context. */
    static final Map<Class<?>, List<Object>> SEEN = new ConcurrentHashMap<>();

    @AfterEach
    void forget() {
        SEEN.clear();
    }

    @Configuration
    static class EmptyApplication {
    }

    abstract static class RecordsWhatSpringSees {
        @Autowired
        Environment environment;

        @Autowired
        ConfigurableApplicationContext context;

        @Test
        void seesItsCluster(List<String> seeds) throws InterruptedException {
            SEEN.put(getClass(), List.of(seeds, environment.getProperty(SpringClusterProperties.NODES), context));
            Thread.sleep(50);
        }
    }

    @RedisCluster(masters = 1, replicasPerMaster = 0)
    @SpringJUnitConfig(EmptyApplication.class)
    static class First extends RecordsWhatSpringSees {
    }

    @SpringJUnitConfig(EmptyApplication.class)
    @RedisCluster(masters = 1, replicasPerMaster = 0)
    static class SecondWithSpringFirst extends RecordsWhatSpringSees {
    }

    @Test
    void classesRunningInParallelEachSeeTheirOwnClusterAndTheirContextsCloseWithIt() {
        EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                .selectors(selectClass(First.class), selectClass(SecondWithSpringFirst.class))
                .execute()
                .testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        List<Object> first = SEEN.get(First.class);
        List<Object> second = SEEN.get(SecondWithSpringFirst.class);
        assertThat(first.get(1)).isEqualTo(String.join(",", seeds(first)));
        assertThat(second.get(1)).isEqualTo(String.join(",", seeds(second)));
        assertThat(first.get(0)).isNotEqualTo(second.get(0));
        assertThat(((ConfigurableApplicationContext) first.get(2)).isActive()).isFalse();
        assertThat(((ConfigurableApplicationContext) second.get(2)).isActive()).isFalse();
    }

    @SuppressWarnings("unchecked")
    private static List<String> seeds(List<Object> seen) {
        return (List<String>) seen.get(0);
    }

    @RedisCluster(masters = 1, replicasPerMaster = 0, lifecycle = RedisCluster.Lifecycle.PER_METHOD)
    @SpringJUnitConfig(EmptyApplication.class)
    static class PerMethod extends RecordsWhatSpringSees {
    }

    @Test
    void aClusterPerMethodCannotBackASpringContext() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(PerMethod.class)).execute()
                .testEvents().assertThatEvents().haveExactly(1, event(finishedWithFailure(new Condition<>(
                        failure -> causes(failure).anyMatch(t -> String.valueOf(t.getMessage())
                                .startsWith("no Redis cluster is running for " + PerMethod.class.getName())),
                        "caused by the missing cluster"))));
    }

    private static Stream<Throwable> causes(Throwable failure) {
        return Stream.iterate(failure, Objects::nonNull, Throwable::getCause);
    }
}
