package dev.embeddedcluster.compat;

import io.netty.util.Version;
import org.junit.jupiter.api.Test;

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
}
