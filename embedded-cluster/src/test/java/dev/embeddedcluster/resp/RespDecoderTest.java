package dev.embeddedcluster.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RespDecoderTest {

    /** Feeds the chunks one by one, as separate reads, keeping what is not parsed yet. */
    private static List<Object> decode(byte[]... chunks) {
        RespDecoder decoder = new RespDecoder();
        ByteBuf input = Unpooled.buffer();
        List<Object> out = new ArrayList<>();
        for (byte[] chunk : chunks) {
            input.writeBytes(chunk);
            Object message;
            while ((message = decoder.next(input)) != null) {
                out.add(message);
            }
        }
        return out;
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static List<String> words(Object command) {
        return Arrays.stream((byte[][]) command).map(a -> new String(a, StandardCharsets.ISO_8859_1)).toList();
    }

    @Test
    void multibulkCommand() {
        List<Object> out = decode(b("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nhello\r\n"));
        assertThat(out).hasSize(1);
        assertThat(words(out.get(0))).containsExactly("SET", "k", "hello");
    }

    @Test
    void splitAtEveryByteBoundaryGivesTheSameCommands() {
        byte[] frame = b("*2\r\n$3\r\nGET\r\n$3\r\nkey\r\nPING\r\n*1\r\n$4\r\nPING\r\n");
        for (int cut = 1; cut < frame.length; cut++) {
            List<Object> out = decode(Arrays.copyOfRange(frame, 0, cut), Arrays.copyOfRange(frame, cut, frame.length));
            assertThat(out).as("cut at %d", cut).hasSize(3);
            assertThat(words(out.get(0))).containsExactly("GET", "key");
            assertThat(words(out.get(1))).containsExactly("PING");
            assertThat(words(out.get(2))).containsExactly("PING");
        }
    }

    @Test
    void byteByByte() {
        byte[] frame = b("*2\r\n$4\r\nECHO\r\n$11\r\nhello world\r\n");
        byte[][] chunks = new byte[frame.length][];
        for (int i = 0; i < frame.length; i++) {
            chunks[i] = new byte[] {frame[i]};
        }
        List<Object> out = decode(chunks);
        assertThat(out).hasSize(1);
        assertThat(words(out.get(0))).containsExactly("ECHO", "hello world");
    }

    @Test
    void largeValueInChunks() {
        byte[] value = new byte[3_000_000];
        Arrays.fill(value, (byte) 'v');
        byte[] head = b("*3\r\n$3\r\nSET\r\n$3\r\nbig\r\n$" + value.length + "\r\n");
        List<byte[]> chunks = new ArrayList<>();
        chunks.add(head);
        for (int i = 0; i < value.length; i += 65536) {
            chunks.add(Arrays.copyOfRange(value, i, Math.min(value.length, i + 65536)));
        }
        chunks.add(b("\r\n"));
        List<Object> out = decode(chunks.toArray(new byte[0][]));
        assertThat(out).hasSize(1);
        assertThat(((byte[][]) out.get(0))[2]).isEqualTo(value);
    }

    @Test
    void manyArguments() {
        StringBuilder frame = new StringBuilder("*3001\r\n$4\r\nMSET\r\n");
        for (int i = 0; i < 3000; i++) {
            frame.append("$1\r\nx\r\n");
        }
        List<Object> out = decode(b(frame.toString()));
        assertThat(((byte[][]) out.get(0)).length).isEqualTo(3001);
    }

    @Test
    void binarySafeArguments() {
        List<Object> out = decode(b("*2\r\n$4\r\nECHO\r\n$4\r\na\r\n\u0000\r\n"));
        assertThat(((byte[][]) out.get(0))[1]).containsExactly('a', '\r', '\n', 0);
    }

    @Test
    void inlineCommandsWithQuotesAndEscapes() {
        List<Object> out = decode(b("SET key \"a b\\x41\\n\" 'it\\'s'\r\nPING\n\r\n   \r\n"));
        assertThat(out).hasSize(2);
        assertThat(words(out.get(0))).containsExactly("SET", "key", "a bA\n", "it's");
        assertThat(words(out.get(1))).containsExactly("PING");
    }

    @Test
    void emptyMultibulkIsIgnored() {
        assertThat(decode(b("*0\r\n*-1\r\n*1\r\n$4\r\nPING\r\n"))).hasSize(1);
    }

    @Test
    void malformedInputGivesRedisErrorsAndStopsDecoding() {
        assertThat(decode(b("*abc\r\n"))).containsExactly(new ProtocolError("ERR Protocol error: invalid multibulk length"));
        assertThat(decode(b("*2\r\n+GET\r\n"))).containsExactly(new ProtocolError("ERR Protocol error: expected '$', got '+'"));
        assertThat(decode(b("*1\r\n$abc\r\n"))).containsExactly(new ProtocolError("ERR Protocol error: invalid bulk length"));
        assertThat(decode(b("*1\r\n$-5\r\n"))).containsExactly(new ProtocolError("ERR Protocol error: invalid bulk length"));
        assertThat(decode(b("*1\r\n$536870913\r\n"))).containsExactly(new ProtocolError("ERR Protocol error: invalid bulk length"));
        assertThat(decode(b("*2147483648\r\n"))).containsExactly(new ProtocolError("ERR Protocol error: invalid multibulk length"));
        assertThat(decode(b("*1048577\r\n"))).as("a large count waits for its arguments").isEmpty();
        assertThat(decode(b("SET a \"unterminated\r\n"))).containsExactly(new ProtocolError("ERR Protocol error: unbalanced quotes in request"));
        assertThat(decode(b("SET a \"x\"y\r\n"))).containsExactly(new ProtocolError("ERR Protocol error: unbalanced quotes in request"));
        assertThat(decode(b("x".repeat(65 * 1024)))).containsExactly(new ProtocolError("ERR Protocol error: too big inline request"));
        assertThat(decode(b("*" + "1".repeat(65 * 1024)))).containsExactly(new ProtocolError("ERR Protocol error: too big mbulk count string"));
    }

    @Test
    void commandsBeforeTheErrorStillCountAndNothingAfterIt() {
        List<Object> out = decode(b("PING\r\n*1\r\n$x\r\nPING\r\n"));
        assertThat(out).hasSize(2);
        assertThat(words(out.get(0))).containsExactly("PING");
        assertThat(out.get(1)).isEqualTo(new ProtocolError("ERR Protocol error: invalid bulk length"));
    }
}
