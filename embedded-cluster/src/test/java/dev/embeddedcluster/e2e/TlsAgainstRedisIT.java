package dev.embeddedcluster.e2e;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.TlsMaterial;
import dev.embeddedcluster.testing.TlsPing;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A TLS cluster of ours beside three real redis-server 7.0.15 processes started as a TLS cluster
 * ({@code port 0}, {@code tls-port}, {@code tls-cluster yes}) on our throwaway CA's certificates,
 * which OpenSSL thereby accepts too: both announce their ports alike in CLUSTER NODES, SLOTS and
 * SHARDS and CONFIG GET, and both refuse a client without a certificate at the handshake.
 */
@Tag("live")
@SuppressWarnings("unchecked")
class TlsAgainstRedisIT {
    private static final String[] SLOTS = {"0-5460", "5461-10922", "10923-16383"};
    private static EmbeddedRedisCluster ours;
    private static TlsMaterial tls;
    private static final List<Process> redis = new ArrayList<>();
    private static final List<Integer> redisPorts = new ArrayList<>();
    private static Path dir;

    @BeforeAll
    static void start() throws Exception {
        ours = EmbeddedRedisCluster.builder().masters(3).replicasPerMaster(0).tls().build().start();
        tls = ours.tls();
        dir = Files.createTempDirectory("tls-redis");
        for (int i = 0; i < 3; i++) {
            int port = freePortWithBusPort();
            redisPorts.add(port);
            redis.add(new ProcessBuilder("redis-server", "--port", "0", "--tls-port", Integer.toString(port),
                    "--bind", "127.0.0.1", "--tls-cluster", "yes", "--tls-replication", "yes",
                    "--tls-cert-file", tls.serverCertificateFile().toString(), "--tls-key-file", tls.serverKeyFile().toString(),
                    "--tls-ca-cert-file", tls.caFile().toString(), "--cluster-enabled", "yes",
                    "--cluster-config-file", dir.resolve("nodes-" + port + ".conf").toString(), "--dir", dir.toString(),
                    "--save", "", "--appendonly", "no")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("redis-" + port + ".log").toFile()).start());
        }
        for (int i = 0; i < 3; i++) {
            int port = redisPorts.get(i);
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
                try (Jedis jedis = jedis(port)) {
                    return jedis.ping().equals("PONG");
                }
            });
            try (Jedis jedis = jedis(port)) {
                String[] range = SLOTS[i].split("-");
                jedis.sendCommand(Protocol.Command.CLUSTER, "ADDSLOTSRANGE", range[0], range[1]);
                jedis.sendCommand(Protocol.Command.CLUSTER, "SET-CONFIG-EPOCH", Integer.toString(i + 1));
                if (i > 0) {
                    jedis.clusterMeet("127.0.0.1", redisPorts.get(0));
                }
            }
        }
        for (int port : redisPorts) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
                try (Jedis jedis = jedis(port)) {
                    return jedis.clusterInfo().contains("cluster_state:ok") && jedis.clusterNodes().lines().count() == 3
                            && !jedis.clusterNodes().contains("handshake") && !jedis.clusterNodes().contains("noaddr");
                }
            });
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (Process process : redis) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        if (ours != null) {
            ours.close();
        }
    }

    @Test
    void clusterShardsNamesTheTlsPortAsRedisDoes() {
        for (int[] ports : List.of(redisPorts.stream().mapToInt(Integer::intValue).toArray(), ourPorts())) {
            try (Jedis jedis = jedis(ports[0])) {
                List<Object> shards = (List<Object>) jedis.sendCommand(Protocol.Command.CLUSTER, "SHARDS");
                assertThat(shards).hasSize(3);
                for (Object shard : shards) {
                    List<Object> fields = (List<Object>) shard;
                    List<Object> node = (List<Object>) ((List<Object>) fields.get(3)).get(0);
                    List<String> keys = new ArrayList<>();
                    for (int i = 0; i < node.size(); i += 2) {
                        keys.add(text(node.get(i)));
                    }
                    assertThat(keys).as("port " + ports[0]).containsExactly("id", "tls-port", "ip", "endpoint", "role",
                            "replication-offset", "health");
                    assertThat(List.of(ports[0], ports[1], ports[2])).contains(((Long) node.get(3)).intValue());
                }
            }
        }
    }

    @Test
    void clusterSlotsAndNodesGiveTheTlsPortAsRedisDoes() {
        List<List<String>> shapes = new ArrayList<>();
        for (int[] ports : List.of(redisPorts.stream().mapToInt(Integer::intValue).toArray(), ourPorts())) {
            try (Jedis jedis = jedis(ports[0])) {
                List<String> shape = new ArrayList<>();
                for (Object entry : (List<Object>) jedis.sendCommand(Protocol.Command.CLUSTER, "SLOTS")) {
                    List<Object> slot = (List<Object>) entry;
                    List<Object> endpoint = (List<Object>) slot.get(2);
                    shape.add(slot.get(0) + "-" + slot.get(1) + " " + text(endpoint.get(0)) + " port#" + indexOf(ports, endpoint.get(1))
                            + " " + endpoint.size() + " " + endpoint.get(3));
                }
                for (String line : jedis.clusterNodes().lines().sorted().toList()) {
                    String[] fields = line.split(" ");
                    String[] address = fields[1].split("[:@]");
                    int port = Integer.parseInt(address[1]);
                    shape.add("node " + address[0] + " port#" + indexOf(ports, (long) port)
                            + " bus=port+10000:" + (Integer.parseInt(address[2]) == port + 10000)
                            + " " + fields[2] + " " + fields[3] + " " + fields[7] + " " + fields[8]);
                }
                shapes.add(shape.stream().sorted().toList());
            }
        }
        assertThat(shapes.get(1)).isEqualTo(shapes.get(0));
    }

    @Test
    void configAndInfoReportATlsOnlyNodeAsRedisDoes() {
        List<Map<String, String>> configs = new ArrayList<>();
        for (int port : List.of(redisPorts.get(0), ourPorts()[0])) {
            try (Jedis jedis = jedis(port)) {
                Map<String, String> config = new java.util.TreeMap<>();
                for (String name : List.of("port", "tls-port", "tls-cluster", "tls-replication", "tls-auth-clients",
                        "cluster-announce-tls-port", "tls-session-caching", "tls-protocols")) {
                    config.putAll(jedis.configGet(name));
                }
                config.put("tls-port", config.get("tls-port").equals(Integer.toString(port)) ? "own" : config.get("tls-port"));
                config.put("tcp_port", jedis.info("server").contains("tcp_port:" + port + "\r\n") ? "own" : "other");
                configs.add(config);
            }
        }
        assertThat(configs.get(1)).isEqualTo(configs.get(0));
        assertThat(configs.get(0)).containsEntry("port", "0").containsEntry("tls-port", "own").containsEntry("tcp_port", "own");
    }

    @Test
    void bothRefuseAClientWithoutCertificateAndServeOneWithIt() throws IOException {
        for (int port : List.of(redisPorts.get(0), ourPorts()[0])) {
            assertThat(TlsPing.ping(tls.sslContextWithoutClientCertificate(), "127.0.0.1", port)).as("no certificate, port " + port).isEmpty();
            assertThat(TlsPing.ping(tls.sslContext(), "127.0.0.1", port)).as("certificate, port " + port).isEqualTo("+PONG\r\n");
        }
    }

    private static int[] ourPorts() {
        return ours.masters().stream().mapToInt(ClusterNode::port).toArray();
    }

    private static int indexOf(int[] ports, Object port) {
        for (int i = 0; i < ports.length; i++) {
            if (ports[i] == ((Long) port).intValue()) {
                return i;
            }
        }
        return -1;
    }

    private static Jedis jedis(int port) {
        return new Jedis(new HostAndPort("127.0.0.1", port), DefaultJedisClientConfig.builder().ssl(true)
                .sslSocketFactory(tls.sslContext().getSocketFactory()).timeoutMillis(5000).build());
    }

    private static String text(Object bulk) {
        return new String((byte[]) bulk, StandardCharsets.UTF_8);
    }

    private static int freePortWithBusPort() throws IOException {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                if (socket.getLocalPort() + 10000 <= 65535) {
                    return socket.getLocalPort();
                }
            }
        }
    }
}
