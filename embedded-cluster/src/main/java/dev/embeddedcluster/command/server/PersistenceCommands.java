package dev.embeddedcluster.command.server;

import dev.embeddedcluster.command.CommandHandler;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.Request;

import java.util.function.BiConsumer;

/** SAVE, BGSAVE [SCHEDULE] and LASTSAVE: the node's RDB file ({@link RdbPersistence}). */
final class PersistenceCommands {
    private PersistenceCommands() {
    }

    static void register(BiConsumer<String, CommandHandler> registry) {
        registry.accept("save", PersistenceCommands::save);
        registry.accept("bgsave", PersistenceCommands::bgsave);
        registry.accept("lastsave", r -> r.reply().integer(r.node().persistence().lastSaveSeconds()));
    }

    private static void save(Request r) {
        RdbPersistence persistence = r.node().persistence();
        if (persistence.backgroundSaveInProgress()) {
            r.reply().error(Errors.BACKGROUND_SAVE_IN_PROGRESS);
        } else if (persistence.save()) {
            r.reply().ok();
        } else {
            r.reply().error(Errors.SAVE_FAILED);
        }
    }

    /** SCHEDULE matters only while another child runs (an AOF rewrite) in Redis; here none does. */
    private static void bgsave(Request r) {
        if (r.argc() > 1 && (r.argc() > 2 || !r.is(1, "schedule"))) {
            r.reply().error(Errors.SYNTAX);
            return;
        }
        RdbPersistence persistence = r.node().persistence();
        if (persistence.backgroundSaveInProgress()) {
            r.reply().error(Errors.BACKGROUND_SAVE_IN_PROGRESS);
        } else if (r.client().denyBlocking()) {
            // Inside EXEC: Redis schedules it for when the transaction is over.
            persistence.scheduleBackgroundSave();
            r.reply().simple("Background saving scheduled");
        } else {
            persistence.saveInBackground();
            r.reply().simple("Background saving started");
        }
    }
}
