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
    void junitJupiterIsTheUsers6() {
        assertThat(Test.class.getPackage().getImplementationVersion()).startsWith("6.0.");
    }

    @Test
    void nettyIsRedissons42() {
        assertThat(Version.identify().get("netty-common").artifactVersion()).startsWith("4.2.");
    }

    @Test
    void jedis8() throws IOException {
        Properties pom = new Properties();
        try (InputStream in = Jedis.class.getResourceAsStream("/META-INF/maven/redis.clients/jedis/pom.properties")) {
            pom.load(in);
        }
        assertThat(pom.getProperty("version")).startsWith("8.");
    }
}
