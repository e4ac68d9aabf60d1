package dev.embeddedcluster.command;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The facts about one command or subcommand, as a real redis-server 7.0 reports them in COMMAND
 * INFO, plus its group, the version that introduced it and our own one-line summary. Immutable.
 * A container (CLIENT, CONFIG, OBJECT...) holds its subcommands; their full names are
 * {@code container|sub}.
 */
public final class CommandSpec {
    private static final CommandSpec[] NO_SUBCOMMANDS = new CommandSpec[0];

    private final String fullName;
    private final String name;
    private final byte[] nameBytes;
    private final int arity;
    private final long flags;
    private final int firstKey;
    private final int lastKey;
    private final int keyStep;
    private final List<String> aclCategories;
    private final List<String> tips;
    private final List<KeySpec> keySpecs;
    private final KeySpec[] keySpecArray;
    private final String group;
    private final String since;
    private final String summary;
    private final CommandSpec[] subcommands;
    private final List<CommandSpec> subcommandList;
    /** Its position among its table's commands and subcommands: where per-command counters are kept. */
    private int index = -1;

    // Precomputed for KeyExtractor.
    final boolean hasKeys;
    /**
     * SORT, whose STORE key only a scan of the options finds, and SORT_RO, whose only key is the
     * sorted one: Redis finds both with functions of their own (sortGetKeys, sortROGetKeys).
     */
    final boolean sortKeys;
    final boolean sortedKeyOnly;
    final boolean migrateKeys;
    /** A CLIENT subcommand: it keeps CLIENT CACHING's setting for the next command, as Redis does. */
    private final boolean clientSubcommand;
    /** Key positions when every key spec is a fixed index and range; null otherwise. */
    final int[] fixedKeys;
    /** The largest "last" index of the fixed specs: fixedKeys apply when argc > fixedKeysLast. */
    final int fixedKeysLast;

    /**
     * @param fullName       lower case, "get" or "client|setname"
     * @param arity          n: exactly n arguments, -n: at least n (the command name counts, and for a
     *                       subcommand so does the container's name)
     * @param flags          bit set of {@link CommandFlag#bit()}
     * @param aclCategories  ACL category names without the '@', in COMMAND INFO order
     * @param subcommands    the subcommands of a container, empty otherwise
     */
    public CommandSpec(String fullName, int arity, long flags, int firstKey, int lastKey, int keyStep,
                       List<String> aclCategories, List<String> tips, List<KeySpec> keySpecs,
                       String group, String since, String summary, List<CommandSpec> subcommands) {
        if (!fullName.equals(fullName.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("command names are lower case: " + fullName);
        }
        this.fullName = fullName;
        int bar = fullName.indexOf('|');
        this.name = bar < 0 ? fullName : fullName.substring(bar + 1);
        this.nameBytes = name.getBytes(StandardCharsets.UTF_8);
        this.arity = arity;
        this.flags = flags;
        this.firstKey = firstKey;
        this.lastKey = lastKey;
        this.keyStep = keyStep;
        this.aclCategories = List.copyOf(aclCategories);
        this.tips = List.copyOf(tips);
        this.keySpecs = List.copyOf(keySpecs);
        this.keySpecArray = this.keySpecs.toArray(new KeySpec[0]);
        this.group = group;
        this.since = since;
        this.summary = summary;
        if (subcommands.isEmpty()) {
            this.subcommands = NO_SUBCOMMANDS;
            this.subcommandList = List.of();
        } else {
            if (bar >= 0) {
                throw new IllegalArgumentException("only one level of subcommands: " + fullName);
            }
            for (CommandSpec sub : subcommands) {
                String subFull = sub.fullName;
                if (subFull.length() != fullName.length() + 1 + sub.name.length()
                        || !subFull.startsWith(fullName) || subFull.charAt(fullName.length()) != '|'
                        || sub.isContainer()) {
                    throw new IllegalArgumentException(sub.fullName + " is not a subcommand of " + fullName);
                }
            }
            this.subcommands = subcommands.toArray(new CommandSpec[0]);
            this.subcommandList = Collections.unmodifiableList(new ArrayList<>(subcommands));
        }

        boolean keys = false;
        boolean fixed = true;
        int fixedCount = 0;
        int maxLast = 0;
        for (KeySpec spec : keySpecArray) {
            if (spec.has(KeySpec.Flag.NOT_KEY)) {
                continue;
            }
            keys = true;
            if (spec.has(KeySpec.Flag.INCOMPLETE)
                    || !(spec.beginSearch() instanceof KeySpec.Index index)
                    || !(spec.findKeys() instanceof KeySpec.Range range)
                    || range.lastKey() < 0 || range.keyStep() <= 0) {
                fixed = false;
                break;
            }
            int last = index.index() + range.lastKey();
            fixedCount += range.lastKey() / range.keyStep() + 1;
            maxLast = Math.max(maxLast, last);
        }
        this.hasKeys = keys;
        this.clientSubcommand = fullName.startsWith("client|");
        this.sortKeys = fullName.equals("sort");
        this.sortedKeyOnly = fullName.equals("sort_ro");
        this.migrateKeys = fullName.equals("migrate");
        if (fixed && !sortKeys && !sortedKeyOnly && !migrateKeys) {
            int[] positions = new int[fixedCount];
            int n = 0;
            for (KeySpec spec : keySpecArray) {
                if (spec.has(KeySpec.Flag.NOT_KEY)) {
                    continue;
                }
                int first = ((KeySpec.Index) spec.beginSearch()).index();
                KeySpec.Range range = (KeySpec.Range) spec.findKeys();
                for (int i = first; i <= first + range.lastKey(); i += range.keyStep()) {
                    positions[n++] = i;
                }
            }
            this.fixedKeys = KeyExtractor.shared(positions);
            this.fixedKeysLast = maxLast;
        } else {
            this.fixedKeys = null;
            this.fixedKeysLast = Integer.MAX_VALUE;
        }
    }

    public boolean isClientSubcommand() {
        return clientSubcommand;
    }

    /** "get", "cluster|nodes". */
    public String fullName() {
        return fullName;
    }

    /** The last part of the name, lower case: "get", "nodes". */
    public String name() {
        return name;
    }

    public int arity() {
        return arity;
    }

    /** Whether {@code argc} arguments (the names included) satisfy the arity. */
    public boolean acceptsArgc(int argc) {
        return arity >= 0 ? argc == arity : argc >= -arity;
    }

    /** Bit set of {@link CommandFlag#bit()}. */
    public long flags() {
        return flags;
    }

    public boolean has(CommandFlag flag) {
        return (flags & flag.bit()) != 0;
    }

    /** The flags COMMAND INFO shows, in its order. */
    public List<CommandFlag> shownFlags() {
        List<CommandFlag> shown = new ArrayList<>(Long.bitCount(flags));
        for (CommandFlag flag : CommandFlag.all()) {
            if (flag.shownByCommandInfo() && has(flag)) {
                shown.add(flag);
            }
        }
        return shown;
    }

    /** Legacy first key index (0: no keys). */
    public int firstKey() {
        return firstKey;
    }

    /** Legacy last key index, negative when counted from the end. */
    public int lastKey() {
        return lastKey;
    }

    /** Legacy key step. */
    public int keyStep() {
        return keyStep;
    }

    /** ACL categories without the '@' ("read", "string", "fast"). */
    public List<String> aclCategories() {
        return aclCategories;
    }

    public boolean inAclCategory(String category) {
        for (String c : aclCategories) {
            if (c.equalsIgnoreCase(category)) {
                return true;
            }
        }
        return false;
    }

    /** Command tips ("nondeterministic_output", "request_policy:all_shards"...). */
    public List<String> tips() {
        return tips;
    }

    public List<KeySpec> keySpecs() {
        return keySpecs;
    }

    KeySpec[] keySpecArray() {
        return keySpecArray;
    }

    /** The command group ("string", "generic", "server", "connection", "cluster"...). */
    public String group() {
        return group;
    }

    /** The Redis version that introduced the command ("1.0.0"). */
    public String since() {
        return since;
    }

    /** Our own one-line description. */
    public String summary() {
        return summary;
    }

    /** Its position among its table's commands and subcommands (see {@link CommandTable#indexed()}). */
    public int index() {
        return index;
    }

    void index(int position) {
        index = position;
    }

    public boolean isContainer() {
        return subcommands.length != 0;
    }

    public boolean isSubcommand() {
        return name.length() != fullName.length();
    }

    /** The container's name for a subcommand ("client" for "client|setname"), else null. */
    public String containerName() {
        return isSubcommand() ? fullName.substring(0, fullName.length() - name.length() - 1) : null;
    }

    /** The subcommands of a container, in table order; empty for other commands. */
    public Collection<CommandSpec> subcommands() {
        return subcommandList;
    }

    /** The subcommand with this name, ignoring ASCII case, or null. Allocation-free. */
    public CommandSpec subcommand(byte[] subName) {
        for (CommandSpec sub : subcommands) {
            if (equalsIgnoreCase(sub.nameBytes, subName)) {
                return sub;
            }
        }
        return null;
    }

    /** The subcommand with this name, ignoring ASCII case, or null. */
    public CommandSpec subcommand(String subName) {
        return subcommand(subName.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code lower} is lower case; {@code arg} in any ASCII case. */
    static boolean equalsIgnoreCase(byte[] lower, byte[] arg) {
        int n = lower.length;
        if (arg.length != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            int b = arg[i];
            if (b >= 'A' && b <= 'Z') {
                b += 32;
            }
            if (b != lower[i]) {
                return false;
            }
        }
        return true;
    }

    byte[] nameBytes() {
        return nameBytes;
    }

    @Override
    public String toString() {
        return fullName;
    }
}
