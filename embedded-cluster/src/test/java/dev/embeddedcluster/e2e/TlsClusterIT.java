package dev.embeddedcluster.e2e;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.SlotMigration;
import dev.embeddedcluster.TlsAuthClients;
import dev.embeddedcluster.TlsMaterial;
import dev.embeddedcluster.testing.TlsPing;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.Protocol;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A TLS cluster over real sockets: handshakes with the JDK's SSLSocket, what the nodes announce
 * (as a Redis 7.0.15 cluster with port 0, tls-port and tls-cluster yes does) and tls-auth-clients.
 */
@SuppressWarnings("unchecked")
class TlsClusterIT {
    private static EmbeddedRedisCluster cluster;
    private static TlsMaterial tls;

    @BeforeAll
    static void start() {
        cluster = EmbeddedRedisCluster.builder().masters(3).replicasPerMaster(1).tls().build().start();
        tls = cluster.tls();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void everyNodeHandsOutRedissUrisAndItsConfigSaysItServesTlsOnly() {
        assertThat(cluster.seedUris()).allSatisfy(uri -> assertThat(uri.getScheme()).isEqualTo("rediss"));
        assertThat(cluster.seedUris("app", "p w")).allSatisfy(uri ->
                assertThat(uri.toString()).startsWith("rediss://app:p%20w@127.0.0.1:"));
        ClusterNode node = cluster.nodes().get(0);
        try (Jedis jedis = jedis(node, tls.sslContext())) {
            Map<String, String> config = jedis.configGet("*port*");
            assertThat(config).containsEntry("port", "0").containsEntry("tls-port", Integer.toString(node.port()))
                    .containsEntry("cluster-port", "0").containsEntry("cluster-announce-tls-port", "0");
            assertThat(jedis.configGet("tls-*")).containsEntry("tls-cluster", "yes").containsEntry("tls-replication", "yes")
                    .containsEntry("tls-auth-clients", "yes")
                    .containsEntry("tls-cert-file", tls.serverCertificateFile().toString())
                    .containsEntry("tls-key-file", tls.serverKeyFile().toString())
                    .containsEntry("tls-ca-cert-file", tls.caFile().toString());
            assertThat(jedis.info("server")).contains("tcp_port:" + node.port() + "\r\n");
            // Redis keeps its own port: setting it to what it is passes, anything else fails.
            assertThat(jedis.configSet("tls-port", Integer.toString(node.port()))).isEqualTo("OK");
            assertThatThrownBy(() -> jedis.configSet("tls-port", "0")).hasMessage(
                    "ERR CONFIG SET failed (possibly related to argument 'tls-port') - Unable to update TLS configuration. Check server logs.");
        }
    }

    @Test
    void clusterNodesSlotsAndShardsAnnounceTheTlsPortAsRedisWithTlsClusterDoes() {
        ClusterNode master = cluster.masters().get(0);
        try (Jedis jedis = jedis(master, tls.sslContext())) {
            for (ClusterNode node : cluster.nodes()) {
                assertThat(jedis.clusterNodes()).contains(node.id() + " 127.0.0.1:" + node.port() + "@" + (node.port() + 10000) + " ");
            }
            List<Object> slots = (List<Object>) jedis.sendCommand(Protocol.Command.CLUSTER, "SLOTS");
            List<Object> first = (List<Object>) slots.get(0);
            List<Object> endpoint = (List<Object>) first.get(2);
            ClusterNode owner = cluster.masterForSlot(((Long) first.get(0)).intValue());
            assertThat(endpoint).hasSize(4);
            assertThat(text(endpoint.get(0))).isEqualTo("127.0.0.1");
            assertThat(endpoint.get(1)).isEqualTo((long) owner.port());
            assertThat(text(endpoint.get(2))).isEqualTo(owner.id());

            List<Object> shards = (List<Object>) jedis.sendCommand(Protocol.Command.CLUSTER, "SHARDS");
            List<Map<String, Object>> nodes = new ArrayList<>();
            for (Object shard : shards) {
                Map<String, Object> fields = pairs((List<Object>) shard);
                for (Object node : (List<Object>) fields.get("nodes")) {
                    nodes.add(pairs((List<Object>) node));
                }
            }
            assertThat(nodes).hasSize(cluster.nodes().size()).allSatisfy(node -> {
                // Redis 7.0.15 with port 0 and tls-cluster yes: tls-port in place of port, in port's place.
                assertThat(node.keySet()).containsExactly("id", "tls-port", "ip", "endpoint", "role", "replication-offset", "health");
                assertThat(node.get("tls-port")).isEqualTo((long) cluster.node((String) node.get("id")).port());
            });
        }
    }

    @Test
    void jedisClusterReadsAndWritesAcrossSlotsAndMigrationRunsOverTls() {
        try (JedisCluster jedis = new JedisCluster(Set.of(HostAndPort.from(cluster.seeds().get(0))),
                DefaultJedisClientConfig.builder().ssl(true).sslSocketFactory(tls.sslContext().getSocketFactory()).build())) {
            for (int i = 0; i < 100; i++) {
                jedis.set("key:" + i, "value " + i);
            }
            for (int i = 0; i < 100; i++) {
                assertThat(jedis.get("key:" + i)).isEqualTo("value " + i);
            }
            int slot = dev.embeddedcluster.keyspace.KeySlot.of("key:7".getBytes(StandardCharsets.UTF_8));
            ClusterNode source = cluster.masterForSlot(slot);
            ClusterNode target = cluster.masters().stream().filter(m -> !m.equals(source)).findFirst().orElseThrow();
            SlotMigration migration = cluster.beginSlotMigration(slot, target);
            assertThat(migration.migrateAllKeys()).isGreaterThanOrEqualTo(1);
            migration.finish();
            assertThat(cluster.masterForSlot(slot)).isEqualTo(target);
            assertThat(jedis.get("key:7")).isEqualTo("value 7");
        }
    }

    @Test
    void migrateInsideMultiReachesItsTargetOverTlsToo() {
        String key = "tls:multi";
        int slot = dev.embeddedcluster.keyspace.KeySlot.of(key.getBytes(StandardCharsets.UTF_8));
        ClusterNode source = cluster.masterForSlot(slot);
        ClusterNode target = cluster.masters().stream().filter(m -> !m.equals(source)).findFirst().orElseThrow();
        try (Jedis jedis = new Jedis(HostAndPort.from(source.address()),
                DefaultJedisClientConfig.builder().ssl(true).sslSocketFactory(tls.sslContext().getSocketFactory()).build())) {
            jedis.set(key, "moved in a transaction");
            SlotMigration migration = cluster.beginSlotMigration(slot, target);
            jedis.sendCommand(Protocol.Command.MULTI);
            Object queued = jedis.sendCommand(Protocol.Command.MIGRATE, target.host(), Integer.toString(target.port()), key, "0", "5000");
            List<Object> replies = jedis.sendCommand(Protocol.Command.EXEC) instanceof List<?> list ? (List<Object>) list : List.of();
            assertThat(queued).isNotNull();
            assertThat(replies).hasSize(1);
            assertThat(new String((byte[]) replies.get(0), StandardCharsets.UTF_8)).isEqualTo("OK");
            migration.finish();
        }
        assertThat(cluster.masterForSlot(slot)).isEqualTo(target);
        try (Jedis jedis = new Jedis(HostAndPort.from(target.address()),
                DefaultJedisClientConfig.builder().ssl(true).sslSocketFactory(tls.sslContext().getSocketFactory()).build())) {
            assertThat(jedis.get(key)).isEqualTo("moved in a transaction");
        }
    }

    @Test
    void withTlsAuthClientsYesAClientWithoutCertificateIsRefusedAtTheHandshake() throws IOException {
        ClusterNode node = cluster.nodes().get(1);
        assertThat(TlsPing.ping(tls.sslContextWithoutClientCertificate(), node.host(), node.port())).isEmpty();
        assertThat(TlsPing.ping(tls.sslContext(), node.host(), node.port())).isEqualTo("+PONG\r\n");
    }

    @Test
    void aPlainTextClientGetsNoReply() throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", cluster.nodes().get(0).port()), 2000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(5);
            assertThat(new String(reply, StandardCharsets.ISO_8859_1)).doesNotStartWith("+PONG");
        }
    }

    @Test
    void theServerCertificateMatchesTheHostNamesClientsVerify() throws IOException {
        ClusterNode node = cluster.nodes().get(0);
        for (String host : List.of("localhost", "127.0.0.1")) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", node.port()), 2000);
                socket.setSoTimeout(5000);
                // Layered on the connection to 127.0.0.1, the handshake checks the certificate against this host name.
                SSLSocket verified = (SSLSocket) tls.sslContext().getSocketFactory().createSocket(socket, host, node.port(), true);
                SSLParameters parameters = verified.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                verified.setSSLParameters(parameters);
                verified.startHandshake();
                assertThat(verified.getSession().getPeerCertificates()).hasSize(2);
            }
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", node.port()), 2000);
            socket.setSoTimeout(5000);
            SSLSocket wrongName = (SSLSocket) tls.sslContext().getSocketFactory().createSocket(socket, "other.example", node.port(), true);
            SSLParameters parameters = wrongName.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            wrongName.setSSLParameters(parameters);
            assertThatThrownBy(wrongName::startHandshake).isInstanceOf(javax.net.ssl.SSLHandshakeException.class)
                    .hasMessageContaining("No subject alternative DNS name matching other.example");
        }
    }

    @Test
    void tlsAuthClientsOptionalChecksOnlyTheCertificatesGivenAndConfigSetAppliesToNewConnections() throws IOException {
        try (EmbeddedRedisCluster optional = EmbeddedRedisCluster.builder().masters(1).replicasPerMaster(0)
                .tlsAuthClients(TlsAuthClients.OPTIONAL).build().start()) {
            ClusterNode node = optional.nodes().get(0);
            TlsMaterial material = optional.tls();
            assertThat(TlsPing.ping(material.sslContextWithoutClientCertificate(), node.host(), node.port())).isEqualTo("+PONG\r\n");
            assertThat(TlsPing.ping(material.sslContext(), node.host(), node.port())).isEqualTo("+PONG\r\n");
            // A certificate of another CA is refused.
            assertThat(TlsPing.ping(sslContextTrusting(material, tls), node.host(), node.port())).isEmpty();
            try (Jedis jedis = jedis(node, material.sslContext())) {
                assertThat(jedis.configGet("tls-auth-clients")).containsEntry("tls-auth-clients", "optional");
                jedis.configSet("tls-auth-clients", "yes");
                assertThat(TlsPing.ping(material.sslContextWithoutClientCertificate(), node.host(), node.port())).isEmpty();
                jedis.configSet("tls-auth-clients", "no");
                assertThat(TlsPing.ping(material.sslContextWithoutClientCertificate(), node.host(), node.port())).isEqualTo("+PONG\r\n");
                assertThatThrownBy(() -> jedis.configSet("tls-auth-clients", "maybe")).hasMessage(
                        "ERR CONFIG SET failed (possibly related to argument 'tls-auth-clients') - argument(s) must be one of the following: no, yes, optional");
                optional.restoreConfig();
                assertThat(jedis.configGet("tls-auth-clients")).containsEntry("tls-auth-clients", "optional");
            }
        }
    }

    @Test
    void noCertificateIsMadeForAPlainClusterAndItsFilesGoWithTheCluster() {
        try (EmbeddedRedisCluster plain = EmbeddedRedisCluster.builder().masters(1).replicasPerMaster(0).build().start()) {
            assertThat(plain.seedUris()).allSatisfy(uri -> assertThat(uri.getScheme()).isEqualTo("redis"));
            assertThatThrownBy(plain::tls).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("without TLS");
            try (Jedis jedis = new Jedis("127.0.0.1", plain.nodes().get(0).port())) {
                assertThat(jedis.configGet("tls-port")).containsEntry("tls-port", "0");
                assertThat(jedis.configGet("port")).containsEntry("port", Integer.toString(plain.nodes().get(0).port()));
            }
        }
        EmbeddedRedisCluster closed = EmbeddedRedisCluster.builder().masters(1).replicasPerMaster(0).tls().build().start();
        TlsMaterial material = closed.tls();
        assertThat(material.caFile()).exists();
        closed.close();
        assertThat(material.caFile()).doesNotExist();
        assertThat(material.trustStoreFile().getParent()).doesNotExist();
    }

    /** The client key of {@code client} presented to a node trusting only {@code server}'s CA. */
    private static SSLContext sslContextTrusting(TlsMaterial server, TlsMaterial client) {
        try {
            javax.net.ssl.KeyManagerFactory keys = javax.net.ssl.KeyManagerFactory.getInstance("PKIX");
            keys.init(client.clientKeyStore(), client.storePassword().toCharArray());
            javax.net.ssl.TrustManagerFactory trust = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
            trust.init(server.trustStore());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static Jedis jedis(ClusterNode node, SSLContext context) {
        return new Jedis(new HostAndPort(node.host(), node.port()),
                DefaultJedisClientConfig.builder().ssl(true).sslSocketFactory(context.getSocketFactory()).build());
    }

    private static String text(Object bulk) {
        return new String((byte[]) bulk, StandardCharsets.UTF_8);
    }

    private static Map<String, Object> pairs(List<Object> flat) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < flat.size(); i += 2) {
            Object value = flat.get(i + 1);
            map.put(text(flat.get(i)), value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : value);
        }
        return map;
    }
}
