package dev.embeddedcluster.examples.acl;

import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.junit.RedisCluster;
import io.lettuce.core.ReadFrom;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Lettuce over RESP3 (HELLO 3 AUTH app ...) as a user restricted to the {@code app:} keys and to
 * reads, writes and connection commands. Beyond those, Lettuce needs CLUSTER NODES alone (its
 * topology); it also asks each node for INFO and CLUSTER MYID, and works on when those are
 * refused, as they are here (INFO is {@code @dangerous}, as in Redis), each refusal an ACL LOG
 * entry. Reading from replicas needs READONLY, a {@code @connection} command.
 */
@RedisCluster(password = "admin-pw", users = "app app-pw ~app:* +@read +@write +@connection -@dangerous +cluster|nodes")
class LettuceRestrictedUserTest {
    private static RedisClusterClient client;
    private static StatefulRedisClusterConnection<String, String> connection;

    @BeforeAll
    static void connect(EmbeddedRedisCluster cluster) {
        client = RedisClusterClient.create(RedisURI.create(cluster.seedUris("app", "app-pw").get(0)));
        connection = client.connect();
    }

    @AfterAll
    static void disconnect() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    @Test
    void readsAndWritesItsOwnKeysOnMastersAndReplicas() {
        RedisAdvancedClusterCommands<String, String> sync = connection.sync();
        sync.set("app:{1}:cart", "3");
        sync.hset("app:{2}:user", Map.of("name", "ada"));
        assertThat(sync.incr("app:{3}:visits")).isEqualTo(1);
        assertThat(sync.get("app:{1}:cart")).isEqualTo("3");
        // WAIT, a @connection command, on the key's master: the write is on its replica before it is read there
        String master = client.getPartitions().getPartitionBySlot(SlotHash.getSlot("app:{1}:cart")).getNodeId();
        assertThat(connection.getConnection(master).sync().waitForReplication(1, 1000)).isEqualTo(1);
        try (StatefulRedisClusterConnection<String, String> replicas = client.connect()) {
            replicas.setReadFrom(ReadFrom.REPLICA);
            assertThat(replicas.sync().get("app:{1}:cart")).isEqualTo("3");
        }
    }

    @Test
    void aKeyOutsideItsPatternIsRefused() {
        assertThatThrownBy(() -> connection.sync().set("billing:1", "x"))
                .isInstanceOf(RedisCommandExecutionException.class)
                .hasMessage("NOPERM this user has no permissions to access one of the keys used as arguments");
    }

    @Test
    void aDangerousCommandIsRefused() {
        connection.sync().rpush("app:list", "b", "a");
        assertThatThrownBy(() -> connection.sync().sort("app:list"))
                .isInstanceOf(RedisCommandExecutionException.class)
                .hasMessage("NOPERM this user has no permissions to run the 'sort' command");
    }
}
