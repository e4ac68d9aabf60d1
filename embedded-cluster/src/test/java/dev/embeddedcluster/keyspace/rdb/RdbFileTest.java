package dev.embeddedcluster.keyspace.rdb;

import dev.embeddedcluster.keyspace.EncodingLimits;
import dev.embeddedcluster.keyspace.HashValue;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RdbFileTest {
    private static final EncodingLimits LIMITS = new EncodingLimits();

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] file(List<RdbKey> keys, boolean checksum) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RdbAux aux = RdbAux.standard(1_700_000_000L, 1_000_000, "0123456789012345678901234567890123456789", 0)
                .function(b("#!lua name=lib\nredis.register_function('f', function() return 1 end)"));
        RdbFile.write(out, RdbSnapshot.of(keys), aux, true, checksum);
        return out.toByteArray();
    }

    @Test
    void aFileReadsBackWithItsAuxFieldsFunctionsKeysAndExpiries() throws Exception {
        HashValue hash = new HashValue(LIMITS);
        hash.put(b("f"), b("v"));
        List<RdbKey> keys = List.of(new RdbKey(b("plain"), b("x".repeat(50)), RdbKey.NONE, RdbKey.NONE, -1),
                new RdbKey(b("expiring"), b("12"), 4_000_000_000_000L, RdbKey.NONE, -1),
                new RdbKey(b("hash"), hash, RdbKey.NONE, 30, -1));
        byte[] bytes = file(keys, true);
        assertThat(new String(bytes, 0, 9, StandardCharsets.US_ASCII)).isEqualTo("REDIS0010");
        Map<String, String> aux = new LinkedHashMap<>();
        List<RdbKey> read = new ArrayList<>();
        List<byte[]> functions = new ArrayList<>();
        RdbFile.read(new ByteArrayInputStream(bytes), new RdbVisitor() {
            @Override
            public void aux(String name, byte[] value) {
                aux.put(name, new String(value, StandardCharsets.UTF_8));
            }

            @Override
            public void function(byte[] code) {
                functions.add(code);
            }

            @Override
            public void key(int db, RdbKey key) {
                assertThat(db).isZero();
                read.add(key);
            }
        });
        assertThat(aux).containsKeys("redis-ver", "redis-bits", "ctime", "used-mem", "repl-stream-db", "repl-id",
                "repl-offset", "aof-base").containsEntry("redis-ver", "7.0.15").containsEntry("ctime", "1700000000");
        assertThat(functions).hasSize(1);
        assertThat(read).hasSize(3);
        assertThat((byte[]) read.get(0).value()).isEqualTo(b("x".repeat(50)));
        assertThat(read.get(1).expireAtMillis()).isEqualTo(4_000_000_000_000L);
        assertThat(read.get(2).idleSeconds()).isEqualTo(30);
        assertThat(((HashValue) read.get(2).value()).get(b("f"))).isEqualTo(b("v"));
    }

    @Test
    void readsAFileThatRedisWrote() throws Exception {
        Map<String, String> aux = new LinkedHashMap<>();
        Map<String, RdbKey> keys = new LinkedHashMap<>();
        try (var in = java.nio.file.Files.newInputStream(java.nio.file.Path.of("src/test/resources/rdb/seed-7.0.15.rdb"))) {
            RdbFile.read(in, new RdbVisitor() {
                @Override
                public void aux(String name, byte[] value) {
                    aux.put(name, new String(value, StandardCharsets.UTF_8));
                }

                @Override
                public void key(int db, RdbKey key) {
                    keys.put(new String(key.key(), StandardCharsets.UTF_8), key);
                }
            });
        }
        assertThat(aux).containsEntry("redis-ver", "7.0.15").containsEntry("redis-bits", "64").containsKeys("ctime", "used-mem");
        assertThat(keys).hasSize(209).containsKeys("user:0", "user:199", "list", "intset", "set", "zset", "hash", "stream");
        assertThat(keys.get("until2100").expireAtMillis()).isEqualTo(4_102_444_800_000L);
        assertThat(keys.get("gone").expireAtMillis()).isLessThan(System.currentTimeMillis());
        assertThat(((dev.embeddedcluster.keyspace.stream.StreamValue) keys.get("stream").value()).length()).isEqualTo(2);
        assertThat(((dev.embeddedcluster.keyspace.SetValue) keys.get("intset").value()).encoding()).isEqualTo("intset");
    }

    @Test
    void aDamagedFileIsRefused() throws Exception {
        byte[] bytes = file(List.of(new RdbKey(b("k"), b("v"), RdbKey.NONE, RdbKey.NONE, -1)), true);
        byte[] flipped = bytes.clone();
        flipped[flipped.length - 12] ^= 1;
        assertThatThrownBy(() -> RdbFile.read(new ByteArrayInputStream(flipped), (db, key) -> { }))
                .isInstanceOf(RdbFormatException.class);
        byte[] future = bytes.clone();
        future[8] = '1';
        future[7] = '1';
        assertThatThrownBy(() -> RdbFile.read(new ByteArrayInputStream(future), (db, key) -> { }))
                .hasMessage("Can't handle RDB format version 11");
        assertThatThrownBy(() -> RdbFile.read(new ByteArrayInputStream(b("REDIX0010")), (db, key) -> { }))
                .isInstanceOf(RdbFormatException.class);
    }

    @Test
    void aFileWithoutChecksumHasZeroesAndStillReads() throws Exception {
        byte[] bytes = file(List.of(new RdbKey(b("k"), b("v"), RdbKey.NONE, RdbKey.NONE, -1)), false);
        for (int i = bytes.length - 8; i < bytes.length; i++) {
            assertThat(bytes[i]).isZero();
        }
        List<RdbKey> read = new ArrayList<>();
        RdbFile.read(new ByteArrayInputStream(bytes), (db, key) -> read.add(key));
        assertThat(read).hasSize(1);
    }
}
