package dev.embeddedcluster.command.server.config;

import dev.embeddedcluster.command.server.ServerConfig;
import dev.embeddedcluster.keyspace.EncodingLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The parts of CONFIG that a live server cannot show: the directory check, the table's shape, the limits' hand-over. */
class ParameterValuesTest {

    @Test
    void dirTakesAnExistingDirectoryRelativeToTheCurrentOne(@TempDir Path base) throws Exception {
        Path sub = Files.createDirectory(base.resolve("sub"));
        Path file = Files.createFile(base.resolve("file"));
        String current = base.toRealPath().toString();
        assertThat(NodeValues.DIRECTORY.normalize("sub", current)).isEqualTo(sub.toRealPath().toString());
        assertThat(NodeValues.DIRECTORY.normalize(".", current)).isEqualTo(current);
        assertThatThrownBy(() -> NodeValues.DIRECTORY.normalize("missing", current)).hasMessage("No such file or directory");
        assertThatThrownBy(() -> NodeValues.DIRECTORY.normalize(file.toString(), current)).hasMessage("Not a directory");
        assertThatThrownBy(() -> NodeValues.FILE_NAME.normalize("a/b.rdb", "dump.rdb"))
                .hasMessage("dbfilename can't be a path, just a filename");
    }

    @Test
    void memoryValuesReadUnitsAndWrapAsRedisDoes() throws Exception {
        assertThat(ValueTypes.UNSIGNED_MEMORY.normalize("1kb", "0")).isEqualTo("1024");
        assertThat(ValueTypes.UNSIGNED_MEMORY.normalize("2M", "0")).isEqualTo("2000000");
        assertThat(ValueTypes.UNSIGNED_MEMORY.normalize("92233720368547758070", "0")).isEqualTo("18446744073709551615");
        assertThat(ValueTypes.bytes("18446744073709551615")).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> ValueTypes.memory(0, Long.MAX_VALUE).normalize("92233720368547758070", "0"))
                .hasMessage("argument must be between 0 and 9223372036854775807 inclusive");
        assertThatThrownBy(() -> ValueTypes.UNSIGNED_MEMORY.normalize("kb", "0")).hasMessage("argument must be a memory value");
    }

    @Test
    void everyNameIsKnownOnceAndStatisticsParametersHaveRedisDefaults() {
        ServerConfig config = new ServerConfig(7000, "127.0.0.1");
        assertThat(config.all()).hasSize(196);
        assertThat(config.get("slowlog-log-slower-than")).isEqualTo("10000");
        assertThat(config.get("slowlog-max-len")).isEqualTo("128");
        assertThat(config.get("latency-monitor-threshold")).isEqualTo("0");
        assertThat(config.get("latency-tracking")).isEqualTo("yes");
        assertThat(config.get("latency-tracking-info-percentiles")).isEqualTo("50 99 99.9");
        config.set("lua-time-limit", "100");
        assertThat(config.get("busy-reply-threshold")).isEqualTo("100");
        assertThat(config.busyReplyThresholdMillis()).isEqualTo(100);
    }

    @Test
    void encodingParametersReachTheLimits() {
        ServerConfig config = new ServerConfig(7000, "127.0.0.1");
        config.set("zset-max-ziplist-entries", "0");
        config.set("list-max-listpack-size", "3");
        config.set("stream-node-max-bytes", "0");
        config.set("hll-sparse-max-bytes", "10");
        EncodingLimits limits = new EncodingLimits();
        EncodingParameters.apply(config, limits);
        assertThat(limits.zsetMaxListpackEntries()).isZero();
        assertThat(limits.listMaxListpackSize()).isEqualTo(3);
        assertThat(limits.streamNodeMaxBytes()).isZero();
        assertThat(limits.hllSparseMaxBytes()).isEqualTo(10);
        assertThat(limits.hashMaxListpackEntries()).isEqualTo(512);
    }
}
