package dev.embeddedcluster.jmh;

import dev.embeddedcluster.keyspace.EncodingLimits;
import dev.embeddedcluster.keyspace.HashValue;
import dev.embeddedcluster.keyspace.SetValue;
import dev.embeddedcluster.keyspace.SortedSetValue;
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

/**
 * The small encodings (listpack hash and sorted set, intset) and the large ones (hash table,
 * skiplist) at {@code size} elements: 100 stays under the default listpack and intset limits,
 * 100000 is far over them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EncodingBenchmark {
    @Param({"100", "100000"})
    public int size;

    private HashValue hash;
    private SetValue intset;
    private SortedSetValue zset;
    private byte[][] fields;
    private byte[][] numbers;
    private final byte[] value = "value:0000000001".getBytes(StandardCharsets.US_ASCII);
    private int next;

    @Setup
    public void setUp() {
        EncodingLimits limits = new EncodingLimits();
        hash = new HashValue(limits);
        intset = new SetValue(limits);
        zset = new SortedSetValue(limits);
        fields = new byte[size][];
        numbers = new byte[size][];
        for (int i = 0; i < size; i++) {
            fields[i] = ("field:" + i).getBytes(StandardCharsets.US_ASCII);
            numbers[i] = Integer.toString(i * 7).getBytes(StandardCharsets.US_ASCII);
            hash.put(fields[i], value);
            intset.add(numbers[i]);
            zset.put(fields[i], i);
        }
    }

    private int nextIndex() {
        int i = next;
        next = i + 1 == size ? 0 : i + 1;
        return i;
    }

    @Benchmark
    public byte[] hashGet() {
        return hash.get(fields[nextIndex()]);
    }

    @Benchmark
    public boolean hashOverwrite() {
        return hash.put(fields[nextIndex()], value);
    }

    @Benchmark
    public boolean setContains() {
        return intset.contains(numbers[nextIndex()]);
    }

    @Benchmark
    public Double zsetScore() {
        return zset.score(fields[nextIndex()]);
    }

    @Benchmark
    public long zsetRank() {
        return zset.rank(fields[nextIndex()], false);
    }

    @Benchmark
    public Object zsetByRank() {
        return zset.byRank(nextIndex());
    }

    /** ZADD of an existing member with a new score: the member moves in the ordering. */
    @Benchmark
    public boolean zsetRescore() {
        int i = nextIndex();
        zset.put(fields[i], size - i);
        return zset.put(fields[i], i);
    }
}
