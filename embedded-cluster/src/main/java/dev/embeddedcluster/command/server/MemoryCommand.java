package dev.embeddedcluster.command.server;

import dev.embeddedcluster.command.CommandHandler;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.keyspace.Entry;
import dev.embeddedcluster.keyspace.MemoryEstimate;
import dev.embeddedcluster.util.RedisNumbers;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * MEMORY USAGE, STATS, DOCTOR, MALLOC-STATS, PURGE and HELP: the node's memory estimate (see
 * MemoryEstimate and Eviction), which maxmemory is held to, in the shapes Redis reports memory.
 */
final class MemoryCommand {
    private static final List<String> HELP = List.of(
            "MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "DOCTOR",
            "    A report, in words, on the node's memory use.",
            "MALLOC-STATS",
            "    The memory allocator's own statistics, where it has them.",
            "PURGE",
            "    Asks the memory allocator to give back the pages it does not use.",
            "STATS",
            "    The node's memory use, broken down by what takes it.",
            "USAGE <key> [SAMPLES <count>]",
            "    Estimated bytes taken by <key> and its value; of an aggregate, <count> elements are",
            "    priced and the others taken to be like them (default: 5, 0 prices all).",
            "HELP",
            "    This text.");

    private MemoryCommand() {
    }

    static void register(BiConsumer<String, CommandHandler> registry) {
        registry.accept("memory|usage", MemoryCommand::usage);
        registry.accept("memory|help", r -> r.reply().simpleArray(HELP));
        registry.accept("memory|stats", r -> MemoryReport.of(r.node()).writeStats(r.reply()));
        registry.accept("memory|doctor", r -> r.reply().verbatim(MemoryReport.of(r.node()).doctor()));
        registry.accept("memory|malloc-stats", r -> r.reply().bulk("Stats not supported for the current allocator"));
        registry.accept("memory|purge", r -> r.reply().ok());
    }

    private static void usage(Request r) {
        long samples = MemoryEstimate.DEFAULT_SAMPLES;
        for (int i = 3; i < r.argc(); i++) {
            if (!r.is(i, "samples") || i + 1 == r.argc()) {
                r.reply().error(Errors.SYNTAX);
                return;
            }
            Long count = RedisNumbers.parseLong(r.arg(++i));
            if (count == null) {
                r.reply().error(Errors.NOT_INTEGER);
                return;
            }
            if (count < 0) {
                r.reply().error(Errors.SYNTAX);
                return;
            }
            samples = count;
        }
        Entry entry = r.keyspace().peek(r.arg(2));
        if (entry == null) {
            r.reply().nullBulk();
            return;
        }
        r.reply().integer(MemoryEstimate.usage(entry, (int) Math.min(samples, Integer.MAX_VALUE)));
    }
}
