package dev.embeddedcluster.examples.tls;

import dev.embeddedcluster.TlsAuthClients;
import dev.embeddedcluster.TlsMaterial;
import dev.embeddedcluster.junit.RedisCluster;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Lettuce on a TLS cluster: it trusts the cluster's CA, verifies each node's certificate against
 * the address it connects to (127.0.0.1 is in the certificate), and presents the client
 * certificate the nodes ask for with Redis's default {@code tls-auth-clients yes}.
 */
@RedisCluster(tls = true)
class LettuceTlsExampleTest {

    @Test
    void sessionsAreWrittenAndReadAcrossSlotsWithAClientCertificate(List<URI> seeds, TlsMaterial tls) {
        SslOptions ssl = SslOptions.builder().jdkSslProvider()
                .truststore(tls.trustStoreFile().toFile(), tls.storePassword())
                .keystore(tls.clientKeyStoreFile().toFile(), tls.storePassword().toCharArray())
                .build();
        assertThat(seeds.get(0).getScheme()).isEqualTo("rediss");
        RedisClusterClient client = RedisClusterClient.create(RedisURI.create(seeds.get(0)));
        client.setOptions(ClusterClientOptions.builder().sslOptions(ssl).build());
        try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
            RedisAdvancedClusterCommands<String, String> redis = connection.sync();
            Map<String, String> sessions = IntStream.range(0, 50).boxed()
                    .collect(Collectors.toMap(i -> "session:" + i, i -> "user-" + i));
            assertThat(sessions.keySet().stream().map(SlotHash::getSlot).distinct().count()).isGreaterThan(40);
            assertThat(redis.mset(sessions)).isEqualTo("OK");
            assertThat(redis.get("session:7")).isEqualTo("user-7");
            assertThat(redis.mget(sessions.keySet().toArray(String[]::new)))
                    .allSatisfy(kv -> assertThat(kv.getValue()).isEqualTo(sessions.get(kv.getKey())));
            assertThat(redis.incr("logins")).isEqualTo(1);
            assertThat(connection.getPartitions().size()).isEqualTo(6);
        } finally {
            client.shutdown();
        }
    }

    @Test
    void withoutTheClientCertificateTheNodesRefuseTheConnection(List<URI> seeds, TlsMaterial tls) {
        SslOptions trustOnly = SslOptions.builder().jdkSslProvider()
                .truststore(tls.trustStoreFile().toFile(), tls.storePassword()).build();
        RedisClusterClient client = RedisClusterClient.create(RedisURI.create(seeds.get(0)));
        client.setOptions(ClusterClientOptions.builder().sslOptions(trustOnly).build());
        try {
            assertThatThrownBy(client::connect).isInstanceOf(RedisConnectionException.class);
        } finally {
            client.shutdown();
        }
    }

    /** With {@code tls-auth-clients no} trusting the CA is enough. */
    @Nested
    @RedisCluster(tls = true, tlsAuthClients = TlsAuthClients.NO)
    class WithoutClientCertificates {
        @Test
        void theCaAloneIsEnough(List<URI> seeds, TlsMaterial tls) {
            RedisClusterClient client = RedisClusterClient.create(RedisURI.create(seeds.get(0)));
            client.setOptions(ClusterClientOptions.builder().sslOptions(SslOptions.builder().jdkSslProvider()
                    .truststore(tls.trustStoreFile().toFile(), tls.storePassword()).build()).build());
            try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
                RedisAdvancedClusterCommands<String, String> redis = connection.sync();
                for (int i = 0; i < 30; i++) {
                    redis.hset("cart:" + i, "item", "book " + i);
                }
                assertThat(redis.hget("cart:12", "item")).isEqualTo("book 12");
                assertThat(redis.configGet("tls-auth-clients")).containsEntry("tls-auth-clients", "no");
            } finally {
                client.shutdown();
            }
        }
    }
}
