package dev.embeddedcluster.examples.tls;

import dev.embeddedcluster.TlsAuthClients;
import dev.embeddedcluster.TlsMaterial;
import dev.embeddedcluster.junit.RedisCluster;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.SslVerifyMode;
import redis.clients.jedis.exceptions.JedisClusterOperationException;
import redis.clients.jedis.exceptions.JedisConnectionException;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Jedis on a TLS cluster through its {@code SslOptions}: the trust store and, for Redis's default
 * {@code tls-auth-clients yes}, the client key store, both PKCS#12 files the extension hands out;
 * host names are verified.
 */
@RedisCluster(tls = true)
class JedisTlsExampleTest {

    private static JedisClientConfig config(TlsMaterial tls, boolean clientCertificate) {
        SslOptions.Builder ssl = SslOptions.builder()
                .truststore(tls.trustStoreFile().toFile(), tls.storePassword().toCharArray())
                .sslVerifyMode(SslVerifyMode.FULL);
        if (clientCertificate) {
            ssl.keystore(tls.clientKeyStoreFile().toFile(), tls.storePassword().toCharArray());
        }
        return DefaultJedisClientConfig.builder().sslOptions(ssl.build()).build();
    }

    @Test
    void stockIsCountedOnEveryMasterWithAClientCertificate(List<String> seeds, TlsMaterial tls) {
        try (JedisCluster jedis = new JedisCluster(Set.of(HostAndPort.from(seeds.get(0))), config(tls, true))) {
            for (int i = 0; i < 60; i++) {
                jedis.set("stock:" + i, Integer.toString(i));
            }
            assertThat(jedis.incrBy("stock:41", 9)).isEqualTo(50);
            assertThat(jedis.get("stock:59")).isEqualTo("59");
            assertThat(jedis.getClusterNodes()).hasSize(6);
            assertThat(jedis.lpush("{orders}:new", "a", "b")).isEqualTo(2);
            assertThat(jedis.lmove("{orders}:new", "{orders}:done",
                    redis.clients.jedis.args.ListDirection.RIGHT, redis.clients.jedis.args.ListDirection.LEFT)).isEqualTo("a");
        }
    }

    @Test
    void aClientWithoutCertificateIsRefused(List<String> seeds, TlsMaterial tls) {
        assertThatThrownBy(() -> {
            try (JedisCluster jedis = new JedisCluster(Set.of(HostAndPort.from(seeds.get(0))), config(tls, false))) {
                jedis.get("anything");
            }
        }).isInstanceOf(JedisClusterOperationException.class).hasMessage("Could not initialize cluster slots cache.")
                .satisfies(failure -> assertThat(failure.getSuppressed())
                        .anySatisfy(refused -> assertThat(refused).isInstanceOf(JedisConnectionException.class)));
    }

    /** {@code tls-auth-clients optional}: a certificate is checked when given, not required. */
    @Nested
    @RedisCluster(tls = true, tlsAuthClients = TlsAuthClients.OPTIONAL)
    class ClientCertificatesOptional {
        @Test
        void withOrWithoutTheClientCertificate(List<String> seeds, TlsMaterial tls) {
            for (boolean withCertificate : List.of(true, false)) {
                try (JedisCluster jedis = new JedisCluster(Set.of(HostAndPort.from(seeds.get(0))), config(tls, withCertificate))) {
                    jedis.set("visits:" + withCertificate, "1");
                    assertThat(jedis.incr("visits:" + withCertificate)).isEqualTo(2);
                }
            }
        }
    }
}
