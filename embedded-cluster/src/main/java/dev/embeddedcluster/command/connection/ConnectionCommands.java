package dev.embeddedcluster.command.connection;

import dev.embeddedcluster.command.Client;
import dev.embeddedcluster.command.acl.Acl;
import dev.embeddedcluster.command.acl.AclUser;
import dev.embeddedcluster.command.CommandHandler;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.Integers;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.command.server.ClientNames;
import dev.embeddedcluster.command.transactions.TransactionCommands;
import dev.embeddedcluster.resp.RespWriter;

import java.util.function.BiConsumer;

/** PING, ECHO, HELLO, AUTH, SELECT, QUIT, RESET, and the cluster client flags READONLY, READWRITE, ASKING. */
public final class ConnectionCommands {
    public static final String REDIS_VERSION = "7.0.15";

    private ConnectionCommands() {
    }

    public static void register(BiConsumer<String, CommandHandler> registry) {
        registry.accept("ping", ConnectionCommands::ping);
        registry.accept("echo", r -> r.reply().bulk(r.arg(1)));
        registry.accept("hello", ConnectionCommands::hello);
        registry.accept("auth", ConnectionCommands::auth);
        registry.accept("select", ConnectionCommands::select);
        registry.accept("quit", ConnectionCommands::quit);
        registry.accept("reset", ConnectionCommands::reset);
        registry.accept("readonly", r -> {
            r.client().readonly(true);
            r.reply().ok();
        });
        registry.accept("readwrite", r -> {
            r.client().readonly(false);
            r.reply().ok();
        });
        registry.accept("asking", r -> {
            r.client().asking(true);
            r.reply().ok();
        });
    }

    private static void ping(Request r) {
        if (r.argc() > 2) {
            r.reply().error(Errors.wrongArity("ping"));
        } else if (r.client().subscribed() && r.reply().protocol() == 2) {
            // A RESP2 subscriber gets its pong in the shape of a message.
            r.reply().arrayHeader(2);
            r.reply().bulk("pong");
            r.reply().bulk(r.argc() == 2 ? r.arg(1) : new byte[0]);
        } else if (r.argc() == 2) {
            r.reply().bulk(r.arg(1));
        } else {
            r.reply().simple("PONG");
        }
    }

    private static void hello(Request r) {
        int protocol = r.reply().protocol();
        int next = 1;
        if (r.argc() > 1) {
            Long requested = Integers.int64(r.arg(1), Errors.PROTOCOL_VERSION_NOT_INTEGER, r.reply());
            if (requested == null) {
                return;
            }
            if (requested < 2 || requested > 3) {
                r.reply().error(Errors.NOPROTO);
                return;
            }
            protocol = requested.intValue();
            next = 2;
        }
        String user = null;
        String password = null;
        String name = null;
        for (int i = next; i < r.argc(); i++) {
            int remaining = r.argc() - i - 1;
            if (r.is(i, "auth") && remaining >= 2) {
                user = r.text(i + 1);
                password = r.text(i + 2);
                i += 2;
            } else if (r.is(i, "setname") && remaining >= 1) {
                name = r.text(i + 1);
                if (!ClientNames.valid(name)) {
                    r.reply().error(Errors.INVALID_CLIENT_NAME);
                    return;
                }
                i += 1;
            } else {
                r.reply().error(Errors.helloSyntax(r.text(i)));
                return;
            }
        }
        if (password != null && !checkPassword(r, user, password)) {
            return;
        }
        if (!r.client().authenticated()) {
            r.reply().error(Errors.HELLO_NOAUTH);
            return;
        }
        if (name != null) {
            r.client().name(name.isEmpty() ? null : name);
        }
        RespWriter reply = r.reply();
        reply.protocol(protocol);
        r.client().protocol(protocol);
        reply.mapHeader(7);
        reply.bulk("server");
        reply.bulk("redis");
        reply.bulk("version");
        reply.bulk(REDIS_VERSION);
        reply.bulk("proto");
        reply.integer(protocol);
        reply.bulk("id");
        reply.integer(r.client().id());
        reply.bulk("mode");
        reply.bulk("cluster");
        reply.bulk("role");
        reply.bulk(r.node().isMaster() ? "master" : "replica");
        reply.bulk("modules");
        reply.arrayHeader(0);
    }

    private static void auth(Request r) {
        String user = r.argc() == 3 ? r.text(1) : "default";
        String password = r.text(r.argc() - 1);
        if (r.argc() > 3) {
            r.reply().error(Errors.SYNTAX);
            return;
        }
        if (r.argc() == 2 && acl(r).defaultUser().nopass()) {
            r.reply().error(Errors.AUTH_WITHOUT_PASSWORD);
            return;
        }
        if (checkPassword(r, user, password)) {
            r.reply().ok();
        }
    }

    /** Authenticates the client as the user, or logs the failure and replies WRONGPASS. */
    private static boolean checkPassword(Request r, String user, String password) {
        AclUser authenticated = acl(r).authenticate(user, password);
        if (authenticated != null) {
            r.client().authenticated(true);
            r.client().user(authenticated);
            return true;
        }
        r.node().acl().logAuthFailure(r.node(), r.client(), user, r.arg(0));
        r.reply().error(Errors.WRONGPASS);
        return false;
    }

    /** The node's users, the default one's password following requirepass. */
    private static Acl acl(Request r) {
        Acl acl = r.node().acl();
        acl.followRequirePass(r.node().config().requirePass());
        return acl;
    }

    private static void select(Request r) {
        Integer index = Integers.int32(r.arg(1), r.reply());
        if (index == null) {
            return;
        }
        if (index != 0) {
            r.reply().error(Errors.SELECT_IN_CLUSTER);
            return;
        }
        r.reply().ok();
    }

    private static void quit(Request r) {
        r.reply().ok();
        r.client().closeAfterReply(true);
    }

    private static void reset(Request r) {
        Client client = r.client();
        TransactionCommands.discardTransaction(r.node(), client);
        r.node().subscriptions().clientGone(client);
        r.node().monitors().remove(client);
        r.node().tracking().disable(client);
        client.readonly(false);
        client.asking(false);
        client.name(null);
        client.noEvict(false);
        client.noTouch(false);
        client.repliesOn();
        client.authenticated(acl(r).openByDefault(r.node().config().requirePass()));
        client.user(r.node().acl().defaultUser());
        r.reply().protocol(2);
        client.protocol(2);
        r.reply().simple("RESET");
    }
}
