package dev.embeddedcluster.jmh;

import dev.embeddedcluster.resp.RespDecoder;
import dev.embeddedcluster.shaded.io.netty.buffer.ByteBuf;
import dev.embeddedcluster.shaded.io.netty.buffer.Unpooled;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Decoding a pipeline of 16 commands, as one read of redis-benchmark -P 16 brings them. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RespDecoderBenchmark {
    static final int PIPELINE = 16;

    @Param({"SET", "MSET", "INLINE"})
    public String shape;

    private ByteBuf input;
    private final RespDecoder decoder = new RespDecoder();

    @Setup
    public void setUp() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < PIPELINE; i++) {
            String key = String.format("key:%07d", i);
            String text = switch (shape) {
                case "SET" -> multibulk("SET", key, "value:0000000001");
                case "MSET" -> multibulk("MSET", key + "a", "v1", key + "b", "v2", key + "c", "v3", key + "d", "v4", key + "e", "v5");
                default -> "SET " + key + " value:0000000001\r\n";
            };
            bytes.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
        }
        input = Unpooled.wrappedBuffer(bytes.toByteArray());
    }

    static String multibulk(String... args) {
        StringBuilder text = new StringBuilder("*").append(args.length).append("\r\n");
        for (String arg : args) {
            text.append('$').append(arg.length()).append("\r\n").append(arg).append("\r\n");
        }
        return text.toString();
    }

    @Benchmark
    @OperationsPerInvocation(PIPELINE)
    public int decodePipeline() {
        input.readerIndex(0);
        int arguments = 0;
        Object command;
        while ((command = decoder.next(input)) != null) {
            arguments += ((byte[][]) command).length;
        }
        return arguments;
    }
}
