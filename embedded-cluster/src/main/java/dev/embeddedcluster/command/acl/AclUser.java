package dev.embeddedcluster.command.acl;

import dev.embeddedcluster.command.CommandSpec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A user of a node: whether it is enabled, its passwords (SHA-256, hex), the payload
 * sanitization flag and its selectors, the root one first. Changed in place by ACL SETUSER, so
 * that connected clients see the change at their next command. Node thread only.
 */
public final class AclUser {
    private static final int SANITIZE = 1;
    private static final int SKIP_SANITIZE = 2;

    private final String name;
    private boolean enabled;
    private boolean nopass;
    private int sanitize;
    private final List<String> passwords = new ArrayList<>();
    private final List<Selector> selectors = new ArrayList<>();
    /** Cached: one selector allowing every command, key and channel (the check is then skipped). */
    private boolean unrestricted;

    AclUser(String name, boolean allChannels) {
        this.name = name;
        selectors.add(new Selector(allChannels));
    }

    /** The user every connection starts as: enabled, no password, every permission. */
    static AclUser createDefault() {
        AclUser user = new AclUser("default", true);
        try {
            for (String op : List.of("+@all", "~*", "&*", "on", "nopass")) {
                user.apply(op);
            }
        } catch (AclRuleException e) {
            throw new IllegalStateException(e);
        }
        return user;
    }

    public String name() {
        return name;
    }

    public boolean enabled() {
        return enabled;
    }

    public boolean nopass() {
        return nopass;
    }

    /** Whether this user may run anything: the permission check is skipped. */
    public boolean unrestricted() {
        return unrestricted;
    }

    /** Copies another user's settings into this one (SETUSER applies its rules to a copy first). */
    void copyFrom(AclUser other) {
        enabled = other.enabled;
        nopass = other.nopass;
        sanitize = other.sanitize;
        passwords.clear();
        passwords.addAll(other.passwords);
        selectors.clear();
        for (Selector selector : other.selectors) {
            selectors.add(selector.copy());
        }
        unrestricted = other.unrestricted;
    }

    AclUser copy(boolean allChannels) {
        AclUser copy = new AclUser(name, allChannels);
        copy.copyFrom(this);
        return copy;
    }

    /** Applies one rule, as ACL SETUSER does; {@code reset} uses acl-pubsub-default through {@code allChannels}. */
    void apply(String op, boolean allChannels) throws AclRuleException {
        if (op.isEmpty()) {
            return;
        }
        if (op.equalsIgnoreCase("on")) {
            enabled = true;
        } else if (op.equalsIgnoreCase("off")) {
            enabled = false;
        } else if (op.equalsIgnoreCase("skip-sanitize-payload")) {
            sanitize = SKIP_SANITIZE;
        } else if (op.equalsIgnoreCase("sanitize-payload")) {
            sanitize = SANITIZE;
        } else if (op.equalsIgnoreCase("nopass")) {
            nopass = true;
            passwords.clear();
        } else if (op.equalsIgnoreCase("resetpass")) {
            nopass = false;
            passwords.clear();
        } else if (op.startsWith(">") || op.startsWith("#")) {
            String hash = op.startsWith(">") ? hash(op.substring(1)) : checkedHash(op.substring(1));
            if (!passwords.contains(hash)) {
                passwords.add(hash);
            }
            nopass = false;
        } else if (op.startsWith("<") || op.startsWith("!")) {
            String hash = op.startsWith("<") ? hash(op.substring(1)) : checkedHash(op.substring(1));
            if (!passwords.remove(hash)) {
                throw new AclRuleException(AclRuleException.NO_SUCH_PASSWORD);
            }
        } else if (op.length() > 1 && op.startsWith("(") && op.endsWith(")")) {
            Selector selector = new Selector(allChannels);
            for (String rule : SelectorText.split(op.substring(1, op.length() - 1))) {
                selector.apply(rule);
            }
            selectors.add(selector);
        } else if (op.equalsIgnoreCase("clearselectors")) {
            selectors.subList(1, selectors.size()).clear();
        } else if (op.equalsIgnoreCase("reset")) {
            nopass = false;
            passwords.clear();
            Selector root = selectors.get(0);
            root.apply("resetkeys");
            root.apply("resetchannels");
            if (allChannels) {
                root.apply("allchannels");
            }
            enabled = false;
            sanitize = SANITIZE;
            selectors.subList(1, selectors.size()).clear();
            root.apply("-@all");
        } else {
            selectors.get(0).apply(op);
        }
        unrestricted = selectors.size() == 1 && selectors.get(0).unrestricted();
    }

    private void apply(String op) throws AclRuleException {
        apply(op, true);
    }

    /** Whether the password is one of the user's (any password when nopass). */
    public boolean accepts(String password) {
        if (nopass) {
            return true;
        }
        byte[] given = hash(password).getBytes(StandardCharsets.US_ASCII);
        boolean found = false;
        for (String stored : passwords) {
            found |= MessageDigest.isEqual(given, stored.getBytes(StandardCharsets.US_ASCII));
        }
        return found;
    }

    /**
     * Checks a command against every selector: {@link Selector#OK}, or the most relevant
     * refusal, as Redis ranks them (channel over key over command, the later argument first),
     * with its argument position in {@code position[0]}.
     */
    int check(CommandSpec spec, byte[][] args, int[] position) {
        int id = CommandIds.STANDARD.id(spec);
        int relevant = Selector.DENIED_COMMAND;
        int lastPosition = 0;
        int[] at = position;
        for (Selector selector : selectors) {
            at[0] = 0;
            int result = selector.check(spec, id, args, at);
            if (result == Selector.OK) {
                return Selector.OK;
            }
            if (result > relevant || (result == relevant && at[0] > lastPosition)) {
                relevant = result;
                lastPosition = at[0];
            }
        }
        position[0] = lastPosition;
        return relevant;
    }

    /** Whether some selector lets this user use the channel (PUBLISH from scripts, kills on change). */
    boolean channelAllowed(byte[] channel, boolean literal) {
        for (Selector selector : selectors) {
            if (selector.channelAllowed(channel, literal)) {
                return true;
            }
        }
        return false;
    }

    /** The channel patterns of every selector together; null when a selector allows every channel. */
    List<String> channelRules() {
        List<String> rules = new ArrayList<>();
        for (Selector selector : selectors) {
            if (selector.allChannels()) {
                return null;
            }
            rules.addAll(selector.channels());
        }
        return rules;
    }

    List<String> flags() {
        List<String> flags = new ArrayList<>(3);
        flags.add(enabled ? "on" : "off");
        if (nopass) {
            flags.add("nopass");
        }
        if (sanitize == SKIP_SANITIZE) {
            flags.add("skip-sanitize-payload");
        } else if (sanitize == SANITIZE) {
            flags.add("sanitize-payload");
        }
        return flags;
    }

    List<String> passwords() {
        return passwords;
    }

    List<Selector> selectors() {
        return selectors;
    }

    /** The user's rules as ACL LIST shows them (without "user name"). */
    String describe() {
        StringBuilder text = new StringBuilder();
        for (String flag : flags()) {
            text.append(flag).append(' ');
        }
        for (String password : passwords) {
            text.append('#').append(password).append(' ');
        }
        text.append(selectors.get(0).describe());
        for (int i = 1; i < selectors.size(); i++) {
            text.append(" (").append(selectors.get(i).describe()).append(')');
        }
        return text.toString();
    }

    static String hash(String password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String checkedHash(String hash) throws AclRuleException {
        if (hash.length() != 64) {
            throw new AclRuleException(AclRuleException.BAD_HASH);
        }
        for (int i = 0; i < hash.length(); i++) {
            char c = hash.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                throw new AclRuleException(AclRuleException.BAD_HASH);
            }
        }
        return hash;
    }

    /** Whether a name or pattern holds white space or NUL, which ACL rules refuse. */
    static boolean hasSpaces(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0 || c == ' ' || (c >= '\t' && c <= '\r')) {
                return true;
            }
        }
        return false;
    }
}
