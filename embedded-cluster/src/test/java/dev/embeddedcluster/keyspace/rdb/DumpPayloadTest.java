package dev.embeddedcluster.keyspace.rdb;

import dev.embeddedcluster.keyspace.EncodingLimits;
import dev.embeddedcluster.keyspace.Crc64;
import dev.embeddedcluster.keyspace.HashValue;
import dev.embeddedcluster.keyspace.ListValue;
import dev.embeddedcluster.keyspace.SetValue;
import dev.embeddedcluster.keyspace.SortedSetValue;
import dev.embeddedcluster.keyspace.stream.ConsumerGroup;
import dev.embeddedcluster.keyspace.stream.StreamConsumer;
import dev.embeddedcluster.keyspace.stream.StreamId;
import dev.embeddedcluster.keyspace.stream.StreamValue;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DumpPayloadTest {
    private static final EncodingLimits LIMITS = new EncodingLimits();

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Object roundTrip(Object value, boolean compress) throws Exception {
        return DumpPayload.restore(DumpPayload.dump(value, compress), LIMITS);
    }

    @Test
    void stringsKeepTheirBytesInEveryEncoding() throws Exception {
        for (String s : List.of("", "0", "-1", "127", "-129", "40000", "-2147483648", "2147483648", "007", "+5",
                "x".repeat(21), "abc".repeat(1000), "no repeats in this one at all!!")) {
            for (boolean compress : new boolean[] {true, false}) {
                assertThat((byte[]) roundTrip(b(s), compress)).as(s).isEqualTo(b(s));
            }
        }
    }

    @Test
    void smallIntegersAndCompressedStringsAreEncodedAsRedisDoes() {
        // "12345" as a 16-bit integer; then RDB version 10 and the CRC-64
        byte[] payload = DumpPayload.dump(b("12345"), true);
        assertThat(HexFormat.of().formatHex(payload, 0, 4)).isEqualTo("00c13930");
        assertThat(HexFormat.of().formatHex(payload, 4, 6)).isEqualTo("0a00");
        assertThat(DumpPayload.dump(b("x".repeat(100)), true)[1] & 0xff).isEqualTo(0xc3);
        assertThat(DumpPayload.dump(b("x".repeat(100)), false)[1] & 0xff).isEqualTo(0x40);
    }

    @Test
    void aggregatesRoundTripWithTheirEncodings() throws Exception {
        ListValue list = new ListValue(LIMITS);
        for (int i = 0; i < 3000; i++) {
            list.addLast(b(i % 3 == 0 ? Integer.toString(i * 1000) : "element " + i));
        }
        ListValue listBack = (ListValue) roundTrip(list, true);
        assertThat(listBack.size()).isEqualTo(3000);
        for (int i = 0; i < 3000; i++) {
            assertThat(listBack.get(i)).isEqualTo(list.get(i));
        }
        SetValue ints = new SetValue(LIMITS);
        SetValue words = new SetValue(LIMITS);
        for (long v : new long[] {5, -3, 70000, 5_000_000_000L}) {
            ints.add(b(Long.toString(v)));
            words.add(b("w" + v));
        }
        assertThat(((SetValue) roundTrip(ints, true)).encoding()).isEqualTo("intset");
        assertThat(((SetValue) roundTrip(ints, true)).members()).containsExactlyElementsOf(ints.members());
        assertThat(((SetValue) roundTrip(words, true)).encoding()).isEqualTo("hashtable");
        SortedSetValue small = new SortedSetValue(LIMITS);
        small.put(b("a"), 1.5);
        small.put(b("b"), Double.NEGATIVE_INFINITY);
        small.put(b("c"), 0.1);
        SortedSetValue smallBack = (SortedSetValue) roundTrip(small, true);
        assertThat(smallBack.encoding()).isEqualTo("listpack");
        assertThat(smallBack.score(b("c"))).isEqualTo(0.1);
        assertThat(smallBack.score(b("b"))).isEqualTo(Double.NEGATIVE_INFINITY);
        SortedSetValue big = new SortedSetValue(LIMITS);
        for (int i = 0; i < 200; i++) {
            big.put(b("m" + i), i / 7.0);
        }
        SortedSetValue bigBack = (SortedSetValue) roundTrip(big, true);
        assertThat(bigBack.encoding()).isEqualTo("skiplist");
        assertThat(bigBack.score(b("m199"))).isEqualTo(199 / 7.0);
        HashValue hash = new HashValue(LIMITS);
        hash.put(b("f"), b("v"));
        hash.put(b("n"), b("-42"));
        assertThat(((HashValue) roundTrip(hash, true)).pairs()).usingRecursiveFieldByFieldElementComparator()
                .isEqualTo(hash.pairs());
        hash.put(b("long"), b("v".repeat(65)));
        assertThat(((HashValue) roundTrip(hash, true)).encoding()).isEqualTo("hashtable");
    }

    @Test
    void streamsKeepNodesTombstonesCountersAndGroups() throws Exception {
        StreamValue stream = new StreamValue(LIMITS);
        for (int i = 1; i <= 250; i++) {
            stream.append(new StreamId(i, i % 3), i % 5 == 0
                    ? new byte[][] {b("other"), b("v" + i)} : new byte[][] {b("f"), b("v" + i), b("n"), b(Integer.toString(i))});
        }
        stream.delete(List.of(new StreamId(3, 0), new StreamId(150, 0)));
        ConsumerGroup group = stream.createGroup(b("g"), new StreamId(10, 1), 10);
        StreamConsumer alice = group.consumerOrCreate(b("alice"), 1234, new boolean[1]);
        group.deliver(new StreamId(4, 1), alice, 5678).deliveryCount = 3;
        group.consumerOrCreate(b("bob"), 99, new boolean[1]);
        StreamValue back = (StreamValue) roundTrip(stream, true);
        assertThat(back.length()).isEqualTo(stream.length());
        assertThat(back.nodeCount()).isEqualTo(stream.nodeCount());
        assertThat(back.lastId()).isEqualTo(stream.lastId());
        assertThat(back.maxDeletedId()).isEqualTo(new StreamId(150, 0));
        assertThat(back.entriesAdded()).isEqualTo(250);
        assertThat(back.find(new StreamId(3, 0))).isNull();
        assertThat(back.find(new StreamId(5, 2)).fieldsAndValues()[1]).isEqualTo(b("v5"));
        ConsumerGroup g = back.group(b("g"));
        assertThat(g.entriesRead).isEqualTo(10);
        assertThat(g.pending().get(new StreamId(4, 1)).deliveryCount).isEqualTo(3);
        assertThat(g.pending().get(new StreamId(4, 1)).deliveryTime).isEqualTo(5678);
        assertThat(g.consumer(b("alice")).seenTime).isEqualTo(1234);
        assertThat(g.consumer(b("bob")).pending()).isEmpty();
        assertThat(DumpPayload.dump(back, true)).isEqualTo(DumpPayload.dump(stream, true));
    }

    @Test
    void damagedPayloadsAreRefusedWithRedisReasons() {
        byte[] payload = DumpPayload.dump(b("hello"), true);
        assertProblem(Arrays.copyOf(payload, 9), DumpPayload.Problem.VERSION_OR_CHECKSUM);
        byte[] flipped = payload.clone();
        flipped[2] ^= 1;
        assertProblem(flipped, DumpPayload.Problem.VERSION_OR_CHECKSUM);
        assertProblem(withTrailer(new byte[] {0, 5, 'h'}, 10), DumpPayload.Problem.BAD_FORMAT);
        assertProblem(withTrailer(new byte[] {8, 0}, 10), DumpPayload.Problem.BAD_FORMAT);
        assertProblem(withTrailer(new byte[] {0, 1, 'h'}, 11), DumpPayload.Problem.VERSION_OR_CHECKSUM);
        // an empty set, an LZF blob that does not inflate to its length, an intset out of order
        assertProblem(withTrailer(new byte[] {2, 0}, 10), DumpPayload.Problem.BAD_FORMAT);
        assertProblem(withTrailer(new byte[] {0, (byte) 0xc3, 2, 10, 0, 'a'}, 10), DumpPayload.Problem.BAD_FORMAT);
        assertProblem(withTrailer(new byte[] {11, 12, 2, 0, 0, 0, 2, 0, 0, 0, 5, 0, 1, 0}, 10), DumpPayload.Problem.BAD_FORMAT);
    }

    @Test
    void olderRdbVersionsAreAccepted() throws Exception {
        assertThat((byte[]) DumpPayload.restore(withTrailer(new byte[] {0, 2, 'h', 'i'}, 9), LIMITS)).isEqualTo(b("hi"));
    }

    private static void assertProblem(byte[] payload, DumpPayload.Problem problem) {
        assertThatThrownBy(() -> DumpPayload.restore(payload, LIMITS)).isInstanceOfSatisfying(DumpPayload.InvalidPayload.class,
                e -> assertThat(e.problem()).isEqualTo(problem));
    }

    /** A body followed by an RDB version and a correct CRC-64. */
    static byte[] withTrailer(byte[] body, int version) {
        byte[] payload = Arrays.copyOf(body, body.length + 10);
        payload[body.length] = (byte) version;
        long crc = Crc64.of(payload, body.length + 2);
        for (int i = 0; i < 8; i++) {
            payload[body.length + 2 + i] = (byte) (crc >>> (8 * i));
        }
        return payload;
    }
}
