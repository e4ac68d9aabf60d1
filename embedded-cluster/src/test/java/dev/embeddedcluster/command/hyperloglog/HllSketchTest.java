package dev.embeddedcluster.command.hyperloglog;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** The hash, the register packing and the sparse edits, against values taken from Redis 7.0.15. */
class HllSketchTest {
    private static final int SEED = 0xadc83b19;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void murmurHashMatchesRedisForEveryTailLength() {
        assertThat(MurmurHash64A.hash(b(""), SEED)).isEqualTo(0xd8dfea6585bc9732L);
        assertThat(MurmurHash64A.hash(b("a"), SEED)).isEqualTo(0x53d2470a9b43b1a7L);
        assertThat(MurmurHash64A.hash(b("ab"), SEED)).isEqualTo(0x0eaed676437142cfL);
        assertThat(MurmurHash64A.hash(b("abcdefg"), SEED)).isEqualTo(0x22fe613bb08c9602L);
        assertThat(MurmurHash64A.hash(b("abcdefgh"), SEED)).isEqualTo(0xf3a65df559914567L);
        assertThat(MurmurHash64A.hash(b("hello world!"), SEED)).isEqualTo(0x0fc444011f57220cL);
        assertThat(MurmurHash64A.hash(b("\u00ff\u00fe\u0080 binary\u0001"), SEED)).isEqualTo(0xc803cfff12709b42L);
    }

    @Test
    void runLengthCountsTheZerosAboveTheIndexBitsPlusOne() {
        assertThat(HllSketch.runLength(1L << 14)).isEqualTo(1);
        assertThat(HllSketch.runLength(1L << 20)).isEqualTo(7);
        assertThat(HllSketch.runLength(0x3FFF)).isEqualTo(51);
        assertThat(HllSketch.runLength(MurmurHash64A.hash(b("big6209776902"), SEED))).isEqualTo(33);
    }

    @Test
    void sparseEditsProduceRedisBytes() {
        HllSketch sketch = HllSketch.empty();
        assertThat(HexFormat.of().formatHex(sketch.toBytes())).isEqualTo("48594c4c0100000000000000000000007fff");
        sketch = HllSketch.of(sketch.toBytes());
        for (String element : new String[] {"a", "b", "c"}) {
            assertThat(sketch.add(b(element))).isEqualTo(1);
        }
        assertThat(sketch.add(b("a"))).isZero();
        assertThat(HexFormat.of().formatHex(sketch.toBytes()))
                .isEqualTo("48594c4c01000000000000000000008060f38050b1844bfb80425a");
        assertThat(sketch.estimate()).isEqualTo(3);
        assertThat(sketch.decode()).isEqualTo("Z:8436 v:1,1 Z:4274 v:2,1 Z:3068 v:1,1 Z:603");
    }

    @Test
    void theStoredArrayIsNeverWritten() {
        byte[] stored = HllSketch.empty().toBytes();
        byte[] copy = stored.clone();
        HllSketch sketch = HllSketch.of(stored);
        sketch.add(b("x"));
        sketch.cacheCardinality(1);
        assertThat(stored).isEqualTo(copy);
        assertThat(sketch.toBytes()).isNotEqualTo(copy);
    }

    @Test
    void denseRegistersHoldSixBitsEachWithoutDisturbingNeighbours() {
        HllSketch sketch = HllSketch.empty();
        assertThat(sketch.toDense()).isTrue();
        for (int i = 0; i < HllSketch.REGISTERS; i++) {
            assertThat(sketch.set(i, i * 7 % 63 + 1)).isEqualTo(1);
        }
        for (int i = 0; i < HllSketch.REGISTERS; i++) {
            assertThat(sketch.register(i)).as("register %d", i).isEqualTo(i * 7 % 63 + 1);
        }
        assertThat(sketch.set(5, 1)).isZero();
        assertThat(sketch.toBytes()).hasSize(16 + 12288);
    }

    @Test
    void aRegisterBeyondTheSparseMaximumTurnsTheSketchDense() {
        HllSketch sketch = HllSketch.empty();
        sketch.add(b("a"));
        assertThat(sketch.add(b("big6209776902"))).isEqualTo(1);
        assertThat(sketch.dense()).isTrue();
        byte[] registers = new byte[HllSketch.REGISTERS];
        assertThat(sketch.mergeInto(registers)).isTrue();
        assertThat(registers[2711]).isEqualTo((byte) 33);
        assertThat(HllSketch.estimate(registers)).isEqualTo(sketch.estimate());
    }

    @Test
    void sparseRunsThatDoNotCoverTheRegistersAreCorrupt() {
        byte[] truncated = HexFormat.of().parseHex("48594c4c0100000000000000000000807f00");
        assertThat(HllSketch.isValid(truncated)).isTrue();
        HllSketch sketch = HllSketch.of(truncated);
        assertThat(sketch.estimate()).isEqualTo(-1);
        assertThat(sketch.mergeInto(new byte[HllSketch.REGISTERS])).isFalse();
        assertThat(sketch.toDense()).isFalse();
        assertThat(HllSketch.isValid(HexFormat.of().parseHex("48594c4c0000000000000000000000807fff"))).isFalse();
        assertThat(HllSketch.isValid(HexFormat.of().parseHex("48594c4c02000000000000000000000000"))).isFalse();
        assertThat(HllSketch.isValid(b("HYLL"))).isFalse();
    }
}
