package dev.embeddedcluster.command;

/**
 * The flags of a command, spelled as Redis 7.0 spells them in COMMAND INFO. The declaration order
 * is the order in which COMMAND INFO lists them. A few flags exist in Redis but are never shown by
 * COMMAND INFO ({@link #shownByCommandInfo()} is false); the table, built from COMMAND INFO, never
 * sets them unless someone adds them by hand.
 */
public enum CommandFlag {
    WRITE("write"),
    READONLY("readonly"),
    DENYOOM("denyoom"),
    MODULE("module"),
    ADMIN("admin"),
    PUBSUB("pubsub"),
    NOSCRIPT("noscript"),
    BLOCKING("blocking"),
    LOADING("loading"),
    STALE("stale"),
    SKIP_MONITOR("skip_monitor"),
    SKIP_SLOWLOG("skip_slowlog"),
    ASKING("asking"),
    FAST("fast"),
    NO_AUTH("no_auth"),
    MAY_REPLICATE("may_replicate", false),
    SENTINEL("sentinel", false),
    ONLY_SENTINEL("only_sentinel", false),
    NO_MANDATORY_KEYS("no_mandatory_keys"),
    PROTECTED("protected", false),
    NO_ASYNC_LOADING("no_async_loading"),
    NO_MULTI("no_multi"),
    MOVABLE_KEYS("movablekeys"),
    ALLOW_BUSY("allow_busy");

    private static final CommandFlag[] VALUES = values();

    private final String text;
    private final boolean shown;

    CommandFlag(String text) {
        this(text, true);
    }

    CommandFlag(String text, boolean shown) {
        this.text = text;
        this.shown = shown;
    }

    /** The name exactly as COMMAND INFO shows it ("write", "movablekeys", "no_auth"...). */
    public String text() {
        return text;
    }

    /** Whether COMMAND INFO lists this flag (Redis hides may_replicate, sentinel, only_sentinel, protected). */
    public boolean shownByCommandInfo() {
        return shown;
    }

    /** This flag's bit in {@link CommandSpec#flags()}. */
    public long bit() {
        return 1L << ordinal();
    }

    /** The flag with this COMMAND INFO name, or null. */
    public static CommandFlag fromText(String text) {
        for (CommandFlag flag : VALUES) {
            if (flag.text.equals(text)) {
                return flag;
            }
        }
        return null;
    }

    static CommandFlag[] all() {
        return VALUES;
    }
}
