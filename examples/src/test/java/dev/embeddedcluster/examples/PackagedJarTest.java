package dev.embeddedcluster.examples;

import dev.embeddedcluster.EmbeddedRedisCluster;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded-cluster jar as users receive it (in this reactor's verify, the packaged jar, not
 * the compiled classes): Netty and LuaJ only in relocated form, the runnable entry point, and the
 * native transport still loading after relocation. Lettuce and Redisson on this class path run
 * on their own, unrelocated Netty beside it.
 */
class PackagedJarTest {
    private static final String SHADED = "dev/embeddedcluster/shaded/";

    @Test
    void bundlesNettyAndLuajOnlyRelocated() throws Exception {
        try (JarFile jar = packagedJar()) {
            List<String> names = jar.stream().map(JarEntry::getName).toList();
            assertThat(names).noneMatch(name -> name.startsWith("io/netty/") || name.startsWith("org/luaj/"))
                    .noneMatch(name -> name.endsWith(".class") && !name.contains("/"))
                    .noneMatch(name -> name.startsWith("META-INF/services/"))
                    .anyMatch(name -> name.startsWith(SHADED + "io/netty/channel/epoll/"))
                    .anyMatch(name -> name.startsWith(SHADED + "org/luaj/vm2/"))
                    .contains("META-INF/native/libdev_embeddedcluster_shaded_netty_transport_native_epoll_x86_64.so",
                            "META-INF/native/libdev_embeddedcluster_shaded_netty_transport_native_epoll_aarch_64.so",
                            "META-INF/LICENSE", "META-INF/NOTICE");
            Attributes manifest = jar.getManifest().getMainAttributes();
            assertThat(manifest.getValue("Main-Class")).isEqualTo("dev.embeddedcluster.StandaloneMain");
            assertThat(manifest.getValue("Automatic-Module-Name")).isEqualTo("dev.embeddedcluster");
        }
    }

    @Test
    void nodesServeOnEpollWhereTheRelocatedNativeLibraryLoads() {
        try (EmbeddedRedisCluster cluster = EmbeddedRedisCluster.builder().masters(1).replicasPerMaster(0).build().start();
             Jedis jedis = new Jedis(cluster.nodes().get(0).host(), cluster.nodes().get(0).port())) {
            assertThat(jedis.info("server")).contains("multiplexing_api:" + expectedTransport() + "\r\n");
            assertThat(jedis.eval("return redis.call('set', KEYS[1], ARGV[1])", List.of("k"), List.of("v"))).isEqualTo("OK");
        }
    }

    /** epoll on Linux x86_64 and aarch64 up to JDK 23, where loading a native library is quiet; NIO elsewhere. */
    private static String expectedTransport() {
        String arch = System.getProperty("os.arch");
        boolean linux = System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("linux");
        boolean shipped = arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64");
        return linux && shipped && Runtime.version().feature() < 24 ? "epoll" : "nio";
    }

    private static JarFile packagedJar() throws IOException, URISyntaxException {
        Path location = Path.of(EmbeddedRedisCluster.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertThat(Files.isRegularFile(location))
                .as("embedded-cluster comes from %s; run `./mvnw verify`, which tests the packaged jar", location)
                .isTrue();
        return new JarFile(location.toFile());
    }
}
