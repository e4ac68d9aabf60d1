package dev.embeddedcluster.examples.readme;

import dev.embeddedcluster.ReplicationMode;
import dev.embeddedcluster.junit.RedisCluster;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@RedisCluster(replication = ReplicationMode.SYNCHRONOUS)
class RedissonTest {
    @Test
    void counts(List<URI> seeds) {
        Config config = new Config();
        config.useClusterServers().setNodeAddresses(seeds.stream().map(URI::toString).toList());
        RedissonClient redisson = Redisson.create(config);
        try {
            assertThat(redisson.getAtomicLong("visits").incrementAndGet()).isEqualTo(1);
        } finally {
            redisson.shutdown();
        }
    }
}
