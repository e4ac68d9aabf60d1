package dev.embeddedcluster.examples.readme;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The README shows these test classes exactly as they are here, where they run. */
class ReadmeSnippetsTest {
    private static final Path README = Path.of("..", "README.md");
    private static final Path HERE = Path.of("src", "test", "java", "dev", "embeddedcluster", "examples", "readme");

    @ParameterizedTest
    @ValueSource(strings = {"JedisTest", "LettuceTest", "RedissonTest", "SpringTest", "ClusterViewTest", "NestedTest", "SessionExpiryTest", "MasterFailoverTest", "TlsTest"})
    void theReadmeShowsTheClassAsItRuns(String testClass) throws IOException {
        String source = Files.readString(HERE.resolve(testClass + ".java"));
        String snippet = source.substring(source.indexOf("@RedisCluster"));
        assertThat(Files.readString(README)).contains(snippet);
    }

    @ParameterizedTest
    @ValueSource(strings = {"CheckoutTest", "ProgrammaticCheckoutTest"})
    void theReadmeShowsTheClassWithItsImportsAsItRuns(String testClass) throws IOException {
        String source = Files.readString(HERE.resolve(testClass + ".java"));
        String snippet = source.substring(source.indexOf("import "));
        assertThat(Files.readString(README)).contains(snippet);
    }
}
