package dev.embeddedcluster.command.acl;

import dev.embeddedcluster.command.Client;
import dev.embeddedcluster.command.CommandHandler;
import dev.embeddedcluster.command.CommandSpec;
import dev.embeddedcluster.command.CommandTable;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.Integers;
import dev.embeddedcluster.command.NodeContext;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.command.pubsub.Subscriptions;
import dev.embeddedcluster.resp.RespWriter;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BiConsumer;

/** ACL SETUSER, GETUSER, DELUSER, LIST, USERS, WHOAMI, CAT, GENPASS, DRYRUN, LOG, LOAD, SAVE and HELP. */
public final class AclCommands {
    private static final int GENPASS_MAX_BITS = 4096;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final List<String> HELP = List.of(
            "ACL <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "CAT [<category>]",
            "    Without a category, the names of the permission categories;",
            "    with one, the commands it holds.",
            "DELUSER <username> [<username> ...]",
            "    Removes users; their connections are closed.",
            "DRYRUN <username> <command> [<arg> ...]",
            "    Whether the user may run the command with these arguments; nothing runs.",
            "GETUSER <username>",
            "    One user's flags, password hashes, commands, keys, channels and selectors.",
            "GENPASS [<bits>]",
            "    A random password in hexadecimal digits, of 256 bits unless",
            "    another strength is asked for.",
            "LIST",
            "    Every user as an ACL file line.",
            "LOAD",
            "    Replaces the users with those of the ACL file.",
            "LOG [<count> | RESET]",
            "    The latest refusals, newest first, or clears them.",
            "SAVE",
            "    Writes the users to the ACL file.",
            "SETUSER <username> <attribute> [<attribute> ...]",
            "    Creates a user or changes it with the rules given.",
            "USERS",
            "    The user names.",
            "WHOAMI",
            "    The name of this connection's user.",
            "HELP",
            "    This text.");

    private AclCommands() {
    }

    public static void register(BiConsumer<String, CommandHandler> registry) {
        registry.accept("acl|setuser", AclCommands::setUser);
        registry.accept("acl|getuser", AclCommands::getUser);
        registry.accept("acl|deluser", AclCommands::delUser);
        registry.accept("acl|list", r -> list(r, false));
        registry.accept("acl|users", r -> list(r, true));
        registry.accept("acl|whoami", AclCommands::whoami);
        registry.accept("acl|cat", AclCommands::cat);
        registry.accept("acl|genpass", AclCommands::genpass);
        registry.accept("acl|dryrun", AclCommands::dryRun);
        registry.accept("acl|log", AclCommands::log);
        registry.accept("acl|load", AclFile::load);
        registry.accept("acl|save", AclFile::save);
        registry.accept("acl|help", r -> r.reply().simpleArray(HELP));
    }

    /** The node's users, the default one's password brought in line with requirepass. */
    static Acl acl(NodeContext node) {
        Acl acl = node.acl();
        acl.followRequirePass(node.config().requirePass());
        return acl;
    }

    static boolean allChannelsByDefault(NodeContext node) {
        return "allchannels".equals(node.config().get("acl-pubsub-default"));
    }

    private static void setUser(Request r) {
        List<String> rules = new ArrayList<>(r.argc() - 3);
        for (int i = 3; i < r.argc(); i++) {
            rules.add(r.text(i));
        }
        AclUser existing = acl(r.node()).user(r.text(2));
        List<String> channelsBefore = existing == null ? null : existing.channelRules();
        String error = acl(r.node()).setUser(r.text(2), rules, allChannelsByDefault(r.node()));
        if (error != null) {
            r.reply().error(error);
            return;
        }
        if (existing != null && channelsBefore != null) {
            closeSubscribersLosingChannels(r, existing, channelsBefore);
        }
        r.reply().ok();
    }

    /**
     * When a user's channel rules no longer include all those it had, its subscribed clients with
     * a subscription the new rules refuse are disconnected, as Redis does.
     */
    private static void closeSubscribersLosingChannels(Request r, AclUser user, List<String> before) {
        List<String> now = user.channelRules();
        if (now == null || now.containsAll(before)) {
            return;
        }
        Subscriptions subscriptions = r.node().subscriptions();
        for (Client client : new ArrayList<>(r.node().clients().all())) {
            if (client.user() != user || !client.subscribed()) {
                continue;
            }
            boolean refused = false;
            for (byte[] pattern : subscriptions.subscribedBy(client, Subscriptions.Kind.PATTERN)) {
                refused |= !user.channelAllowed(pattern, true);
            }
            for (Subscriptions.Kind kind : List.of(Subscriptions.Kind.CHANNEL, Subscriptions.Kind.SHARD)) {
                for (byte[] channel : subscriptions.subscribedBy(client, kind)) {
                    refused |= !user.channelAllowed(channel, false);
                }
            }
            if (refused) {
                if (client == r.client()) {
                    client.closeAfterReply(true);
                } else {
                    client.closeConnection();
                }
            }
        }
    }

    private static void getUser(Request r) {
        AclUser user = acl(r.node()).user(r.text(2));
        RespWriter reply = r.reply();
        if (user == null) {
            reply.nullBulk();
            return;
        }
        reply.mapHeader(6);
        reply.bulk("flags");
        List<String> flags = user.flags();
        reply.setHeader(flags.size());
        flags.forEach(reply::bulk);
        reply.bulk("passwords");
        reply.arrayHeader(user.passwords().size());
        user.passwords().forEach(reply::bulk);
        describeSelector(reply, user.selectors().get(0));
        reply.bulk("selectors");
        reply.arrayHeader(user.selectors().size() - 1);
        for (int i = 1; i < user.selectors().size(); i++) {
            reply.mapHeader(3);
            describeSelector(reply, user.selectors().get(i));
        }
    }

    private static void describeSelector(RespWriter reply, Selector selector) {
        reply.bulk("commands");
        reply.bulk(selector.commandRules());
        reply.bulk("keys");
        reply.bulk(selector.keysText());
        reply.bulk("channels");
        reply.bulk(selector.channelsText());
    }

    private static void delUser(Request r) {
        for (int i = 2; i < r.argc(); i++) {
            if (r.text(i).equals("default")) {
                r.reply().error("ERR The 'default' user cannot be removed");
                return;
            }
        }
        Acl acl = acl(r.node());
        int deleted = 0;
        for (int i = 2; i < r.argc(); i++) {
            AclUser user = acl.deleteUser(r.text(i));
            if (user != null) {
                deleted++;
                disconnect(r, candidate -> candidate == user);
            }
        }
        r.reply().integer(deleted);
    }

    /** Closes the connections of the users a change removed; the current one after its reply. */
    static void disconnect(Request r, java.util.function.Predicate<AclUser> gone) {
        for (Client client : new ArrayList<>(r.node().clients().all())) {
            AclUser user = client.user();
            if (user != null && gone.test(user)) {
                client.user(r.node().acl().defaultUser());
                client.authenticated(false);
                if (client == r.client()) {
                    client.closeAfterReply(true);
                } else {
                    client.closeConnection();
                }
            }
        }
    }

    private static void list(Request r, boolean namesOnly) {
        Acl acl = acl(r.node());
        RespWriter reply = r.reply();
        reply.arrayHeader(acl.users().size());
        for (AclUser user : acl.users()) {
            reply.bulk(namesOnly ? user.name() : "user " + user.name() + " " + user.describe());
        }
    }

    private static void whoami(Request r) {
        AclUser user = r.client().user();
        if (user == null) {
            r.reply().nullBulk();
        } else {
            r.reply().bulk(user.name());
        }
    }

    private static void cat(Request r) {
        RespWriter reply = r.reply();
        if (r.argc() == 2) {
            reply.arrayHeader(AclCategories.NAMES.size());
            AclCategories.NAMES.forEach(reply::bulk);
            return;
        }
        if (r.argc() > 3) {
            reply.error(Errors.subcommandSyntax(r.text(1), "acl"));
            return;
        }
        int category = AclCategories.index(r.text(2));
        if (category < 0) {
            r.latin1Error("ERR Unknown category '" + truncate(r.cString(2)) + "'");
            return;
        }
        List<String> names = new ArrayList<>();
        CommandIds ids = CommandIds.STANDARD;
        for (int id = 0; id < ids.size(); id++) {
            if (ids.inCategory(id, category)) {
                names.add(ids.spec(id).fullName());
            }
        }
        reply.arrayHeader(names.size());
        names.forEach(reply::bulk);
    }

    private static String truncate(String text) {
        return text.length() > 128 ? text.substring(0, 128) : text;
    }

    private static void genpass(Request r) {
        if (r.argc() > 3) {
            r.reply().error(Errors.subcommandSyntax(r.text(1), "acl"));
            return;
        }
        long bits = 256;
        if (r.argc() == 3) {
            Long given = Integers.int64(r.arg(2), Errors.NOT_INTEGER, r.reply());
            if (given == null) {
                return;
            }
            bits = given;
        }
        if (bits <= 0 || bits > GENPASS_MAX_BITS) {
            r.reply().error("ERR ACL GENPASS argument must be the number of bits for the output password, "
                    + "a positive number up to " + GENPASS_MAX_BITS);
            return;
        }
        int chars = (int) ((bits + 3) / 4);
        byte[] random = new byte[(chars + 1) / 2];
        RANDOM.nextBytes(random);
        r.reply().bulk(HexFormat.of().formatHex(random).substring(0, chars));
    }

    private static void dryRun(Request r) {
        Acl acl = acl(r.node());
        AclUser user = acl.user(r.text(2));
        if (user == null) {
            r.latin1Error("ERR User '" + r.cString(2) + "' not found");
            return;
        }
        byte[][] command = Arrays.copyOfRange(r.args(), 3, r.argc());
        CommandSpec spec = CommandTable.standard().resolve(command);
        if (spec == null) {
            r.latin1Error("ERR Command '" + r.cString(3) + "' not found");
            return;
        }
        String denied = acl.dryRun(user, spec, command);
        if (denied == null) {
            r.reply().ok();
        } else {
            r.reply().bulk(denied);
        }
    }

    private static void log(Request r) {
        AclLog log = acl(r.node()).log();
        if (r.argc() > 3) {
            r.reply().error(Errors.subcommandSyntax(r.text(1), "acl"));
            return;
        }
        long count = 10;
        if (r.argc() == 3) {
            if (r.is(2, "reset")) {
                log.reset();
                r.reply().ok();
                return;
            }
            Long given = Integers.int64(r.arg(2), Errors.NOT_INTEGER, r.reply());
            if (given == null) {
                return;
            }
            count = Math.max(0, given);
        }
        List<AclLog.Entry> entries = log.newest(count);
        long now = r.node().clock().currentTimeMillis();
        RespWriter reply = r.reply();
        reply.arrayHeader(entries.size());
        for (AclLog.Entry entry : entries) {
            reply.mapHeader(7);
            reply.bulk("count");
            reply.integer(entry.count());
            reply.bulk("reason");
            reply.bulk(entry.reason());
            reply.bulk("context");
            reply.bulk(entry.context());
            reply.bulk("object");
            reply.bulk(entry.object());
            reply.bulk("username");
            reply.bulk(entry.username());
            reply.bulk("age-seconds");
            reply.doubleValue((now - entry.createdMillis()) / 1000.0);
            reply.bulk("client-info");
            reply.bulk(entry.clientInfo());
        }
    }
}
