package dev.embeddedcluster.command.server;

import dev.embeddedcluster.command.CommandHandler;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.Request;

import java.util.function.BiConsumer;

/** SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]: see {@link NodeShutdown}. */
final class ShutdownCommand {
    private ShutdownCommand() {
    }

    static void register(BiConsumer<String, CommandHandler> registry) {
        registry.accept("shutdown", ShutdownCommand::shutdown);
    }

    /** Options may repeat; ABORT goes alone, SAVE not with NOSAVE. */
    private static void shutdown(Request r) {
        boolean nosave = false;
        boolean save = false;
        boolean now = false;
        boolean force = false;
        boolean abort = false;
        for (int i = 1; i < r.argc(); i++) {
            if (r.is(i, "nosave")) {
                nosave = true;
            } else if (r.is(i, "save")) {
                save = true;
            } else if (r.is(i, "now")) {
                now = true;
            } else if (r.is(i, "force")) {
                force = true;
            } else if (r.is(i, "abort")) {
                abort = true;
            } else {
                r.reply().error(Errors.SYNTAX);
                return;
            }
        }
        if ((abort && (nosave || save || now || force)) || (nosave && save)) {
            r.reply().error(Errors.SYNTAX);
            return;
        }
        NodeShutdown shutdown = r.node().shutdown();
        if (abort) {
            if (shutdown.abort()) {
                r.reply().ok();
            } else {
                r.reply().error(Errors.NO_SHUTDOWN_IN_PROGRESS);
            }
            return;
        }
        // A script past busy-reply-threshold lets only NOSAVE through, as the BUSY error says.
        String busy = r.node().worker().busyError();
        if (busy != null && !nosave) {
            r.reply().error(busy);
            return;
        }
        // Without NOSAVE a node with save points configured saves too; FORCE ignores a failed save.
        String savePoints = r.node().config().get("save");
        shutdown.request(r, now, save || (!nosave && savePoints != null && !savePoints.isBlank()), force);
    }
}
