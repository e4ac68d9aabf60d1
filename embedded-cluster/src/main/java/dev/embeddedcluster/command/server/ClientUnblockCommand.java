package dev.embeddedcluster.command.server;

import dev.embeddedcluster.command.Client;
import dev.embeddedcluster.command.CommandHandler;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.util.RedisNumbers;

import java.util.function.BiConsumer;

/**
 * CLIENT UNBLOCK id [TIMEOUT|ERROR]: ends another client's blocking pop, XREAD or WAIT, with the
 * reply of its timeout or with an error. A client a pause postponed is not unblocked (Redis 7.0
 * crashes on it; later versions refuse it so).
 */
final class ClientUnblockCommand {
    private ClientUnblockCommand() {
    }

    static void register(BiConsumer<String, CommandHandler> registry) {
        registry.accept("client|unblock", ClientUnblockCommand::unblock);
    }

    private static void unblock(Request r) {
        if (r.argc() > 4) {
            r.reply().error(Errors.subcommandSyntax(r.text(1), "client"));
            return;
        }
        String error = null;
        if (r.argc() == 4) {
            if (r.is(3, "error")) {
                error = Errors.UNBLOCKED_BY_CLIENT;
            } else if (!r.is(3, "timeout")) {
                r.reply().error(Errors.CLIENT_UNBLOCK_REASON);
                return;
            }
        }
        Long id = RedisNumbers.parseLong(r.arg(2));
        if (id == null) {
            r.reply().error(Errors.NOT_INTEGER);
            return;
        }
        Client target = r.node().clients().get(id);
        boolean unblocked = target != null && target.blocked() && !target.postponed()
                && (r.node().blockedPops().unblock(target, error) || r.node().replication().unblockWait(target, error));
        r.reply().integer(unblocked ? 1 : 0);
    }
}
