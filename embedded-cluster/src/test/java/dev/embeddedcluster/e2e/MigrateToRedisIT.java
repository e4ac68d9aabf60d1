package dev.embeddedcluster.e2e;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.testing.ConfiguredRedisServer;
import dev.embeddedcluster.testing.RespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MIGRATE between one of our masters and a real redis-server (not in cluster mode, with a
 * password): every type moves both ways with its TTL, and KEYS, COPY, REPLACE, AUTH and AUTH2
 * behave, and fail, as Redis's own MIGRATE does.
 */
@Tag("live") // needs redis-server 7.0: runs with -Dcompare.live=true
class MigrateToRedisIT {
    private static final String PASSWORD = "s3cret";
    private static EmbeddedRedisCluster cluster;
    private static ClusterNode master;
    private static ConfiguredRedisServer redis;

    @BeforeAll
    static void start() throws Exception {
        cluster = EmbeddedRedisCluster.builder().masters(1).replicasPerMaster(0).build().start();
        master = cluster.masters().get(0);
        redis = ConfiguredRedisServer.start(null, "--requirepass", PASSWORD);
        try (RespClient real = redis.connect()) {
            assertThat(real.call("ACL", "SETUSER", "mover", "on", ">moverpw", "~*", "+@all")).isEqualTo("+OK\r\n");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
        redis.close();
    }

    @BeforeEach
    void empty() {
        try (RespClient ours = ours(); RespClient real = redis.connect()) {
            ours.call("FLUSHALL");
            real.call("FLUSHALL");
        }
    }

    private static RespClient ours() {
        return new RespClient(master.host(), master.port());
    }

    private static String port() {
        return Integer.toString(redis.port());
    }

    /** Migrates with KEYS (names with one hash tag: one slot) and returns the reply. */
    private static String migrateKeys(RespClient ours, List<String> keys, String... options) {
        List<String> command = new ArrayList<>(List.of("MIGRATE", "127.0.0.1", port(), "", "0", "5000"));
        command.addAll(List.of(options));
        command.add("KEYS");
        command.addAll(keys);
        return ours.call(command.toArray(String[]::new));
    }

    @Test
    void movesEveryTypeToARealServer() {
        try (RespClient ours = ours(); RespClient real = redis.connect()) {
            List<String> keys = KeyContents.fill(ours, "{m}");
            List<String> before = keys.stream().map(k -> KeyContents.of(ours, k)).toList();
            assertThat(migrateKeys(ours, keys, "AUTH", PASSWORD)).isEqualTo("+OK\r\n");
            assertThat(keys.stream().map(k -> KeyContents.of(real, k)).toList()).isEqualTo(before);
            assertThat(ours.call("DBSIZE")).isEqualTo(":0\r\n");
            assertThat(Long.parseLong(real.call("PTTL", "{m}ttl").trim().substring(1))).isBetween(3_500_000L, 3_600_000L);
        }
    }

    @Test
    void copyReplaceAndAuthVariants() {
        try (RespClient ours = ours(); RespClient real = redis.connect()) {
            ours.call("SET", "{v}a", "ours");
            ours.call("SET", "{v}b", "also ours");
            real.call("SET", "{v}a", "theirs");
            // The connection to 127.0.0.1 may be cached from another test, authenticated as Redis's would
            // stay: another name for the host is another cached connection, a new one.
            assertThat(ours.call("MIGRATE", "localhost", port(), "", "0", "5000", "COPY", "KEYS", "{v}a", "{v}b"))
                    .isEqualTo("-ERR Target instance replied with error: NOAUTH Authentication required.\r\n");
            assertThat(ours.call("MIGRATE", "localhost", port(), "", "0", "5000", "COPY", "AUTH", "wrong", "KEYS", "{v}a", "{v}b"))
                    .isEqualTo("-ERR Target instance replied with error: WRONGPASS invalid username-password pair or user is disabled.\r\n");
            assertThat(migrateKeys(ours, List.of("{v}a", "{v}b"), "COPY", "AUTH2", "mover", "moverpw"))
                    .isEqualTo("-ERR Target instance replied with error: BUSYKEY Target key name already exists.\r\n");
            // The key the target refused stays; the other one was copied, and COPY keeps it here too.
            assertThat(real.call("GET", "{v}a")).isEqualTo("$6\r\ntheirs\r\n");
            assertThat(real.call("GET", "{v}b")).isEqualTo("$9\r\nalso ours\r\n");
            assertThat(ours.call("EXISTS", "{v}a", "{v}b")).isEqualTo(":2\r\n");
            assertThat(migrateKeys(ours, List.of("{v}a", "{v}b"), "REPLACE", "AUTH2", "mover", "moverpw")).isEqualTo("+OK\r\n");
            assertThat(real.call("GET", "{v}a")).isEqualTo("$4\r\nours\r\n");
            assertThat(ours.call("EXISTS", "{v}a", "{v}b")).isEqualTo(":0\r\n");
            assertThat(ours.call("MIGRATE", "127.0.0.1", port(), "{v}a", "0", "5000", "AUTH", PASSWORD)).isEqualTo("+NOKEY\r\n");
        }
    }

    @Test
    void aRealServerMigratesToUs() {
        try (RespClient ours = ours(); RespClient real = redis.connect()) {
            List<String> keys = KeyContents.fill(real, "r:");
            List<String> before = keys.stream().map(k -> KeyContents.of(real, k)).toList();
            List<String> command = new ArrayList<>(List.of("MIGRATE", master.host(), Integer.toString(master.port()), "", "0",
                    "5000", "KEYS"));
            command.addAll(keys);
            assertThat(real.call(command.toArray(String[]::new))).isEqualTo("+OK\r\n");
            assertThat(keys.stream().map(k -> KeyContents.of(ours, k)).toList()).isEqualTo(before);
            assertThat(real.call("DBSIZE")).isEqualTo(":0\r\n");
            real.call("SET", "r:string", "again");
            assertThat(real.call("MIGRATE", master.host(), Integer.toString(master.port()), "r:string", "0", "5000"))
                    .isEqualTo("-ERR Target instance replied with error: BUSYKEY Target key name already exists.\r\n");
        }
    }

    /**
     * AUTH2 authenticates Redis's MIGRATE as one of our ACL users, whose key patterns then decide
     * which keys it may restore. Deleting the user closes the connection Redis cached, which Redis
     * then opens again for the other tests.
     */
    @Test
    void aRealServerMigratesToUsAsAnAclUser() {
        try (RespClient ours = ours(); RespClient real = redis.connect()) {
            assertThat(ours.call("ACL", "SETUSER", "importer", "on", ">imppw", "~imp:*", "+@all")).isEqualTo("+OK\r\n");
            try {
                real.call("SET", "imp:a", "1");
                real.call("SET", "other", "2");
                String port = Integer.toString(master.port());
                assertThat(real.call("MIGRATE", master.host(), port, "imp:a", "0", "5000", "AUTH2", "importer", "imppw"))
                        .isEqualTo("+OK\r\n");
                assertThat(ours.call("GET", "imp:a")).isEqualTo("$1\r\n1\r\n");
                assertThat(real.call("MIGRATE", master.host(), port, "other", "0", "5000", "AUTH2", "importer", "imppw"))
                        .isEqualTo("-ERR Target instance replied with error: "
                                + "NOPERM this user has no permissions to access one of the keys used as arguments\r\n");
                assertThat(real.call("MIGRATE", master.host(), port, "other", "0", "5000", "AUTH2", "importer", "wrong"))
                        .isEqualTo("-ERR Target instance replied with error: "
                                + "WRONGPASS invalid username-password pair or user is disabled.\r\n");
                assertThat(real.call("GET", "other")).isEqualTo("$1\r\n2\r\n");
                assertThat(ours.call("EXISTS", "other")).isEqualTo(":0\r\n");
            } finally {
                ours.call("ACL", "DELUSER", "importer");
            }
        }
    }

    @Test
    void insideATransactionMigrateTalksToTheTargetAtOnce() {
        try (RespClient ours = ours(); RespClient real = redis.connect()) {
            ours.call("SET", "{x}a", "1");
            assertThat(ours.call("MULTI")).isEqualTo("+OK\r\n");
            assertThat(ours.call("MIGRATE", "127.0.0.1", port(), "{x}a", "0", "5000", "COPY", "AUTH", PASSWORD))
                    .isEqualTo("+QUEUED\r\n");
            assertThat(ours.call("GET", "{x}a")).isEqualTo("+QUEUED\r\n");
            assertThat(ours.call("EXEC")).isEqualTo("*2\r\n+OK\r\n$1\r\n1\r\n");
            assertThat(real.call("GET", "{x}a")).isEqualTo("$1\r\n1\r\n");
        }
    }
}
