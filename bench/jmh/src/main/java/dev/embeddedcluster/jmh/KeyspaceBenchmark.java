package dev.embeddedcluster.jmh;

import dev.embeddedcluster.keyspace.Entry;
import dev.embeddedcluster.keyspace.Keyspace;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Reads and writes in a node's keyspace holding {@code keys} string keys, the keys taken in turn. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class KeyspaceBenchmark {
    @Param({"1000", "1000000"})
    public int keys;

    private Keyspace keyspace;
    private byte[][] present;
    private byte[][] absent;
    private final byte[] value = "value:0000000001".getBytes(StandardCharsets.US_ASCII);
    private int next;

    @Setup
    public void setUp() {
        keyspace = new Keyspace(System::currentTimeMillis);
        present = new byte[keys][];
        absent = new byte[keys][];
        for (int i = 0; i < keys; i++) {
            present[i] = String.format("key:%07d", i).getBytes(StandardCharsets.US_ASCII);
            absent[i] = String.format("nokey:%07d", i).getBytes(StandardCharsets.US_ASCII);
            keyspace.put(present[i], value);
        }
    }

    private int nextIndex() {
        int i = next;
        next = i + 1 == keys ? 0 : i + 1;
        return i;
    }

    @Benchmark
    public Entry readHit() {
        return keyspace.read(present[nextIndex()]);
    }

    @Benchmark
    public Entry readMiss() {
        return keyspace.read(absent[nextIndex()]);
    }

    @Benchmark
    public Entry overwrite() {
        return keyspace.put(present[nextIndex()], value);
    }
}
