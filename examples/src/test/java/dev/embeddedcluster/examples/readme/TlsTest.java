package dev.embeddedcluster.examples.readme;

import dev.embeddedcluster.TlsMaterial;
import dev.embeddedcluster.junit.RedisCluster;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@RedisCluster(tls = true)
class TlsTest {
    @Test
    void counts(List<URI> seeds, TlsMaterial tls) {          // rediss:// seeds, the CA and a client certificate
        RedisClusterClient client = RedisClusterClient.create(RedisURI.create(seeds.get(0)));
        client.setOptions(ClusterClientOptions.builder().sslOptions(SslOptions.builder()
                .truststore(tls.trustStoreFile().toFile(), tls.storePassword())
                .keystore(tls.clientKeyStoreFile().toFile(), tls.storePassword().toCharArray())
                .build()).build());
        try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
            assertThat(connection.sync().incr("visits")).isEqualTo(1);
        } finally {
            client.shutdown();
        }
    }
}
