package dev.embeddedcluster.compat;

import io.netty.util.Version;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** The user's own JUnit and Netty are the ones on the test class path, not anything of ours. */
class ResolvedVersionsTest {
    @Test
    void junitJupiterIsTheUsers511() {
        assertThat(Test.class.getPackage().getImplementationVersion()).startsWith("5.11.");
    }

    @Test
    void nettyIsRedissons41() {
        assertThat(Version.identify().get("netty-common").artifactVersion()).startsWith("4.1.");
    }

    @Test
    void jedis5() throws IOException {
        Properties pom = new Properties();
        try (InputStream in = Jedis.class.getResourceAsStream("/META-INF/maven/redis.clients/jedis/pom.properties")) {
            pom.load(in);
        }
        assertThat(pom.getProperty("version")).startsWith("5.");
    }
}
