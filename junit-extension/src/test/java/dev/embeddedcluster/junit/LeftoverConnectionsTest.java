package dev.embeddedcluster.junit;

import dev.embeddedcluster.ClusterNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.testkit.engine.EngineTestKit;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** What one test leaves connected does not reach the next test. */
class LeftoverConnectionsTest {
    static final Map<String, Object> SEEN = new ConcurrentHashMap<>();

    @AfterEach
    void forget() {
        SEEN.clear();
    }

    abstract static class LeavesConnectionsBehind {
        static RawConnection classLevel;
        static RawConnection namedLeftover;
        static RawConnection plainLeftover;

        @BeforeAll
        static void openClassLevelConnection(ClusterNode node) throws IOException {
            classLevel = new RawConnection(node);
            classLevel.call("CLIENT SETNAME class-level");
        }

        @Test
        @Order(1)
        void leavesTwoConnectionsOpen(ClusterNode node) throws IOException {
            namedLeftover = new RawConnection(node);
            assertThat(namedLeftover.call("CLIENT SETNAME leftover")).isEqualTo("+OK");
            assertThat(namedLeftover.call("READONLY")).isEqualTo("+OK");
            plainLeftover = new RawConnection(node);
            assertThat(plainLeftover.call("PING")).isEqualTo("+PONG");
        }

        @Test
        @Order(2)
        void looksAtWhatIsLeft(ClusterNode node) throws IOException {
            try (RawConnection observer = new RawConnection(node)) {
                SEEN.put("client list", observer.call("CLIENT LIST"));
            }
            SEEN.put("class-level", classLevel.call("PING"));
            SEEN.put("named leftover closed", namedLeftover.closedByServer());
            SEEN.put("plain leftover", plainLeftover.call("PING"));
        }

        @AfterAll
        static void closeAll() throws IOException {
            for (RawConnection c : new RawConnection[] {classLevel, namedLeftover, plainLeftover}) {
                if (c != null) {
                    c.close();
                }
            }
        }
    }

    @RedisCluster(masters = 1, replicasPerMaster = 0)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class ByDefault extends LeavesConnectionsBehind {
    }

    @RedisCluster(masters = 1, replicasPerMaster = 0, closeLeftoverConnections = false)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class OptedOut extends LeavesConnectionsBehind {
    }

    @Test
    void aConnectionLeftWithStateIsClosedAfterItsTest() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(ByDefault.class)).execute()
                .testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        assertThat(SEEN.get("named leftover closed")).isEqualTo(true);
        assertThat((String) SEEN.get("client list")).doesNotContain("name=leftover").contains("name=class-level");
        assertThat(SEEN.get("class-level")).as("opened before the tests: the class's own").isEqualTo("+PONG");
        assertThat(SEEN.get("plain leftover")).as("no state to leak, as an idle pooled connection").isEqualTo("+PONG");
    }

    @Test
    void theOptOutKeepsEveryConnection() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(OptedOut.class)).execute()
                .testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        assertThat(SEEN.get("named leftover closed")).isEqualTo(false);
        assertThat((String) SEEN.get("client list")).contains("name=leftover");
    }

    @RedisCluster(masters = 1, replicasPerMaster = 0)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class LeavesASubscriberAndATransaction {
        static RawConnection subscriber;
        static RawConnection inMulti;

        @Test
        @Order(1)
        void subscribesAndOpensAMulti(ClusterNode node) throws IOException {
            subscriber = new RawConnection(node);
            assertThat(subscriber.call("SUBSCRIBE news")).isEqualTo("*3");
            subscriber.skipReceived();
            inMulti = new RawConnection(node);
            assertThat(inMulti.call("MULTI")).isEqualTo("+OK");
        }

        @Test
        @Order(2)
        void publishesToNobody(ClusterNode node) throws IOException {
            try (RawConnection publisher = new RawConnection(node)) {
                SEEN.put("receivers", publisher.call("PUBLISH news hello"));
            }
            SEEN.put("subscriber closed", subscriber.closedByServer());
            SEEN.put("multi closed", inMulti.closedByServer());
        }

        @AfterAll
        static void closeAll() throws IOException {
            subscriber.close();
            inMulti.close();
        }
    }

    @Test
    void subscriptionsAndOpenTransactionsDoNotReachTheNextTest() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(LeavesASubscriberAndATransaction.class)).execute()
                .testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        assertThat(SEEN).containsEntry("receivers", ":0").containsEntry("subscriber closed", true)
                .containsEntry("multi closed", true);
    }
}
