package dev.embeddedcluster.command.server;

import dev.embeddedcluster.command.ClientPause;
import dev.embeddedcluster.command.CommandHandler;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.util.RedisNumbers;

import java.util.function.BiConsumer;

/** CLIENT PAUSE and CLIENT UNPAUSE: the node's pause, see {@link ClientPause}. */
final class ClientPauseCommands {
    private ClientPauseCommands() {
    }

    static void register(BiConsumer<String, CommandHandler> registry) {
        registry.accept("client|pause", ClientPauseCommands::pause);
        registry.accept("client|unpause", r -> {
            r.node().clientPause().unpause();
            r.reply().ok();
        });
    }

    /** CLIENT PAUSE timeout [WRITE|ALL]: the mode is checked before the timeout, as Redis does. */
    private static void pause(Request r) {
        if (r.argc() > 4) {
            r.reply().error(Errors.subcommandSyntax(r.text(1), "client"));
            return;
        }
        ClientPause.Mode mode = ClientPause.Mode.ALL;
        if (r.argc() == 4) {
            if (r.is(3, "write")) {
                mode = ClientPause.Mode.WRITE;
            } else if (!r.is(3, "all")) {
                r.reply().error(Errors.CLIENT_PAUSE_MODE);
                return;
            }
        }
        Long timeout = RedisNumbers.parseLong(r.arg(2));
        if (timeout == null) {
            r.reply().error(Errors.TIMEOUT_NOT_INTEGER);
            return;
        }
        if (timeout < 0) {
            r.reply().error(Errors.TIMEOUT_NEGATIVE);
            return;
        }
        // Redis adds the time to a positive timeout only, and lets the sum wrap: such a pause
        // ends at once, as does one of 0.
        long end = timeout > 0 ? timeout + r.node().clock().currentTimeMillis() : 0;
        r.node().clientPause().pause(mode, end);
        r.reply().ok();
    }
}
