package dev.embeddedcluster.command.hyperloglog;

import dev.embeddedcluster.command.CommandHandler;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.command.TypedRead;
import dev.embeddedcluster.command.notifications.EventClass;
import dev.embeddedcluster.keyspace.Entry;

import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;

/**
 * PFADD, PFCOUNT, PFMERGE, PFDEBUG and PFSELFTEST (Redis's hyperloglog.c). A HyperLogLog is a plain string
 * holding Redis's exact representation ({@link HllSketch}), so GET, SET and the other string
 * commands see the same bytes as on Redis. Like Redis, every command that opens a sketch for
 * writing leaves the string in the raw encoding, and PFCOUNT of one key writes the estimate it
 * computed back into the string and replicates itself so that the replicas' bytes stay the same.
 */
public final class HyperLogLogCommands {
    /** Marks "an error was replied": the key holds another type or a string that is no HyperLogLog. */
    private static final byte[] NOT_HLL = new byte[0];

    private HyperLogLogCommands() {
    }

    public static void register(BiConsumer<String, CommandHandler> registry) {
        registry.accept("pfadd", HyperLogLogCommands::add);
        registry.accept("pfcount", HyperLogLogCommands::count);
        registry.accept("pfmerge", HyperLogLogCommands::merge);
        registry.accept("pfdebug", HyperLogLogCommands::debug);
        registry.accept("pfselftest", HyperLogLogCommands::selfTest);
    }

    /** Blocks the node for the test's length (about a second), as PFSELFTEST blocks Redis. */
    private static void selfTest(Request r) {
        String failure = new HllSelfTest(r.node().clock().currentTimeMillis()).run();
        if (failure == null) {
            r.reply().ok();
        } else {
            r.reply().error(failure);
        }
    }

    /** The HyperLogLog string at a key: null when absent, {@link #NOT_HLL} after replying an error. */
    private static byte[] read(Request r, byte[] key) {
        return valid(r, TypedRead.read(r, key, byte[].class, NOT_HLL));
    }

    /** The same for a command that writes the key (no key miss reported). */
    private static byte[] readForWrite(Request r, byte[] key) {
        return valid(r, TypedRead.forWrite(r, key, byte[].class, NOT_HLL));
    }

    private static byte[] valid(Request r, byte[] value) {
        if (value != null && value != NOT_HLL && !HllSketch.isValid(value)) {
            r.reply().error(Errors.NOT_A_HYPERLOGLOG);
            return NOT_HLL;
        }
        return value;
    }

    /**
     * Stores a sketch's bytes at a key, keeping its TTL, as a raw string: Redis unshares the string
     * of every HyperLogLog it opens for writing, even when nothing changes.
     */
    private static void store(Request r, byte[] key, byte[] value) {
        Entry entry = r.keyspace().lookup(key);
        r.keyspace().updateInPlace(entry == null ? r.keyspace().put(key, value) : entry, value);
    }

    private static void add(Request r) {
        byte[] key = r.arg(1);
        byte[] value = readForWrite(r, key);
        if (value == NOT_HLL) {
            return;
        }
        HllSketch sketch = (value == null ? HllSketch.empty() : HllSketch.of(value))
                .sparseMaxBytes(r.keyspace().limits().hllSparseMaxBytes());
        int updates = value == null ? 1 : 0;
        for (int i = 2; i < r.argc(); i++) {
            int result = sketch.add(r.arg(i));
            if (result < 0) {
                // Redis edits in place: what the earlier elements changed stays, unreplicated.
                store(r, key, sketch.toBytes());
                r.reply().error(Errors.CORRUPTED_HYPERLOGLOG);
                return;
            }
            updates += result > 0 ? 1 : 0;
        }
        boolean updated = updates > 0;
        if (updated) {
            sketch.invalidateCache();
        }
        store(r, key, sketch.toBytes());
        if (updated) {
            r.propagateChanges(updates);
            r.notify(EventClass.STRING, "pfadd", key);
        }
        r.reply().integer(updated ? 1 : 0);
    }

    private static void count(Request r) {
        if (r.argc() > 2) {
            byte[] union = new byte[HllSketch.REGISTERS];
            if (unionOfKeys(r, union) != null) {
                r.reply().integer(HllSketch.estimate(union));
            }
            return;
        }
        byte[] key = r.arg(1);
        byte[] value = read(r, key);
        if (value == NOT_HLL) {
            return;
        }
        if (value == null) {
            r.reply().integer(0);
            return;
        }
        store(r, key, value);
        HllSketch sketch = HllSketch.of(value);
        if (sketch.cacheValid()) {
            r.reply().integer(sketch.cachedCardinality());
            return;
        }
        long cardinality = sketch.estimate();
        if (cardinality < 0) {
            r.reply().error(Errors.CORRUPTED_HYPERLOGLOG);
            return;
        }
        sketch.cacheCardinality(cardinality);
        store(r, key, sketch.toBytes());
        r.propagate();
        r.reply().integer(cardinality);
    }

    /**
     * Raises {@code union} to the registers of the HyperLogLogs at every key argument (absent keys
     * count as empty); null after replying an error, otherwise whether one of them was dense.
     */
    private static Boolean unionOfKeys(Request r, byte[] union) {
        boolean anyDense = false;
        for (int i = 1; i < r.argc(); i++) {
            byte[] value = read(r, r.arg(i));
            if (value == NOT_HLL) {
                return null;
            }
            if (value == null) {
                continue;
            }
            HllSketch sketch = HllSketch.of(value);
            anyDense |= sketch.dense();
            if (!sketch.mergeInto(union)) {
                r.reply().error(Errors.CORRUPTED_HYPERLOGLOG);
                return null;
            }
        }
        return anyDense;
    }

    /** PFMERGE: the destination is among the inputs; it turns dense when an input is. */
    private static void merge(Request r) {
        byte[] union = new byte[HllSketch.REGISTERS];
        Boolean anyDense = unionOfKeys(r, union);
        if (anyDense == null) {
            return;
        }
        byte[] key = r.arg(1);
        Entry entry = r.keyspace().lookup(key);
        HllSketch sketch = entry == null ? HllSketch.empty() : HllSketch.of((byte[]) entry.value());
        if (anyDense && !sketch.toDense()) {
            store(r, key, sketch.toBytes());
            r.reply().error(Errors.CORRUPTED_HYPERLOGLOG);
            return;
        }
        // Register by register, as Redis does: the sparse result depends on the order.
        for (int i = 0; i < union.length; i++) {
            if (union[i] != 0) {
                sketch.set(i, union[i]);
            }
        }
        sketch.invalidateCache();
        store(r, key, sketch.toBytes());
        r.propagate();
        r.notify(EventClass.STRING, "pfadd", key);
        r.reply().ok();
    }

    /** PFDEBUG GETREG, DECODE, ENCODING and TODENSE; the two that convert to dense replicate. */
    private static void debug(Request r) {
        byte[] key = r.arg(2);
        byte[] value = readForWrite(r, key);
        if (value == NOT_HLL) {
            return;
        }
        if (value == null) {
            r.reply().error(Errors.PFDEBUG_NO_SUCH_KEY);
            return;
        }
        store(r, key, value);
        HllSketch sketch = HllSketch.of(value);
        if (r.is(1, "getreg")) {
            if (!sketch.dense() && !toDense(r, key, sketch)) {
                return;
            }
            r.reply().arrayHeader(HllSketch.REGISTERS);
            for (int i = 0; i < HllSketch.REGISTERS; i++) {
                r.reply().integer(sketch.register(i));
            }
        } else if (r.is(1, "decode")) {
            if (sketch.dense()) {
                r.reply().error(Errors.PFDEBUG_NOT_SPARSE);
            } else {
                r.reply().bulk(sketch.decode().getBytes(StandardCharsets.US_ASCII));
            }
        } else if (r.is(1, "encoding")) {
            r.reply().simple(sketch.dense() ? "dense" : "sparse");
        } else if (r.is(1, "todense")) {
            boolean sparse = !sketch.dense();
            if (sparse && !toDense(r, key, sketch)) {
                return;
            }
            r.reply().integer(sparse ? 1 : 0);
        } else {
            r.reply().error(Errors.unknownPfdebugSubcommand(r.text(1)));
        }
    }

    /** Converts a sparse sketch to dense, stores and replicates it; false after replying an error. */
    private static boolean toDense(Request r, byte[] key, HllSketch sketch) {
        if (!sketch.toDense()) {
            r.reply().error(Errors.CORRUPTED_HYPERLOGLOG);
            return false;
        }
        store(r, key, sketch.toBytes());
        r.propagate();
        return true;
    }
}
