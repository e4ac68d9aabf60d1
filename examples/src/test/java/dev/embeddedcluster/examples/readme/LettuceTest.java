package dev.embeddedcluster.examples.readme;

import dev.embeddedcluster.junit.RedisCluster;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@RedisCluster
class LettuceTest {
    @Test
    void counts(List<URI> seeds) {
        RedisClusterClient client = RedisClusterClient.create(RedisURI.create(seeds.get(0)));
        try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
            assertThat(connection.sync().incr("visits")).isEqualTo(1);
        } finally {
            client.shutdown();
        }
    }
}
