package dev.embeddedcluster.junit;

import dev.embeddedcluster.EmbeddedRedisCluster;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.testkit.engine.EngineTestKit;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** {@link RedisCluster#password()} and {@link RedisCluster#users()}: on every node, and back after each test. */
class UsersTest {
    static final Map<String, Object> SEEN = new ConcurrentHashMap<>();

    @RedisCluster(masters = 1, replicasPerMaster = 0, password = "admin", users = "app app-pw ~app:* +@all -@dangerous")
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class WithUsers {
        @Test
        @Order(1)
        void usersAreThereAndChangeable(EmbeddedRedisCluster cluster) throws Exception {
            try (RawConnection connection = new RawConnection(cluster.nodes().get(0))) {
                SEEN.put("unauthenticated", connection.call("GET k"));
                SEEN.put("app", connection.call("AUTH app app-pw"));
                SEEN.put("refused", connection.call("SET other v"));
                SEEN.put("admin", connection.call("AUTH admin"));
                connection.call("ACL SETUSER app resetpass >changed");
            }
        }

        @Test
        @Order(2)
        void theNextTestFindsThemAsConfigured(EmbeddedRedisCluster cluster) throws Exception {
            try (RawConnection connection = new RawConnection(cluster.nodes().get(0))) {
                SEEN.put("again", connection.call("AUTH app app-pw"));
            }
        }
    }

    @Test
    void theAnnotationsUsersAreOnEveryNodeAndRestoredBetweenTests() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(WithUsers.class)).execute()
                .testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        assertThat(List.of(SEEN.get("unauthenticated"), SEEN.get("app"), SEEN.get("refused"), SEEN.get("admin"), SEEN.get("again")))
                .containsExactly("-NOAUTH Authentication required.", "+OK",
                        "-NOPERM this user has no permissions to access one of the keys used as arguments", "+OK", "+OK");
    }
}
