package dev.embeddedcluster.jmh;

import dev.embeddedcluster.command.CommandSpec;
import dev.embeddedcluster.command.CommandTable;
import dev.embeddedcluster.command.KeyExtractor;
import dev.embeddedcluster.keyspace.KeySlot;
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
 * The dispatch steps before a handler runs: the command table lookup (with the subcommand), the
 * key positions from the command's key specs, and each key's slot. Running the handler through
 * the Dispatcher needs a NodeContext, which only a live Node provides.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RoutingBenchmark {
    @Param({"GET", "SET", "MSET", "XADD", "CLUSTER"})
    public String command;

    private final CommandTable table = CommandTable.standard();
    private byte[][] args;

    @Setup
    public void setUp() {
        String[] words = switch (command) {
            case "GET" -> new String[] {"get", "key:0000001"};
            case "SET" -> new String[] {"SET", "key:0000001", "value:0000000001", "EX", "100"};
            case "MSET" -> new String[] {"MSET", "{k}1", "v", "{k}2", "v", "{k}3", "v", "{k}4", "v", "{k}5", "v"};
            case "XADD" -> new String[] {"XADD", "stream", "MAXLEN", "~", "1000", "*", "field", "value"};
            default -> new String[] {"cluster", "keyslot", "key:0000001"};
        };
        args = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            args[i] = words[i].getBytes(StandardCharsets.US_ASCII);
        }
    }

    @Benchmark
    public CommandSpec lookup() {
        return table.resolve(args);
    }

    @Benchmark
    public int lookupKeysAndSlots() {
        CommandSpec spec = table.resolve(args);
        int slots = 0;
        for (int position : KeyExtractor.keyPositions(spec, args)) {
            slots += KeySlot.of(args[position]);
        }
        return slots;
    }
}
