package dev.embeddedcluster.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

class RespWriterTest {

    private static String write(int protocol, Consumer<RespWriter> replies) {
        RespWriter writer = new RespWriter(UnpooledByteBufAllocator.DEFAULT);
        writer.protocol(protocol);
        replies.accept(writer);
        ByteBuf out = writer.take();
        try {
            return out.toString(StandardCharsets.UTF_8);
        } finally {
            out.release();
        }
    }

    @Test
    void scalars() {
        assertThat(write(2, w -> {
            w.ok();
            w.integer(42);
            w.integer(-7);
            w.integer(Long.MIN_VALUE);
            w.integer(123456789012L);
            w.bulk("hi");
            w.error("ERR boom");
        })).isEqualTo("+OK\r\n:42\r\n:-7\r\n:-9223372036854775808\r\n:123456789012\r\n$2\r\nhi\r\n-ERR boom\r\n");
    }

    @Test
    void truncatingKeepsTheGivenRangesInOrder() {
        assertThat(write(3, w -> {
            w.ok();
            int mark = w.pendingBytes();
            w.arrayHeader(2);
            int first = w.pendingBytes();
            w.integer(1);
            int between = w.pendingBytes();
            w.integer(2);
            int second = w.pendingBytes();
            w.bulk("kept");
            int end = w.pendingBytes();
            w.truncateKeeping(mark, new int[] {first, between, second, end, 0, 0}, 4);
            w.integer(3);
        })).isEqualTo("+OK\r\n:1\r\n$4\r\nkept\r\n:3\r\n");
    }

    @Test
    void nullsMapsSetsDoublesBooleansPerProtocol() {
        Consumer<RespWriter> replies = w -> {
            w.nullBulk();
            w.nullArray();
            w.mapHeader(1);
            w.bulk("k");
            w.bulk("v");
            w.setHeader(0);
            w.doubleValue(1.5);
            w.bool(true);
            w.verbatim("text");
            w.pushHeader(1);
            w.bulk("x");
        };
        assertThat(write(2, replies)).isEqualTo("$-1\r\n*-1\r\n*2\r\n$1\r\nk\r\n$1\r\nv\r\n*0\r\n$3\r\n1.5\r\n:1\r\n$4\r\ntext\r\n*1\r\n$1\r\nx\r\n");
        assertThat(write(3, replies)).isEqualTo("_\r\n_\r\n%1\r\n$1\r\nk\r\n$1\r\nv\r\n~0\r\n,1.5\r\n#t\r\n=8\r\ntxt:text\r\n>1\r\n$1\r\nx\r\n");
    }

    @Test
    void doublesLikeRedis70() {
        assertThat(RedisDoubles.format(1.1)).isEqualTo("1.1000000000000001");
        assertThat(RedisDoubles.format(3.0)).isEqualTo("3");
        assertThat(RedisDoubles.format(0.1 + 0.2)).isEqualTo("0.30000000000000004");
        assertThat(RedisDoubles.format(1e20)).isEqualTo("1e+20");
        assertThat(RedisDoubles.format(1.5e-7)).isEqualTo("1.4999999999999999e-07");
        assertThat(RedisDoubles.format(Double.POSITIVE_INFINITY)).isEqualTo("inf");
        assertThat(RedisDoubles.format(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
        assertThat(RedisDoubles.format(-2.5)).isEqualTo("-2.5");
    }

    @Test
    void humanDoublesFixedAndFixedPointTextsLikeRedisAndC() {
        assertThat(write(2, w -> w.humanDouble(13.361389338970184))).isEqualTo("$20\r\n13.36138933897018433\r\n");
        assertThat(write(3, w -> w.humanDouble(13.361389338970184))).isEqualTo(",13.36138933897018433\r\n");
        assertThat(RedisDoubles.formatHuman(180.0)).isEqualTo("180");
        assertThat(RedisDoubles.formatHuman(-1e-18)).isEqualTo("0");
        assertThat(RedisDoubles.formatHuman(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
        // C's %f: exact digits, the sign of -0 and of negatives that round to zero kept.
        assertThat(RedisDoubles.fixed(-0.0, 6)).isEqualTo("-0.000000");
        assertThat(RedisDoubles.fixed(-1e-9, 6)).isEqualTo("-0.000000");
        assertThat(RedisDoubles.fixed(5e-7, 6)).isEqualTo("0.000000");
        assertThat(RedisDoubles.fixed(2.5e-6, 6)).isEqualTo("0.000003");
        assertThat(RedisDoubles.fixed(123456.7890125, 6)).isEqualTo("123456.789012");
        assertThat(RedisDoubles.fixed(Double.POSITIVE_INFINITY, 6)).isEqualTo("inf");
        // llrint of the scaled value: half to even, and the lowest long for NaN or overflow.
        assertThat(RedisDoubles.fixedPoint(166.27415156960038, 4)).isEqualTo("166.2742");
        assertThat(RedisDoubles.fixedPoint(0.00005, 4)).isEqualTo("0.0000");
        assertThat(RedisDoubles.fixedPoint(0.00015, 4)).isEqualTo("0.0001");
        assertThat(RedisDoubles.fixedPoint(0.00025, 4)).isEqualTo("0.0002");
        assertThat(RedisDoubles.fixedPoint(-0.00025, 4)).isEqualTo("-0.0002");
        assertThat(RedisDoubles.fixedPoint(1234.56785, 4)).isEqualTo("1234.5678");
        assertThat(RedisDoubles.fixedPoint(-0.0, 4)).isEqualTo("0.0000");
        assertThat(RedisDoubles.fixedPoint(1e15, 4)).isEqualTo("-922337203685477.5808");
        assertThat(RedisDoubles.fixedPoint(Double.NaN, 4)).isEqualTo("-922337203685477.5808");
    }

    @Test
    void truncateForgetsARepliesBytes() {
        assertThat(write(2, w -> {
            w.ok();
            int mark = w.pendingBytes();
            w.bulk("dropped");
            w.truncate(mark);
            w.integer(1);
        })).isEqualTo("+OK\r\n:1\r\n");
    }
}
