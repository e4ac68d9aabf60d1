package dev.embeddedcluster.e2e;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.keyspace.rdb.RdbFile;
import dev.embeddedcluster.keyspace.rdb.RdbKey;
import dev.embeddedcluster.keyspace.rdb.RdbVisitor;
import dev.embeddedcluster.testing.RespClient;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SAVE and BGSAVE write dbfilename in dir (by default a directory of the node's own, gone when the
 * cluster closes); BGSAVE writes the keyspace as it was when the command ran while the node serves on.
 */
class SaveIT {

    @Test
    void saveAndBgsaveWriteTheNodesKeysToItsDirectory() throws Exception {
        Path dir;
        try (EmbeddedRedisCluster cluster = EmbeddedRedisCluster.builder().masters(1).replicasPerMaster(0).build().start()) {
            ClusterNode node = cluster.masters().get(0);
            try (RespClient client = new RespClient(node.host(), node.port())) {
                dir = Path.of(client.call("CONFIG", "GET", "dir").split("\r\n")[4]);
                assertThat(client.call("CONFIG", "GET", "dbfilename")).endsWith("dump.rdb\r\n");
                for (int i = 0; i < 1000; i++) {
                    client.call("SET", "key:" + i, "value " + i);
                }
                client.call("HSET", "hash", "f", "v");
                client.call("SET", "ttl", "x", "PX", "3600000");
                String library = "#!lua name=saved\nredis.register_function('one', function() return 1 end)";
                assertThat(client.call("FUNCTION", "LOAD", library)).isEqualTo("$5\r\nsaved\r\n");
                assertThat(client.call("SAVE")).isEqualTo("+OK\r\n");
                assertThat(functions(dir.resolve("dump.rdb"))).containsExactly(library);
                Map<String, RdbKey> saved = read(dir.resolve("dump.rdb"));
                assertThat(saved).hasSize(1002);
                assertThat(new String((byte[]) saved.get("key:7").value(), StandardCharsets.UTF_8)).isEqualTo("value 7");
                assertThat(saved.get("ttl").expireAtMillis()).isGreaterThan(System.currentTimeMillis());
                assertThat(info(client, "rdb_changes_since_last_save")).isEqualTo("0");
                client.call("FUNCTION", "DELETE", "saved");

                for (int i = 0; i < 50_000; i++) {
                    client.send("SET", "bulk:" + i, "v".repeat(50));
                }
                for (int i = 0; i < 50_000; i++) {
                    client.readReply();
                }
                assertThat(client.call("BGSAVE")).isEqualTo("+Background saving started\r\n");
                client.call("SET", "after", "the snapshot");
                assertThat(client.call("PING")).isEqualTo("+PONG\r\n");
                await().atMost(Duration.ofSeconds(30)).until(() -> info(client, "rdb_bgsave_in_progress").equals("0"));
                assertThat(info(client, "rdb_last_bgsave_status")).isEqualTo("ok");
                assertThat(info(client, "rdb_changes_since_last_save")).isEqualTo("1");
                Map<String, RdbKey> background = read(dir.resolve("dump.rdb"));
                assertThat(background).hasSize(51_002).doesNotContainKey("after");
                assertThat(functions(dir.resolve("dump.rdb"))).isEmpty();
                assertThat(info(client, "rdb_saves")).isEqualTo("2");
            }
        }
        assertThat(dir).doesNotExist();
    }

    @Test
    void aSaveThatCannotBeWrittenFailsAsRedisReportsIt() throws Exception {
        try (EmbeddedRedisCluster cluster = EmbeddedRedisCluster.builder().masters(1).replicasPerMaster(0).build().start()) {
            ClusterNode node = cluster.masters().get(0);
            try (RespClient client = new RespClient(node.host(), node.port())) {
                Path dir = Path.of(client.call("CONFIG", "GET", "dir").split("\r\n")[4]);
                Files.writeString(dir, "a file where the directory should be");
                try {
                    client.call("SET", "k", "v");
                    assertThat(client.call("SAVE")).isEqualTo("-ERR\r\n");
                    assertThat(client.call("BGSAVE")).isEqualTo("+Background saving started\r\n");
                    await().atMost(Duration.ofSeconds(10)).until(() -> info(client, "rdb_bgsave_in_progress").equals("0"));
                    assertThat(info(client, "rdb_last_bgsave_status")).isEqualTo("err");
                    assertThat(info(client, "rdb_changes_since_last_save")).isEqualTo("1");
                } finally {
                    Files.delete(dir);
                }
                assertThat(client.call("SAVE")).isEqualTo("+OK\r\n");
                assertThat(info(client, "rdb_last_bgsave_status")).isEqualTo("ok");
            }
        }
    }

    private static Map<String, RdbKey> read(Path file) throws Exception {
        Map<String, RdbKey> keys = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(file)) {
            RdbFile.read(in, (db, key) -> keys.put(new String(key.key(), StandardCharsets.UTF_8), key));
        }
        return keys;
    }

    private static List<String> functions(Path file) throws Exception {
        List<String> codes = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            RdbFile.read(in, new RdbVisitor() {
                @Override
                public void function(byte[] code) {
                    codes.add(new String(code, StandardCharsets.UTF_8));
                }

                @Override
                public void key(int db, RdbKey key) {
                }
            });
        }
        return codes;
    }

    private static String info(RespClient client, String field) {
        return client.call("INFO", "persistence").lines().filter(line -> line.startsWith(field + ":"))
                .map(line -> line.substring(field.length() + 1)).findFirst().orElseThrow();
    }
}
