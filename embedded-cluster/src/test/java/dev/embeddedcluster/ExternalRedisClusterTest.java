package dev.embeddedcluster;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An embedded cluster seen from outside, as a cluster running elsewhere is seen. */
class ExternalRedisClusterTest {
    private static EmbeddedRedisCluster running;

    @BeforeAll
    static void start() {
        running = EmbeddedRedisCluster.builder().masters(3).replicasPerMaster(1).build().start();
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    @Test
    void discoversEveryNodeWithItsRoleSlotsAndMasterFromOneSeed() {
        ExternalRedisCluster external = ExternalRedisCluster.discover(List.of(running.replicas().get(2).address()));

        assertThat(external.seeds()).isEqualTo(running.seeds());
        for (ClusterNode node : running.nodes()) {
            ClusterNode seen = external.node(node.id());
            assertThat(seen).isEqualTo(node);
            assertThat(seen.address()).isEqualTo(node.address());
            assertThat(seen.busPort()).isEqualTo(node.busPort());
            assertThat(seen.role()).isEqualTo(node.role());
            assertThat(seen.slots()).isEqualTo(node.slots());
            assertThat(seen.masterId()).isEqualTo(node.masterId());
        }
        assertThat(external.masters()).isEqualTo(running.masters());
        assertThat(external.replicas()).isEqualTo(running.replicas());
        assertThat(external.replicasOf(external.masters().get(1))).containsExactly(running.replicas().get(1));
        assertThat(external.masterForKey("{cart:7}")).isEqualTo(running.masterForKey("{cart:7}"));
        assertThat(external.masterForSlot(16383)).isEqualTo(running.masters().get(2));
    }

    @Test
    void flushAllEmptiesEveryMasterAndItsReplicas() throws IOException {
        ExternalRedisCluster external = ExternalRedisCluster.discover(List.of(running.seeds().get(0)));
        for (ClusterNode master : running.masters()) {
            try (RespConnection connection = new RespConnection(master.host(), master.port(), Duration.ofSeconds(5))) {
                connection.call("SET", keyOn(master), "x");
            }
        }

        external.flushAll();

        for (ClusterNode node : running.nodes()) {
            try (RespConnection connection = new RespConnection(node.host(), node.port(), Duration.ofSeconds(5))) {
                assertThat(connection.call("DBSIZE")).as(node.toString()).isEqualTo(0L);
            }
        }
    }

    private static String keyOn(ClusterNode master) {
        for (int i = 0; ; i++) {
            if (running.masterForKey("k" + i).equals(master)) {
                return "k" + i;
            }
        }
    }

    @Test
    void parsesWhatRealNodesShow() {
        String reply = """
                07c37dfeb235213a872192d90877d0cd55635b91 10.0.0.2:7001@17001,node-b slave e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca 0 1426238317239 4 connected
                e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca :7000@17000 myself,master - 0 0 1 connected 0-8191 [8192->-07c37dfeb235213a872192d90877d0cd55635b91]
                67ed2db8d677e59ec4a4cefb06858cf2a1a89fa1 10.0.0.3:7002@17002 master - 0 1426238316232 2 connected 8192-16383
                6ec23923021cf3ffec47632106199cb7f496ce01 10.0.0.9:7009@17009 handshake - 0 0 0 connected
                """;
        ClusterNodesReply parsed = ClusterNodesReply.parse(reply, "seed-host");

        assertThat(parsed.lines()).extracting(ClusterNodesReply.Line::address)
                .containsExactly("seed-host:7000", "10.0.0.3:7002", "10.0.0.2:7001");
        ClusterNodesReply.Line first = parsed.lines().get(0);
        assertThat(first.slots()).containsExactly(SlotRange.of(0, 8191));
        assertThat(first.busPort()).isEqualTo(17000);
        assertThat(parsed.masterId("07c37dfeb235213a872192d90877d0cd55635b91"))
                .isEqualTo("e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca");
    }

    @Test
    void namesWhatIsWrongWithTheSeeds() throws IOException {
        assertThatThrownBy(() -> ExternalRedisCluster.discover(List.of("localhost")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'localhost' is not a seed: give host:port, such as 127.0.0.1:30001");
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        assertThatThrownBy(() -> ExternalRedisCluster.discover(List.of("127.0.0.1:" + closedPort)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("no node answered CLUSTER NODES (127.0.0.1:" + closedPort + ": ");
    }
}
