package dev.embeddedcluster.e2e;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.SlotRange;
import dev.embeddedcluster.testing.RespClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Starting, sharing a JVM, and closing: nothing leaks, nothing interferes. */
class ClusterLifecycleIT {

    private static java.util.Set<Thread> nodeThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("redis-node-"))
                .collect(java.util.stream.Collectors.toSet());
    }

    @Test
    void twoClustersInOneJvmKeepTheirOwnData() {
        try (EmbeddedRedisCluster a = EmbeddedRedisCluster.builder().build().start();
             EmbeddedRedisCluster b = EmbeddedRedisCluster.builder().build().start()) {
            assertThat(a.seeds()).doesNotContainAnyElementsOf(b.seeds());
            ClusterNode ma = a.masterForKey("shared");
            ClusterNode mb = b.masterForKey("shared");
            try (RespClient ca = new RespClient(ma.host(), ma.port()); RespClient cb = new RespClient(mb.host(), mb.port())) {
                ca.call("SET", "shared", "from-a");
                assertThat(cb.call("GET", "shared")).isEqualTo("$-1\r\n");
                assertThat(ca.call("CLUSTER", "MYID")).contains(ma.id()).doesNotContain(mb.id());
            }
        }
    }

    @Test
    void closeReleasesEveryPortAndThread() throws IOException {
        java.util.Set<Thread> before = nodeThreads();
        EmbeddedRedisCluster cluster = EmbeddedRedisCluster.builder().build().start();
        List<ClusterNode> nodes = cluster.nodes();
        java.util.Set<Thread> ours = nodeThreads();
        ours.removeAll(before);
        assertThat(ours).hasSizeGreaterThanOrEqualTo(6);
        assertThat(nodes).allMatch(n -> n.port() + 10000 <= 65535);
        cluster.close();
        cluster.close();
        for (ClusterNode node : nodes) {
            try (ServerSocket rebind = new ServerSocket()) {
                rebind.setReuseAddress(true);
                rebind.bind(new InetSocketAddress(node.host(), node.port()));
            }
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> ours.stream().noneMatch(Thread::isAlive));
    }

    @Test
    void fixedBasePortPutsMastersFirst() throws IOException {
        EmbeddedRedisCluster cluster = null;
        int base = 0;
        for (int attempt = 0; cluster == null; attempt++) {
            try (ServerSocket probe = new ServerSocket(0)) {
                base = Math.min(probe.getLocalPort(), 50000);
            }
            try {
                cluster = EmbeddedRedisCluster.builder().basePort(base).masters(2).replicasPerMaster(1).build().start();
            } catch (IllegalStateException portTaken) {
                if (attempt == 10) {
                    throw portTaken;
                }
            }
        }
        try (EmbeddedRedisCluster started = cluster) {
            assertThat(started.masters()).extracting(ClusterNode::port).containsExactly(base, base + 1);
            assertThat(started.replicas()).extracting(ClusterNode::port).containsExactly(base + 2, base + 3);
            assertThat(started.replicasOf(started.masters().get(0))).extracting(ClusterNode::port).containsExactly(base + 2);
        }
    }

    @Test
    void shapesAndAccessors() {
        try (EmbeddedRedisCluster single = EmbeddedRedisCluster.builder().masters(1).replicasPerMaster(0).build().start()) {
            assertThat(single.nodes()).hasSize(1);
            assertThat(single.masters().get(0).slots()).containsExactly(SlotRange.of(0, 16383));
            assertThat(single.seedUris().get(0).toString()).startsWith("redis://127.0.0.1:");
        }
        try (EmbeddedRedisCluster custom = EmbeddedRedisCluster.builder().masters(2).replicasPerMaster(2)
                .slotRanges(List.of(List.of(SlotRange.of(0, 99), SlotRange.of(200, 16383)), List.of(SlotRange.of(100, 199))))
                .build().start()) {
            assertThat(custom.nodes()).hasSize(6);
            assertThat(custom.masterForSlot(150)).isEqualTo(custom.masters().get(1));
            assertThat(custom.masterForSlot(5000)).isEqualTo(custom.masters().get(0));
            assertThat(custom.replicasOf(custom.masters().get(1))).hasSize(2);
            assertThat(custom.masters().get(0).slots()).containsExactly(SlotRange.of(0, 99), SlotRange.of(200, 16383));
        }
    }

    @Test
    void badShapesFailFastWithAMessage() {
        assertThatThrownBy(() -> EmbeddedRedisCluster.builder().masters(0).build())
                .hasMessageContaining("at least one master");
        assertThatThrownBy(() -> EmbeddedRedisCluster.builder().replicasPerMaster(-1).build())
                .hasMessageContaining("cannot be negative");
        assertThatThrownBy(() -> EmbeddedRedisCluster.builder().masters(2)
                .slotRanges(List.of(List.of(SlotRange.of(0, 9000)), List.of(SlotRange.of(9000, 16383)))).build())
                .hasMessageContaining("overlapping");
        assertThatThrownBy(() -> EmbeddedRedisCluster.builder().masters(2)
                .slotRanges(List.of(List.of(SlotRange.of(0, 100)), List.of(SlotRange.of(200, 16383)))).build())
                .hasMessageContaining("slot 101 is given to no master");
        assertThatThrownBy(() -> EmbeddedRedisCluster.builder().basePort(60000).build())
                .hasMessageContaining("port + 10000");
    }

    @Test
    void aPortInUseFailsStartAndLeavesNothingRunning() throws IOException {
        java.util.Set<Thread> before = nodeThreads();
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> EmbeddedRedisCluster.builder().basePort(port).masters(1).replicasPerMaster(0).build().start())
                    .hasMessageContaining("cannot bind 127.0.0.1:" + port);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> before.containsAll(nodeThreads()));
    }
}
