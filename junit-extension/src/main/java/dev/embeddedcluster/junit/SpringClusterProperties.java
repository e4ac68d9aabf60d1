package dev.embeddedcluster.junit;

import dev.embeddedcluster.TlsMaterial;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.commons.support.AnnotationSupport;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Gives the Spring application context of a test class that runs on a cluster of this extension
 * the cluster's addresses as {@value #NODES} (what Spring Boot's Redis support reads), in the
 * context's own environment rather than in system properties, so that classes running in
 * parallel each see their own cluster. Spring finds this factory through
 * {@code META-INF/spring.factories}; without Spring on the class path it is never loaded.
 *
 * <p>Contexts are cached by Spring per cluster: classes sharing one (lifecycle PER_RUN, or an
 * external cluster) share the context too.
 */
public final class SpringClusterProperties implements ContextCustomizerFactory {
    /** The property Spring Boot reads the seed nodes of a Redis Cluster from. */
    public static final String NODES = "spring.data.redis.cluster.nodes";
    /** The name of the SSL bundle a TLS cluster's certificates are given to Spring Boot as. */
    public static final String SSL_BUNDLE = "embedded-redis-cluster";

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> attributes) {
        return usesCluster(testClass) ? new Customizer(testClass, ClassClusters.of(testClass)) : null;
    }

    private static boolean usesCluster(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            if (AnnotationSupport.isAnnotated(c, RedisCluster.class)
                    || AnnotationSupport.findRepeatableAnnotations(c, ExtendWith.class).stream()
                    .anyMatch(e -> Arrays.asList(e.value()).contains(RedisClusterExtension.class))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A TLS cluster's CA and client certificate as Spring Boot's PEM SSL bundle {@value #SSL_BUNDLE},
     * which its Redis support then uses.
     */
    static Map<String, Object> tlsProperties(TlsMaterial tls) {
        String bundle = "spring.ssl.bundle.pem." + SSL_BUNDLE + ".";
        Map<String, Object> properties = new java.util.LinkedHashMap<>();
        properties.put("spring.data.redis.ssl.enabled", "true");
        properties.put("spring.data.redis.ssl.bundle", SSL_BUNDLE);
        properties.put(bundle + "truststore.certificate", tls.caFile().toUri().toString());
        try {
            properties.put(bundle + "keystore.certificate", tls.clientCertificateFile().toUri().toString());
            properties.put(bundle + "keystore.private-key", tls.clientKeyFile().toUri().toString());
        } catch (IllegalStateException givenCertificates) {
            // no client certificate on the user's own certificates
        }
        return properties;
    }

    /**
     * Adds the property when the context is built, after the extension started the cluster.
     * Equal (for Spring's context cache) when it stands for the same cluster; when the cluster
     * was not started yet as Spring asked (the extension comes after Spring's), per test class.
     */
    private static final class Customizer implements ContextCustomizer {
        private final Class<?> testClass;
        private final Object identity;

        Customizer(Class<?> testClass, ClusterResource known) {
            this.testClass = testClass;
            this.identity = known != null ? known : testClass;
        }

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            ClusterResource resource = ClassClusters.of(testClass);
            if (resource == null) {
                throw new IllegalStateException("no Redis cluster is running for " + testClass.getName()
                        + ": a Spring context needs a cluster that lives as long as the class (lifecycle PER_CLASS "
                        + "or PER_RUN), not one per test method");
            }
            Map<String, Object> properties = new java.util.LinkedHashMap<>();
            properties.put(NODES, String.join(",", resource.seeds()));
            TlsMaterial tls = resource.tlsOrNull();
            if (tls != null) {
                properties.putAll(tlsProperties(tls));
            }
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("embedded Redis cluster", properties));
            // Spring caches the context, but no later class can ask for this cluster again: its
            // clients would only keep trying to reach closed ports.
            resource.closeBeforeCluster(context::close);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Customizer c && c.identity.equals(identity);
        }

        @Override
        public int hashCode() {
            return Objects.hash(identity);
        }
    }
}
