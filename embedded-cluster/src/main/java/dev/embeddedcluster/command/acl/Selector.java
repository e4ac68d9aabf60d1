package dev.embeddedcluster.command.acl;

import dev.embeddedcluster.command.CommandFlag;
import dev.embeddedcluster.command.CommandSpec;
import dev.embeddedcluster.command.Glob;
import dev.embeddedcluster.command.KeyExtractor;
import dev.embeddedcluster.command.KeySpec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One set of permissions of a user: the commands (a bit per command id, plus the first
 * arguments allowed for an otherwise denied command), the key patterns and the channel patterns.
 * A user has a root selector and any number of others; a command passes when one selector allows it.
 */
final class Selector {
    static final int OK = 0;
    static final int DENIED_COMMAND = 1;
    static final int DENIED_KEY = 2;
    static final int DENIED_AUTH = 3;
    static final int DENIED_CHANNEL = 4;

    private static final CommandIds IDS = CommandIds.STANDARD;

    private final long[] commands;
    /** Every command is allowed (set by +@all, lost by any removal): the check skips the bits. */
    private boolean allCommands;
    /** +@all was the base: commands added later would be allowed too, and the rules start with +@all. */
    private boolean futureCommands;
    private Map<Integer, List<String>> firstArgs;
    private final List<KeyPattern> keys;
    private boolean allKeys;
    private final List<String> channels;
    /** The channel patterns' bytes, compiled once for the check. */
    private final List<byte[]> channelBytes;
    private boolean allChannels;

    Selector(boolean allChannels) {
        this.commands = new long[(IDS.size() + 63) >>> 6];
        this.keys = new ArrayList<>();
        this.channels = new ArrayList<>();
        this.channelBytes = new ArrayList<>();
        this.allChannels = allChannels;
    }

    private Selector(Selector from) {
        this.commands = from.commands.clone();
        this.allCommands = from.allCommands;
        this.futureCommands = from.futureCommands;
        if (from.firstArgs != null) {
            this.firstArgs = new HashMap<>();
            from.firstArgs.forEach((id, args) -> firstArgs.put(id, new ArrayList<>(args)));
        }
        this.keys = new ArrayList<>(from.keys);
        this.allKeys = from.allKeys;
        this.channels = new ArrayList<>(from.channels);
        this.channelBytes = new ArrayList<>(from.channelBytes);
        this.allChannels = from.allChannels;
    }

    Selector copy() {
        return new Selector(this);
    }

    boolean unrestricted() {
        return allCommands && allKeys && allChannels;
    }

    boolean allChannels() {
        return allChannels;
    }

    List<String> channels() {
        return channels;
    }

    /** Applies one selector rule (the user-level rules are {@link AclUser}'s). */
    void apply(String op) throws AclRuleException {
        if (op.equalsIgnoreCase("allkeys") || op.equals("~*")) {
            allKeys = true;
            keys.clear();
        } else if (op.equalsIgnoreCase("resetkeys")) {
            allKeys = false;
            keys.clear();
        } else if (op.equalsIgnoreCase("allchannels") || op.equals("&*")) {
            allChannels = true;
            channels.clear();
            channelBytes.clear();
        } else if (op.equalsIgnoreCase("resetchannels")) {
            allChannels = false;
            channels.clear();
            channelBytes.clear();
        } else if (op.equalsIgnoreCase("allcommands") || op.equalsIgnoreCase("+@all")) {
            Arrays.fill(commands, -1L);
            allCommands = true;
            futureCommands = true;
            firstArgs = null;
        } else if (op.equalsIgnoreCase("nocommands") || op.equalsIgnoreCase("-@all")) {
            Arrays.fill(commands, 0L);
            allCommands = false;
            futureCommands = false;
            firstArgs = null;
        } else if (op.startsWith("~") || op.startsWith("%")) {
            addKeyPattern(op);
        } else if (op.startsWith("&")) {
            if (allChannels) {
                throw new AclRuleException(AclRuleException.ALL_CHANNELS);
            }
            String pattern = op.substring(1);
            if (AclUser.hasSpaces(pattern)) {
                throw new AclRuleException(AclRuleException.SYNTAX);
            }
            if (!channels.contains(pattern)) {
                channels.add(pattern);
                channelBytes.add(pattern.getBytes(StandardCharsets.UTF_8));
            }
        } else if (op.startsWith("+@") || op.startsWith("-@")) {
            int category = AclCategories.index(op.substring(2));
            if (category < 0) {
                throw new AclRuleException(AclRuleException.UNKNOWN);
            }
            setCategory(category, op.charAt(0) == '+');
        } else if (op.startsWith("+")) {
            allowCommand(op.substring(1));
        } else if (op.startsWith("-")) {
            CommandSpec spec = IDS.lookup(op.substring(1));
            if (spec == null) {
                throw new AclRuleException(AclRuleException.UNKNOWN);
            }
            change(IDS.id(spec), false);
        } else {
            throw new AclRuleException(AclRuleException.SYNTAX);
        }
    }

    private void addKeyPattern(String op) throws AclRuleException {
        if (allKeys) {
            throw new AclRuleException(AclRuleException.ALL_KEYS);
        }
        int permissions = 0;
        int offset = 1;
        if (op.charAt(0) == '%') {
            for (; offset < op.length(); offset++) {
                char c = Character.toUpperCase(op.charAt(offset));
                if (c == 'R' && (permissions & KeyPattern.READ) == 0) {
                    permissions |= KeyPattern.READ;
                } else if (c == 'W' && (permissions & KeyPattern.WRITE) == 0) {
                    permissions |= KeyPattern.WRITE;
                } else if (op.charAt(offset) == '~') {
                    offset++;
                    break;
                } else {
                    throw new AclRuleException(AclRuleException.SYNTAX);
                }
            }
        } else {
            permissions = KeyPattern.ALL;
        }
        String pattern = op.substring(Math.min(offset, op.length()));
        if (AclUser.hasSpaces(pattern)) {
            throw new AclRuleException(AclRuleException.SYNTAX);
        }
        for (int i = 0; i < keys.size(); i++) {
            if (keys.get(i).pattern().equals(pattern)) {
                keys.set(i, keys.get(i).with(permissions));
                return;
            }
        }
        keys.add(KeyPattern.of(pattern, permissions));
    }

    /** +cmd, +container|sub, or +cmd|firstarg for a command without subcommands. */
    private void allowCommand(String name) throws AclRuleException {
        int bar = name.lastIndexOf('|');
        if (bar < 0) {
            CommandSpec spec = IDS.lookup(name);
            if (spec == null) {
                throw new AclRuleException(AclRuleException.UNKNOWN);
            }
            change(IDS.id(spec), true);
            return;
        }
        CommandSpec spec = IDS.lookup(name.substring(0, bar));
        if (spec == null) {
            throw new AclRuleException(AclRuleException.UNKNOWN);
        }
        if (spec.isSubcommand()) {
            throw new AclRuleException(AclRuleException.SUBCOMMAND_FIRST_ARG);
        }
        String sub = name.substring(bar + 1);
        if (sub.isEmpty()) {
            throw new AclRuleException(AclRuleException.SYNTAX);
        }
        if (spec.isContainer()) {
            CommandSpec subcommand = IDS.lookup(name);
            if (subcommand == null) {
                throw new AclRuleException(AclRuleException.UNKNOWN);
            }
            change(IDS.id(subcommand), true);
            return;
        }
        int id = IDS.id(spec);
        if (firstArgs == null) {
            firstArgs = new HashMap<>();
        }
        List<String> allowed = firstArgs.computeIfAbsent(id, k -> new ArrayList<>());
        for (String existing : allowed) {
            if (existing.equalsIgnoreCase(sub)) {
                return;
            }
        }
        allowed.add(sub);
    }

    /** Allows or denies a command and its subcommands, forgetting its allowed first arguments. */
    private void change(int id, boolean allow) {
        setBit(id, allow);
        if (firstArgs != null) {
            firstArgs.remove(id);
        }
        for (int child : IDS.children(id)) {
            change(child, allow);
        }
    }

    private void setCategory(int category, boolean allow) {
        for (int id = 0; id < IDS.size(); id++) {
            if (IDS.inCategory(id, category)) {
                if (allow && firstArgs != null) {
                    firstArgs.remove(id);
                }
                setBit(id, allow);
            }
        }
    }

    private void setBit(int id, boolean allow) {
        if (allow) {
            commands[id >>> 6] |= 1L << id;
        } else {
            commands[id >>> 6] &= ~(1L << id);
            allCommands = false;
        }
    }

    boolean allowed(int id) {
        return (commands[id >>> 6] & (1L << id)) != 0;
    }

    /**
     * Whether this selector lets the command run: OK or a DENIED_ reason, with the position of
     * the refused key or channel in {@code position[0]}.
     */
    int check(CommandSpec spec, int id, byte[][] args, int[] position) {
        if (!allCommands && !spec.has(CommandFlag.NO_AUTH) && (id < 0 || !allowed(id)) && !firstArgAllowed(spec, id, args)) {
            return DENIED_COMMAND;
        }
        if (!allKeys && KeyExtractor.hasKeys(spec)) {
            List<KeySpec> keySpecs = spec.keySpecs();
            if (keySpecs.size() == 1 && !keySpecs.get(0).has(KeySpec.Flag.VARIABLE_FLAGS)) {
                // One key spec, fixed flags: the positions alone (shared arrays for most commands) suffice.
                int flags = keySpecs.get(0).flags();
                for (int at : KeyExtractor.keyPositions(spec, args)) {
                    if (!keyAllowed(args[at], flags)) {
                        position[0] = at;
                        return DENIED_KEY;
                    }
                }
                return checkChannels(spec, args, position);
            }
            for (KeyExtractor.KeyReference key : KeyExtractor.keysAndFlags(spec, args)) {
                if (!keyAllowed(args[key.position()], key.flags())) {
                    position[0] = key.position();
                    return DENIED_KEY;
                }
            }
        }
        return checkChannels(spec, args, position);
    }

    private int checkChannels(CommandSpec spec, byte[][] args, int[] position) {
        if (!allChannels) {
            String name = spec.fullName();
            boolean pattern = name.equals("psubscribe");
            int last = name.equals("publish") || name.equals("spublish") ? 1
                    : pattern || name.equals("subscribe") || name.equals("ssubscribe") ? args.length - 1 : 0;
            for (int i = 1; i <= last; i++) {
                if (!channelAllowed(args[i], pattern)) {
                    position[0] = i;
                    return DENIED_CHANNEL;
                }
            }
        }
        return OK;
    }

    private boolean firstArgAllowed(CommandSpec spec, int id, byte[][] args) {
        if (firstArgs == null || args.length < 2 || id < 0) {
            return false;
        }
        List<String> allowed = firstArgs.get(id);
        if (allowed == null) {
            return false;
        }
        String first = new String(args[spec.isSubcommand() ? 2 : 1], StandardCharsets.UTF_8);
        for (String arg : allowed) {
            if (arg.equalsIgnoreCase(first)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a key may be used with the access its key spec flags declare. */
    boolean keyAllowed(byte[] key, int keySpecFlags) {
        if (allKeys) {
            return true;
        }
        int needed = 0;
        if ((keySpecFlags & KeySpec.Flag.ACCESS.bit()) != 0) {
            needed |= KeyPattern.READ;
        }
        if ((keySpecFlags & (KeySpec.Flag.INSERT.bit() | KeySpec.Flag.DELETE.bit() | KeySpec.Flag.UPDATE.bit())) != 0) {
            needed |= KeyPattern.WRITE;
        }
        for (KeyPattern pattern : keys) {
            if (pattern.grants(key, needed)) {
                return true;
            }
        }
        return false;
    }

    /** A channel (or, {@code literal}, a pattern subscribed to, compared as is) against the channel rules. */
    boolean channelAllowed(byte[] channel, boolean literal) {
        if (allChannels) {
            return true;
        }
        for (byte[] bytes : channelBytes) {
            if (literal ? Arrays.equals(bytes, channel) : Glob.matches(bytes, channel, false)) {
                return true;
            }
        }
        return false;
    }

    /** The key rules as GETUSER shows them: "~*" or the patterns separated by spaces. */
    String keysText() {
        if (allKeys) {
            return "~*";
        }
        StringBuilder text = new StringBuilder();
        for (KeyPattern pattern : keys) {
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(pattern.rule());
        }
        return text.toString();
    }

    /** The channel rules as GETUSER shows them: "&*" or each pattern after an '&'. */
    String channelsText() {
        if (allChannels) {
            return "&*";
        }
        StringBuilder text = new StringBuilder();
        for (String channel : channels) {
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append('&').append(channel);
        }
        return text.toString();
    }

    /** The selector as ACL LIST shows it: keys, channels, then the command rules. */
    String describe() {
        StringBuilder text = new StringBuilder();
        if (allKeys) {
            text.append("~* ");
        } else {
            for (KeyPattern pattern : keys) {
                text.append(pattern.rule()).append(' ');
            }
        }
        if (allChannels) {
            text.append("&* ");
        } else {
            text.append("resetchannels ");
            for (String channel : channels) {
                text.append('&').append(channel).append(' ');
            }
        }
        return text.append(commandRules()).toString();
    }

    /** The shortest-looking rules that give this selector's commands, as Redis 7.0 derives them. */
    String commandRules() {
        return new CommandRules(this).render();
    }

    boolean futureCommands() {
        return futureCommands;
    }

    long[] bits() {
        return commands;
    }

    List<String> firstArgs(int id) {
        return firstArgs == null ? null : firstArgs.get(id);
    }
}
