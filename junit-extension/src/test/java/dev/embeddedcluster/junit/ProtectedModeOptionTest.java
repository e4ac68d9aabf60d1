package dev.embeddedcluster.junit;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** {@link RedisCluster#protectedMode()}: a cluster bound to every address, reached from a non-loopback one. */
class ProtectedModeOptionTest {
    static final Map<String, String> SEEN = new ConcurrentHashMap<>();

    @RedisCluster(masters = 1, replicasPerMaster = 0, bindAddress = "0.0.0.0")
    static class Protected {
        @Test
        void ping(EmbeddedRedisCluster cluster) throws Exception {
            SEEN.put("protected", pingFromTheAnnouncedAddress(cluster.nodes().get(0)));
        }
    }

    @RedisCluster(masters = 1, replicasPerMaster = 0, bindAddress = "0.0.0.0", protectedMode = false)
    static class Unprotected {
        @Test
        void ping(EmbeddedRedisCluster cluster) throws Exception {
            SEEN.put("unprotected", pingFromTheAnnouncedAddress(cluster.nodes().get(0)));
        }
    }

    /** The announced address of a node bound to 0.0.0.0 is one others can reach: a connection to it comes from it. */
    private static String pingFromTheAnnouncedAddress(ClusterNode node) throws Exception {
        SEEN.put("host", node.host());
        try (RawConnection connection = new RawConnection(node.host(), node.port())) {
            return connection.call("PING");
        }
    }

    @Test
    void deniedByDefaultAndLetInWithProtectedModeOff() throws Exception {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(Protected.class), selectClass(Unprotected.class)).execute()
                .testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        assumeFalse(InetAddress.getByName(SEEN.get("host")).isLoopbackAddress(), "this machine has no address beyond loopback");
        assertThat(SEEN.get("protected")).startsWith(
                "-DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user.");
        assertThat(SEEN.get("unprotected")).isEqualTo("+PONG");
    }
}
