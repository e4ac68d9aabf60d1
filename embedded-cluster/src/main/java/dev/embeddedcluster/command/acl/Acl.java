package dev.embeddedcluster.command.acl;

import dev.embeddedcluster.command.Client;
import dev.embeddedcluster.command.CommandSpec;
import dev.embeddedcluster.command.NodeContext;
import dev.embeddedcluster.command.server.ClientListFormat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A node's users (the default one always among them) and its ACL LOG. The default user's
 * password follows requirepass, as Redis keeps them one. Node thread only.
 */
public final class Acl {
    private final TreeMap<String, AclUser> users = new TreeMap<>();
    private final AclUser defaultUser = AclUser.createDefault();
    private final AclLog log = new AclLog();
    /** The requirepass value last applied to the default user. */
    private String appliedRequirePass = "";
    private final int[] position = new int[1];

    public Acl() {
        users.put(defaultUser.name(), defaultUser);
    }

    public AclUser defaultUser() {
        return defaultUser;
    }

    /** The user of this name, or null. */
    public AclUser user(String name) {
        return users.get(name);
    }

    public Collection<AclUser> users() {
        return users.values();
    }

    public AclLog log() {
        return log;
    }

    /** Makes the default user's password the requirepass value when that changed (CONFIG SET, restore). */
    public void followRequirePass(String requirePass) {
        String value = requirePass == null ? "" : requirePass;
        if (Objects.equals(value, appliedRequirePass)) {
            return;
        }
        appliedRequirePass = value;
        try {
            defaultUser.apply("resetpass", true);
            defaultUser.apply(value.isEmpty() ? "nopass" : ">" + value, true);
        } catch (AclRuleException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a new connection starts authenticated: the default user is enabled and needs no password. */
    public boolean openByDefault(String requirePass) {
        followRequirePass(requirePass);
        return defaultUser.enabled() && defaultUser.nopass();
    }

    /** The user these credentials authenticate, or null (unknown, disabled, wrong password). */
    public AclUser authenticate(String name, String password) {
        AclUser user = users.get(name);
        if (user == null || !user.enabled() || !user.accepts(password)) {
            return null;
        }
        return user;
    }

    /**
     * Creates or changes a user with the rules, all of them or none: null when applied, else the
     * error Redis replies. {@code allChannels}: acl-pubsub-default is allchannels.
     */
    public String setUser(String name, List<String> rules, boolean allChannels) {
        if (AclUser.hasSpaces(name)) {
            return "ERR Usernames can't contain spaces or null characters";
        }
        int[] unclosed = new int[1];
        List<String> merged = SelectorText.merge(rules, unclosed);
        if (merged == null) {
            return "ERR Unmatched parenthesis in acl selector starting at '" + rules.get(unclosed[0]) + "'.";
        }
        AclUser existing = users.get(name);
        AclUser changed = existing == null ? new AclUser(name, allChannels) : existing.copy(allChannels);
        for (String rule : merged) {
            try {
                changed.apply(rule, allChannels);
            } catch (AclRuleException e) {
                return "ERR Error in ACL SETUSER modifier '" + rule + "': " + e.getMessage();
            }
        }
        if (existing == null) {
            users.put(name, changed);
        } else {
            existing.copyFrom(changed);
        }
        return null;
    }

    /** Removes a user (never the default one); the caller disconnects its clients. */
    public AclUser deleteUser(String name) {
        return name.equals(defaultUser.name()) ? null : users.remove(name);
    }

    /** Puts back the users as given, each one "name rule rule...", and the default user's requirepass password. */
    public void restore(List<List<String>> configured, String requirePass) {
        replaceUsers(configured);
        boolean defaultListed = configured.stream().anyMatch(user -> user.get(0).equals(defaultUser.name()));
        appliedRequirePass = defaultListed && requirePass != null ? requirePass : "";
        followRequirePass(requirePass);
    }

    /**
     * Replaces every user by those given (ACL LOAD): a default user not listed becomes a fresh
     * default user; one listed starts from reset. The default user's object stays the same.
     */
    void replaceUsers(List<List<String>> configured) {
        users.clear();
        defaultUser.copyFrom(AclUser.createDefault());
        users.put(defaultUser.name(), defaultUser);
        for (List<String> user : configured) {
            String name = user.get(0);
            List<String> rules = new ArrayList<>(user.subList(1, user.size()));
            if (name.equals(defaultUser.name())) {
                rules.add(0, "reset");
            }
            String error = setUser(name, rules, false);
            if (error != null) {
                throw new IllegalArgumentException("user " + name + ": " + error);
            }
        }
    }

    /**
     * Checks a command a client is about to run or queue: null when allowed, otherwise the
     * refusal is logged and its NOPERM error returned. {@code context}: "toplevel" or "multi".
     */
    public String refusal(NodeContext node, Client client, AclUser user, CommandSpec spec, byte[][] args, String context) {
        int denied = user.check(spec, args, position);
        if (denied == Selector.OK) {
            return null;
        }
        logDenial(node, client, user, spec, args, denied, position[0], context);
        return switch (denied) {
            case Selector.DENIED_COMMAND -> "NOPERM this user has no permissions to run the '" + spec.fullName() + "' command";
            case Selector.DENIED_KEY -> "NOPERM this user has no permissions to access one of the keys used as arguments";
            default -> "NOPERM this user has no permissions to access one of the channels used as arguments";
        };
    }

    /**
     * Refusal of a queued command at EXEC, when the user's rules changed since it was queued;
     * null when allowed.
     */
    public String execRefusal(NodeContext node, Client client, AclUser user, CommandSpec spec, byte[][] args) {
        int denied = user.check(spec, args, position);
        if (denied == Selector.OK) {
            return null;
        }
        logDenial(node, client, user, spec, args, denied, position[0], "multi");
        String reason = switch (denied) {
            case Selector.DENIED_COMMAND -> "no permission to execute the command or subcommand";
            case Selector.DENIED_KEY -> "no permission to touch the specified keys";
            default -> "no permission for the used channels";
        };
        return "NOPERM ACLs rules changed between the moment the transaction was accumulated and the EXEC call. "
                + "This command is no longer allowed for the following reason: " + reason;
    }

    /** Refusal of a command a script calls, in Redis's words for scripts; null when allowed. */
    public String scriptRefusal(NodeContext node, Client caller, AclUser user, CommandSpec spec, byte[][] args) {
        int denied = user.check(spec, args, position);
        if (denied == Selector.OK) {
            return null;
        }
        logDenial(node, caller, user, spec, args, denied, position[0], "lua");
        return switch (denied) {
            case Selector.DENIED_COMMAND -> "The user executing the script can't run this command or subcommand";
            case Selector.DENIED_KEY -> "The user executing the script can't access at least one of the keys mentioned in the command arguments";
            default -> "The user executing the script can't publish to the channel mentioned in the command";
        };
    }

    /** Whether the user may run the command, logging nothing (redis.acl_check_cmd). */
    public boolean permits(AclUser user, CommandSpec spec, byte[][] args) {
        return user.check(spec, args, position) == Selector.OK;
    }

    /** ACL DRYRUN's answer: null when allowed, else the sentence Redis replies. */
    public String dryRun(AclUser user, CommandSpec spec, byte[][] args) {
        int denied = user.check(spec, args, position);
        return switch (denied) {
            case Selector.OK -> null;
            case Selector.DENIED_COMMAND -> "This user has no permissions to run the '" + spec.fullName() + "' command";
            case Selector.DENIED_KEY -> "This user has no permissions to access the '" + text(args[position[0]]) + "' key";
            default -> "This user has no permissions to access the '" + text(args[position[0]]) + "' channel";
        };
    }

    /** Logs a failed AUTH or HELLO AUTH. */
    public void logAuthFailure(NodeContext node, Client client, String username, byte[] commandName) {
        addEntry(node, client, "auth", client.transaction() != null ? "multi" : "toplevel", text(commandName), username);
    }

    private void logDenial(NodeContext node, Client client, AclUser user, CommandSpec spec, byte[][] args, int denied,
                           int at, String context) {
        String reason = denied == Selector.DENIED_COMMAND ? "command" : denied == Selector.DENIED_KEY ? "key" : "channel";
        String object = denied == Selector.DENIED_COMMAND ? spec.fullName() : text(args[at]);
        addEntry(node, client, reason, context, object, user.name());
    }

    private void addEntry(NodeContext node, Client client, String reason, String context, String object, String username) {
        long maxLength = Long.parseLong(node.config().get("acllog-max-len"));
        log.add(reason, context, object, username, node.clock().currentTimeMillis(),
                ClientListFormat.line(node, client, client.protocol(), null), maxLength);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
