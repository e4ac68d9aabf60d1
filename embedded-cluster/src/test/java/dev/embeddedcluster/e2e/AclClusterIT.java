package dev.embeddedcluster.e2e;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.testing.RespClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.exceptions.JedisAccessControlException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A cluster whose default user has a password and whose "app" user may touch only app:* keys, through real clients. */
class AclClusterIT {
    private static EmbeddedRedisCluster cluster;

    @BeforeAll
    static void start() {
        cluster = EmbeddedRedisCluster.builder().password("admin-secret")
                .user("app", "app secret", "~app:*", "&app:*", "+@all", "-@dangerous", "+cluster|nodes", "+cluster|slots")
                .build().start();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void everyNodeHasTheUsersAndRefusesStrangers() {
        for (ClusterNode node : cluster.nodes()) {
            try (RespClient client = new RespClient(node.host(), node.port())) {
                assertThat(client.call("GET", "k")).isEqualTo("-NOAUTH Authentication required.\r\n");
                assertThat(client.call("AUTH", "app", "wrong"))
                        .isEqualTo("-WRONGPASS invalid username-password pair or user is disabled.\r\n");
                assertThat(client.call("AUTH", "app", "app secret")).isEqualTo("+OK\r\n");
                assertThat(client.call("ACL", "WHOAMI")).isEqualTo("$3\r\napp\r\n");
                assertThat(client.call("AUTH", "admin-secret")).isEqualTo("+OK\r\n");
                assertThat(client.call("ACL", "USERS")).isEqualTo("*2\r\n$3\r\napp\r\n$7\r\ndefault\r\n");
            }
        }
    }

    @Test
    void lettuceConnectsAsTheRestrictedUserFromTheSeedUri() {
        RedisClusterClient client = RedisClusterClient.create(RedisURI.create(cluster.seedUris("app", "app secret").get(0).toString()));
        try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
            for (int i = 0; i < 20; i++) {
                connection.sync().set("app:" + i, "v" + i);
            }
            assertThat(connection.sync().get("app:7")).isEqualTo("v7");
            assertThatThrownBy(() -> connection.sync().set("other", "v"))
                    .isInstanceOf(RedisCommandExecutionException.class)
                    .hasMessage("NOPERM this user has no permissions to access one of the keys used as arguments");
            assertThatThrownBy(() -> connection.sync().flushall())
                    .hasMessage("NOPERM this user has no permissions to run the 'flushall' command");
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Test
    void jedisConnectsAsTheRestrictedUser() {
        Set<HostAndPort> seeds = cluster.nodes().stream().map(n -> new HostAndPort(n.host(), n.port())).collect(Collectors.toSet());
        try (JedisCluster jedis = new JedisCluster(seeds, DefaultJedisClientConfig.builder().user("app").password("app secret").build())) {
            jedis.set("app:{x}", "1");
            assertThat(jedis.get("app:{x}")).isEqualTo("1");
            assertThatThrownBy(() -> jedis.get("secret")).isInstanceOf(JedisAccessControlException.class)
                    .hasMessage("NOPERM this user has no permissions to access one of the keys used as arguments");
        }
        Set<HostAndPort> one = Set.of(seeds.iterator().next());
        assertThatThrownBy(() -> new JedisCluster(one, DefaultJedisClientConfig.builder().user("app").password("bad").build()).get("app:1"))
                .satisfies(e -> assertThat(e.getSuppressed()).anySatisfy(s -> assertThat(s)
                        .isInstanceOf(JedisAccessControlException.class)
                        .hasMessage("WRONGPASS invalid username-password pair or user is disabled.")));
    }

    @Test
    void restoreConfigPutsTheConfiguredUsersBack() {
        ClusterNode node = cluster.nodes().get(0);
        try (RespClient client = new RespClient(node.host(), node.port())) {
            client.call("AUTH", "admin-secret");
            assertThat(client.call("ACL", "SETUSER", "temp", "on")).isEqualTo("+OK\r\n");
            assertThat(client.call("ACL", "SETUSER", "app", "-get")).isEqualTo("+OK\r\n");
            assertThat(client.call("CONFIG", "SET", "requirepass", "changed")).isEqualTo("+OK\r\n");
        }
        cluster.restoreConfig();
        try (RespClient client = new RespClient(node.host(), node.port())) {
            assertThat(client.call("AUTH", "admin-secret")).isEqualTo("+OK\r\n");
            assertThat(client.call("ACL", "USERS")).isEqualTo("*2\r\n$3\r\napp\r\n$7\r\ndefault\r\n");
            assertThat(client.call("ACL", "DRYRUN", "app", "get", "app:1")).isEqualTo("+OK\r\n");
        }
    }

    @Test
    void aclSaveAndLoadUseTheConfiguredFile(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("users.acl");
        try (EmbeddedRedisCluster small = EmbeddedRedisCluster.builder().masters(1).replicasPerMaster(0).aclFile(file).build().start();
             RespClient client = new RespClient(small.nodes().get(0).host(), small.nodes().get(0).port())) {
            assertThat(client.call("CONFIG", "GET", "aclfile")).isEqualTo("*2\r\n$7\r\naclfile\r\n$" + file.toString().length()
                    + "\r\n" + file + "\r\n");
            assertThat(client.call("ACL", "LOAD")).isEqualTo("-ERR Error loading ACLs, opening file '" + file
                    + "': No such file or directory\r\n");
            client.call("ACL", "SETUSER", "saved", "on", ">pw", "~s*", "+get", "(+set ~t*)");
            assertThat(client.call("ACL", "SAVE")).isEqualTo("+OK\r\n");
            assertThat(Files.readAllLines(file)).containsExactly(
                    "user default on nopass ~* &* +@all",
                    "user saved on #30c952fab122c3f9759f02a6d95c3758b246b4fee239957b2d4fee46e26170c4 ~s* resetchannels -@all +get"
                            + " (~t* resetchannels -@all +set)");
            client.call("ACL", "DELUSER", "saved");
            assertThat(client.call("ACL", "LOAD")).isEqualTo("+OK\r\n");
            assertThat(client.call("ACL", "DRYRUN", "saved", "set", "t1", "v")).isEqualTo("+OK\r\n");
            Files.writeString(file, "user bad on +nosuch\nnonsense\n");
            assertThat(client.call("ACL", "LOAD")).isEqualTo("-ERR " + file + ":1: Unknown command or category name in ACL. "
                    + file + ":2 should start with user keyword followed by the username. "
                    + "WARNING: ACL errors detected, no change to the previously active ACL rules was performed\r\n");
            assertThat(client.call("ACL", "USERS")).isEqualTo("*2\r\n$7\r\ndefault\r\n$5\r\nsaved\r\n");
            assertThat(client.call("CONFIG", "SET", "aclfile", "/tmp/x")).startsWith("-ERR CONFIG SET failed");
        }
        Files.writeString(file, "user default on >pw ~* &* +@all\nuser app on >app-pw ~app:* +@read\n");
        try (EmbeddedRedisCluster fromFile = EmbeddedRedisCluster.builder().masters(1).replicasPerMaster(0).aclFile(file).build().start();
             RespClient client = new RespClient(fromFile.nodes().get(0).host(), fromFile.nodes().get(0).port())) {
            assertThat(client.call("GET", "k")).isEqualTo("-NOAUTH Authentication required.\r\n");
            assertThat(client.call("AUTH", "app", "app-pw")).isEqualTo("+OK\r\n");
            assertThat(client.call("ACL", "USERS")).isEqualTo("-NOPERM this user has no permissions to run the 'acl|users' command\r\n");
            assertThat(client.call("AUTH", "pw")).isEqualTo("+OK\r\n");
            assertThat(client.call("ACL", "USERS")).isEqualTo("*2\r\n$3\r\napp\r\n$7\r\ndefault\r\n");
        }
        assertThatThrownBy(() -> EmbeddedRedisCluster.builder().aclFile(file).user("x", "y").build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Replication does not authenticate: a replica follows its master whatever the users. */
    @Test
    void replicasFollowTheirMastersWhateverTheUsers() {
        String key = "app:replicated";
        ClusterNode owner = cluster.masterForKey(key);
        try (RespClient client = new RespClient(owner.host(), owner.port())) {
            client.call("AUTH", "app", "app secret");
            assertThat(client.call("SET", key, "v")).isEqualTo("+OK\r\n");
            assertThat(client.call("WAIT", "1", "2000")).isEqualTo(":1\r\n");
        }
        ClusterNode replica = cluster.replicasOf(owner).get(0);
        try (RespClient client = new RespClient(replica.host(), replica.port())) {
            client.call("AUTH", "app", "app secret");
            client.call("READONLY");
            assertThat(client.call("GET", key)).isEqualTo("$1\r\nv\r\n");
        }
    }
}
