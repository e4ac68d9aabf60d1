package dev.embeddedcluster.junit;

import dev.embeddedcluster.TlsAuthClients;
import dev.embeddedcluster.TlsMaterial;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

/** {@link RedisCluster#tls()} and {@link RedisCluster#tlsAuthClients()}: rediss:// seeds and the injected {@link TlsMaterial}. */
class TlsOptionTest {
    static final Map<String, Object> SEEN = new ConcurrentHashMap<>();

    @AfterEach
    void forget() {
        SEEN.clear();
    }

    private static EngineExecutionResults run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute();
    }

    @RedisCluster(masters = 1, replicasPerMaster = 0, tls = true, tlsAuthClients = TlsAuthClients.OPTIONAL)
    static class OnTls {
        @InjectCluster
        TlsMaterial field;

        @Test
        void seesTheMaterial(List<URI> seeds, TlsMaterial tls) {
            SEEN.put("schemes", seeds.stream().map(URI::getScheme).toList());
            SEEN.put("same", tls == field);
            SEEN.put("ca", tls.caFile().toFile().isFile());
            SEEN.put("spring", SpringClusterProperties.tlsProperties(tls));
            SEEN.put("caPath", tls.caFile().toUri().toString());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTlsClusterHandsOutRedissSeedsAndItsTrustMaterial() {
        run(OnTls.class).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        assertThat(SEEN.get("schemes")).isEqualTo(List.of("rediss"));
        assertThat(SEEN.get("same")).isEqualTo(true);
        assertThat(SEEN.get("ca")).isEqualTo(true);
        assertThat((Map<String, Object>) SEEN.get("spring")).containsEntry("spring.data.redis.ssl.bundle", "embedded-redis-cluster")
                .containsEntry("spring.ssl.bundle.pem.embedded-redis-cluster.truststore.certificate", SEEN.get("caPath"))
                .containsKeys("spring.ssl.bundle.pem.embedded-redis-cluster.keystore.certificate",
                        "spring.ssl.bundle.pem.embedded-redis-cluster.keystore.private-key");
    }

    @RedisCluster(masters = 1, replicasPerMaster = 0)
    static class Plain {
        @Test
        void asksForTheMaterial(TlsMaterial tls) {
        }
    }

    @Test
    void aPlainClusterHasNoTrustMaterialToInject() {
        run(Plain.class).testEvents().assertThatEvents().haveExactly(1, event(finishedWithFailure(
                message(m -> m.contains("the cluster runs without TLS")))));
    }
}
