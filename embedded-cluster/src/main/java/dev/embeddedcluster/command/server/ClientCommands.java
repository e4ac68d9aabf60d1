package dev.embeddedcluster.command.server;

import dev.embeddedcluster.command.Client;
import dev.embeddedcluster.command.CommandHandler;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.util.RedisNumbers;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/** The CLIENT subcommands that name, describe, configure and kill connections. */
final class ClientCommands {
    private static final List<String> HELP = List.of(
            "CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "GETNAME",
            "    This connection's name, or null.",
            "ID",
            "    This connection's id.",
            "INFO",
            "    This connection, in the format of CLIENT LIST.",
            "KILL <ip:port> | <filter> <value> [<filter> <value> ...]",
            "    Closes connections chosen by address, or by ID, ADDR, LADDR, TYPE, USER and SKIPME filters.",
            "LIST [TYPE (NORMAL|MASTER|REPLICA|PUBSUB)] [ID <id> [<id> ...]]",
            "    One line per connection.",
            "NO-EVICT (ON|OFF)",
            "    Exempts this connection from client eviction.",
            "NO-TOUCH (ON|OFF)",
            "    Keeps this connection's reads from updating keys' access times.",
            "PAUSE <timeout> [WRITE|ALL]",
            "    Holds back every client command, or those that may write, for <timeout> milliseconds.",
            "REPLY (ON|OFF|SKIP)",
            "    Turns replies off, or skips the reply of the next command.",
            "SETINFO (LIB-NAME|LIB-VER) <value>",
            "    Records the client library's name or version.",
            "SETNAME <name>",
            "    Names this connection.",
            "UNBLOCK <clientid> [TIMEOUT|ERROR]",
            "    Ends the blocking command of another connection, as its timeout would or with an error.",
            "UNPAUSE",
            "    Ends CLIENT PAUSE.",
            "HELP",
            "    This text.");

    /** The one user there is: the emulator has no ACL users besides Redis's default one. */

    private ClientCommands() {
    }

    static void register(BiConsumer<String, CommandHandler> registry) {
        registry.accept("client|id", r -> r.reply().integer(r.client().id()));
        registry.accept("client|getname", r -> r.reply().bulk(r.client().name()));
        registry.accept("client|setname", ClientCommands::setName);
        registry.accept("client|info", r -> r.reply().verbatim(
                ClientListFormat.line(r.node(), r.client(), r.reply().protocol(), asker(r)) + "\n"));
        registry.accept("client|list", ClientCommands::list);
        registry.accept("client|kill", ClientCommands::kill);
        registry.accept("client|reply", ClientCommands::reply);
        registry.accept("client|no-evict", r -> onOff(r, on -> r.client().noEvict(on)));
        registry.accept("client|no-touch", r -> onOff(r, on -> r.client().noTouch(on)));
        registry.accept("client|setinfo", ClientCommands::setInfo);
        registry.accept("client|help", r -> r.reply().simpleArray(HELP));
        ClientPauseCommands.register(registry);
        ClientUnblockCommand.register(registry);
    }

    private static void setName(Request r) {
        String name = r.text(2);
        if (!ClientNames.valid(name)) {
            r.reply().error(Errors.INVALID_CLIENT_NAME);
            return;
        }
        r.client().name(name.isEmpty() ? null : name);
        r.reply().ok();
    }

    private static void list(Request r) {
        Predicate<Client> filter = c -> true;
        if (r.argc() == 4 && r.is(2, "type")) {
            filter = typeFilter(r.text(3));
            if (filter == null) {
                r.reply().error(Errors.unknownClientType(r.text(3)));
                return;
            }
        } else if (r.argc() >= 4 && r.is(2, "id")) {
            List<Long> ids = new ArrayList<>();
            for (int i = 3; i < r.argc(); i++) {
                Long id = RedisNumbers.parseLong(r.arg(i));
                if (id == null) {
                    r.reply().error(Errors.INVALID_CLIENT_ID);
                    return;
                }
                ids.add(id);
            }
            filter = c -> ids.contains(c.id());
        } else if (r.argc() != 2) {
            r.reply().error(Errors.SYNTAX);
            return;
        }
        StringBuilder out = new StringBuilder();
        for (Client client : r.node().clients().all()) {
            if (filter.test(client)) {
                boolean asking = client == r.client();
                int protocol = asking ? r.reply().protocol() : client.protocol();
                out.append(ClientListFormat.line(r.node(), client, protocol, asking ? asker(r) : null)).append('\n');
            }
        }
        r.reply().verbatim(out.toString());
    }

    private static ClientListFormat.Asker asker(Request r) {
        return new ClientListFormat.Asker(r.args(), r.reply().pendingBytes());
    }

    /**
     * The clients of a type as Redis classifies them: a subscriber is "pubsub", every other client
     * (MONITOR included) "normal"; the emulator's replicas and masters talk to each other without
     * connections, so "master", "replica" and "slave" match none. Null for an unknown type.
     */
    private static Predicate<Client> typeFilter(String type) {
        return switch (type.toLowerCase(java.util.Locale.ROOT)) {
            case "normal" -> c -> !c.subscribed();
            case "pubsub" -> Client::subscribed;
            case "master", "replica", "slave" -> c -> false;
            default -> null;
        };
    }

    private static void kill(Request r) {
        if (r.argc() == 3) {
            String address = r.text(2);
            for (Client client : r.node().clients().all()) {
                if (client.remoteAddress().equals(address)) {
                    close(r, client);
                    r.reply().ok();
                    return;
                }
            }
            r.reply().error(Errors.NO_SUCH_CLIENT);
            return;
        }
        if (r.argc() % 2 != 0) {
            r.reply().error(Errors.SYNTAX);
            return;
        }
        List<Predicate<Client>> filters = new ArrayList<>();
        boolean skipMe = true;
        for (int i = 2; i < r.argc(); i += 2) {
            String value = r.text(i + 1);
            if (r.is(i, "id")) {
                Long id = RedisNumbers.parseLong(r.arg(i + 1));
                if (id == null || id <= 0) {
                    r.reply().error(Errors.CLIENT_ID_NOT_POSITIVE);
                    return;
                }
                filters.add(c -> c.id() == id);
            } else if (r.is(i, "addr")) {
                filters.add(c -> c.remoteAddress().equals(value));
            } else if (r.is(i, "laddr")) {
                filters.add(c -> c.localAddress().equals(value));
            } else if (r.is(i, "type")) {
                Predicate<Client> type = typeFilter(value);
                if (type == null) {
                    r.reply().error(Errors.unknownClientType(value));
                    return;
                }
                filters.add(type);
            } else if (r.is(i, "user")) {
                dev.embeddedcluster.command.acl.AclUser user = r.node().acl().user(value);
                if (user == null) {
                    r.reply().error(Errors.noSuchUser(value));
                    return;
                }
                filters.add(c -> c.user() == user);
            } else if (r.is(i, "skipme")) {
                if (value.equalsIgnoreCase("yes")) {
                    skipMe = true;
                } else if (value.equalsIgnoreCase("no")) {
                    skipMe = false;
                } else {
                    r.reply().error(Errors.SYNTAX);
                    return;
                }
            } else {
                r.reply().error(Errors.SYNTAX);
                return;
            }
        }
        int killed = 0;
        for (Client client : new ArrayList<>(r.node().clients().all())) {
            if ((skipMe && client == r.client()) || !filters.stream().allMatch(f -> f.test(client))) {
                continue;
            }
            close(r, client);
            killed++;
        }
        r.reply().integer(killed);
    }

    /** Closes a connection; the caller's own closes after its reply, as in Redis. */
    private static void close(Request r, Client client) {
        if (client == r.client()) {
            client.closeAfterReply(true);
        } else {
            client.closeConnection();
        }
    }

    private static void reply(Request r) {
        if (r.is(2, "on")) {
            r.client().repliesOn();
            r.reply().ok();
        } else if (r.is(2, "off")) {
            r.client().repliesOff();
        } else if (r.is(2, "skip")) {
            r.client().skipNextReply();
        } else {
            r.reply().error(Errors.SYNTAX);
        }
    }

    private static void onOff(Request r, java.util.function.Consumer<Boolean> apply) {
        if (r.is(2, "on")) {
            apply.accept(true);
        } else if (r.is(2, "off")) {
            apply.accept(false);
        } else {
            r.reply().error(Errors.SYNTAX);
            return;
        }
        r.reply().ok();
    }

    /** CLIENT SETINFO as Redis 7.2 defines it (7.0 clients send it and ignore its error). */
    private static void setInfo(Request r) {
        String value = r.text(3);
        boolean name;
        if (r.is(2, "lib-name")) {
            name = true;
        } else if (r.is(2, "lib-ver")) {
            name = false;
        } else {
            r.reply().error(Errors.unrecognizedOption(r.text(2)));
            return;
        }
        if (!ClientNames.valid(value)) {
            r.reply().error(Errors.invalidLibraryInfo(name ? "lib-name" : "lib-ver"));
            return;
        }
        if (name) {
            r.client().libName(value);
        } else {
            r.client().libVersion(value);
        }
        r.reply().ok();
    }
}
