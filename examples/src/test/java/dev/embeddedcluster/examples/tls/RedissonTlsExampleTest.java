package dev.embeddedcluster.examples.tls;

import dev.embeddedcluster.ReplicationMode;
import dev.embeddedcluster.TlsAuthClients;
import dev.embeddedcluster.TlsMaterial;
import dev.embeddedcluster.junit.RedisCluster;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RLock;
import org.redisson.api.RMap;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

import java.net.MalformedURLException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redisson in cluster mode over TLS: the {@code rediss://} seeds, the trust store and, as Redis's
 * default {@code tls-auth-clients yes} asks, the client key store; Redisson checks the nodes' host
 * names. Its locks and maps are scripts and pub/sub, all over TLS.
 */
@RedisCluster(tls = true, replication = ReplicationMode.SYNCHRONOUS)
class RedissonTlsExampleTest {

    static RedissonClient connect(List<URI> seeds, TlsMaterial tls, boolean clientCertificate) throws MalformedURLException {
        Config config = new Config();
        config.setCodec(StringCodec.INSTANCE);
        config.setSslTruststore(tls.trustStoreFile().toUri().toURL());
        config.setSslTruststorePassword(tls.storePassword());
        if (clientCertificate) {
            config.setSslKeystore(tls.clientKeyStoreFile().toUri().toURL());
            config.setSslKeystorePassword(tls.storePassword());
        }
        config.useClusterServers().setNodeAddresses(seeds.stream().map(URI::toString).toList());
        return Redisson.create(config);
    }

    @Test
    void accountsAreLockedAndUpdatedWithAClientCertificate(List<URI> seeds, TlsMaterial tls) throws Exception {
        assertThat(seeds).allSatisfy(seed -> assertThat(seed.getScheme()).isEqualTo("rediss"));
        RedissonClient redisson = connect(seeds, tls, true);
        try {
            RMap<String, String> balances = redisson.getMap("balances");
            for (int i = 0; i < 20; i++) {
                redisson.<String>getBucket("account:" + i).set("open");
            }
            RLock lock = redisson.getLock("account:7:lock");
            assertThat(lock.tryLock(5, 10, TimeUnit.SECONDS)).isTrue();
            try {
                balances.put("account:7", "100");
                balances.addAndGet("account:7", 25);
            } finally {
                lock.unlock();
            }
            assertThat(balances.get("account:7")).isEqualTo("125");
            assertThat(redisson.<String>getBucket("account:19").get()).isEqualTo("open");
            assertThat(redisson.getKeys().count()).isEqualTo(21);
        } finally {
            redisson.shutdown();
        }
    }

    /** With {@code tls-auth-clients no} Redisson needs only the trust store. */
    @Nested
    @RedisCluster(tls = true, tlsAuthClients = TlsAuthClients.NO, replication = ReplicationMode.SYNCHRONOUS)
    class WithoutClientCertificates {
        @Test
        void theTrustStoreAloneIsEnough(List<URI> seeds, TlsMaterial tls) throws Exception {
            RedissonClient redisson = connect(seeds, tls, false);
            try {
                redisson.getAtomicLong("orders:next-id").set(41);
                assertThat(redisson.getAtomicLong("orders:next-id").incrementAndGet()).isEqualTo(42);
                redisson.getSet("{tags}:a").add("x");
                assertThat(redisson.getSet("{tags}:a").contains("x")).isTrue();
            } finally {
                redisson.shutdown();
            }
        }
    }
}
