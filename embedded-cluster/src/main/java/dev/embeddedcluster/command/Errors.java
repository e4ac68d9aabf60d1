package dev.embeddedcluster.command;

/** Every error text we send, exactly as Redis 7.0 words it. */
public final class Errors {
    public static final String SYNTAX = "ERR syntax error";
    public static final String WRONG_TYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";
    public static final String NOT_INTEGER = "ERR value is not an integer or out of range";
    public static final String NOT_FLOAT = "ERR value is not a valid float";
    public static final String OVERFLOW = "ERR increment or decrement would overflow";
    public static final String NO_SUCH_KEY = "ERR no such key";
    public static final String CROSSSLOT = "CROSSSLOT Keys in request don't hash to the same slot";
    public static final String TRYAGAIN = "TRYAGAIN Multiple keys request during rehashing of slot";
    public static final String CLUSTERDOWN_UNBOUND = "CLUSTERDOWN Hash slot not served";
    public static final String CLUSTERDOWN_STATE = "CLUSTERDOWN The cluster is down";
    public static final String SELECT_IN_CLUSTER = "ERR SELECT is not allowed in cluster mode";
    public static final String NOAUTH = "NOAUTH Authentication required.";
    public static final String GETKEYS_INVALID_COMMAND = "ERR Invalid command specified";
    public static final String GETKEYS_NO_KEY_ARGUMENTS = "ERR The command has no key arguments";
    public static final String GETKEYS_INVALID_ARGUMENT_COUNT = "ERR Invalid number of arguments specified for command";
    public static final String GETKEYS_INVALID_ARGUMENTS = "ERR Invalid arguments specified for command";

    private Errors() {
    }

    public static String wrongArity(String fullName) {
        return "ERR wrong number of arguments for '" + fullName + "' command";
    }

    public static String unknownSubcommand(String sub, String container) {
        return "ERR unknown subcommand '" + truncate(sub, 128) + "'. Try " + container.toUpperCase(java.util.Locale.ROOT) + " HELP.";
    }

    public static String moved(int slot, String host, int port) {
        return "MOVED " + slot + " " + host + ":" + port;
    }

    public static String ask(int slot, String host, int port) {
        return "ASK " + slot + " " + host + ":" + port;
    }

    /** Error texts never carry a line break: Redis turns them into spaces. */
    public static String sanitize(String text) {
        if (text.indexOf('\r') < 0 && text.indexOf('\n') < 0) {
            return text;
        }
        return text.replace('\r', ' ').replace('\n', ' ');
    }

    static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
