package dev.embeddedcluster.command.server;

import dev.embeddedcluster.command.CommandHandler;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.Request;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/** Server commands: DBSIZE, FLUSHALL, FLUSHDB, TIME, INFO, SHUTDOWN, SAVE, BGSAVE, LASTSAVE, and the CONFIG, CLIENT and MODULE groups. */
public final class ServerCommands {
    private ServerCommands() {
    }

    public static void register(BiConsumer<String, CommandHandler> registry) {
        registry.accept("dbsize", r -> r.reply().integer(r.keyspace().size()));
        registry.accept("flushall", ServerCommands::flush);
        registry.accept("monitor", r -> {
            r.node().monitors().add(r.client());
            r.reply().ok();
        });
        registry.accept("flushdb", ServerCommands::flush);
        registry.accept("time", ServerCommands::time);
        registry.accept("info", ServerCommands::info);
        ConfigCommands.register(registry);
        MemoryCommand.register(registry);
        SlowlogCommand.register(registry);
        LatencyCommand.register(registry);
        ClientCommands.register(registry);
        ModuleCommand.register(registry);
        ShutdownCommand.register(registry);
        PersistenceCommands.register(registry);
    }

    private static void flush(Request r) {
        if (r.argc() > 2 || (r.argc() == 2 && !r.is(1, "sync") && !r.is(1, "async"))) {
            r.reply().error(Errors.SYNTAX);
            return;
        }
        if (r.argc() == 2 && r.is(1, "async")) {
            // Redis frees a flushed database in the background, and counts its keys as freed so.
            r.node().stats().lazyfreedObjects += r.keyspace().size();
        }
        long keys = r.keyspace().size();
        r.node().watches().touchAllExisting(r.keyspace());
        r.node().tracking().flushed();
        r.node().blockedPops().flushed();
        r.keyspace().clear();
        r.propagateChanges(keys);
        r.reply().ok();
    }

    private static void time(Request r) {
        long micros = r.node().clock().currentTimeMicros();
        r.reply().arrayHeader(2);
        r.reply().bulkDecimal(micros / 1_000_000);
        r.reply().bulkDecimal(micros % 1_000_000);
    }

    private static void info(Request r) {
        List<String> requested = new ArrayList<>();
        for (int i = 1; i < r.argc(); i++) {
            requested.add(r.text(i));
        }
        r.reply().verbatim(InfoReport.render(r.node(), InfoReport.sections(requested)));
    }
}
