package dev.embeddedcluster.compat;

import io.lettuce.core.RedisClient;
import io.netty.util.Version;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** The versions Spring Boot 4.0's BOM chose are the ones on the test class path. */
class ResolvedVersionsTest {
    @Test
    void junitJupiter6() {
        assertThat(Test.class.getPackage().getImplementationVersion()).startsWith("6.");
    }

    @Test
    void lettuce7OnNetty42() {
        assertThat(RedisClient.class.getPackage().getImplementationVersion()).startsWith("7.");
        assertThat(Version.identify().get("netty-common").artifactVersion()).startsWith("4.2.");
    }

    @Test
    void jedis7() throws IOException {
        Properties pom = new Properties();
        try (InputStream in = Jedis.class.getResourceAsStream("/META-INF/maven/redis.clients/jedis/pom.properties")) {
            pom.load(in);
        }
        assertThat(pom.getProperty("version")).startsWith("7.");
    }
}
