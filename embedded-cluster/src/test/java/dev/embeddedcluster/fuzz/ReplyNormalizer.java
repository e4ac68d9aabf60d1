package dev.embeddedcluster.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * How a reply is compared: byte for byte, unless its command is listed here with why. Error
 * replies are always compared byte for byte. Two looser forms:
 * <ul>
 *   <li>{@link Form#SHAPE}: only the reply's type and, for an aggregate, its length (times, ids,
 *       addresses, memory figures, random picks, our own HELP wording);</li>
 *   <li>{@link Form#KIND}: only the reply's type (lists whose length is ours: HELP texts in our own
 *       words, slow log and latency events of a JVM warming up, memory figures, our command table);</li>
 *   <li>{@link Form#UNORDERED}: the reply's lines as a sorted multiset (a hash table's order).</li>
 * </ul>
 */
final class ReplyNormalizer {
    enum Form { EXACT, SHAPE, KIND, UNORDERED }

    /** Container commands listed by name cover their subcommands unless a subcommand is listed itself. */
    static final Map<String, Form> FORMS = Map.ofEntries(
            // times, ids, addresses, counters of the server's own life
            Map.entry("info", Form.SHAPE), Map.entry("time", Form.SHAPE), Map.entry("lastsave", Form.SHAPE),
            Map.entry("hello", Form.SHAPE), Map.entry("role", Form.SHAPE),
            Map.entry("client|list", Form.SHAPE), Map.entry("client|info", Form.SHAPE), Map.entry("client|id", Form.SHAPE),
            Map.entry("cluster", Form.SHAPE), Map.entry("cluster|keyslot", Form.EXACT),
            Map.entry("cluster|countkeysinslot", Form.EXACT), Map.entry("cluster|getkeysinslot", Form.UNORDERED),
            Map.entry("config|get", Form.SHAPE), Map.entry("latency", Form.KIND), Map.entry("slowlog", Form.KIND),
            Map.entry("acl|log", Form.SHAPE), Map.entry("memory", Form.KIND), Map.entry("object|idletime", Form.SHAPE),
            Map.entry("xinfo|consumers", Form.SHAPE), Map.entry("xpending", Form.SHAPE),
            Map.entry("ttl", Form.SHAPE), Map.entry("pttl", Form.SHAPE),
            // random by design
            Map.entry("acl|genpass", Form.SHAPE), Map.entry("randomkey", Form.SHAPE), Map.entry("srandmember", Form.SHAPE),
            Map.entry("hrandfield", Form.SHAPE), Map.entry("zrandmember", Form.SHAPE),
            // formats or wording of our own: payloads, HELP texts, command summaries
            Map.entry("dump", Form.SHAPE), Map.entry("function|dump", Form.SHAPE), Map.entry("command", Form.KIND),
            Map.entry("command|docs", Form.KIND), Map.entry("command|info", Form.KIND),
            Map.entry("command|getkeys", Form.EXACT), Map.entry("command|getkeysandflags", Form.EXACT),
            Map.entry("xinfo|stream", Form.SHAPE),
            // a hash table's order
            Map.entry("keys", Form.UNORDERED), Map.entry("scan", Form.UNORDERED), Map.entry("sscan", Form.UNORDERED),
            Map.entry("hscan", Form.UNORDERED), Map.entry("zscan", Form.UNORDERED), Map.entry("smembers", Form.UNORDERED),
            Map.entry("sinter", Form.UNORDERED), Map.entry("sunion", Form.UNORDERED), Map.entry("sdiff", Form.UNORDERED),
            Map.entry("hkeys", Form.UNORDERED), Map.entry("hvals", Form.UNORDERED), Map.entry("hgetall", Form.UNORDERED),
            Map.entry("sort", Form.UNORDERED), Map.entry("sort_ro", Form.UNORDERED),
            Map.entry("pubsub", Form.UNORDERED));

    private ReplyNormalizer() {
    }

    /** The comparison form of a command (full name); HELP subcommands are our own wording. */
    static Form formOf(String fullName) {
        Form own = FORMS.get(fullName);
        if (own != null) {
            return own;
        }
        if (fullName.endsWith("|help")) {
            return Form.KIND;
        }
        int bar = fullName.indexOf('|');
        return bar < 0 ? Form.EXACT : FORMS.getOrDefault(fullName.substring(0, bar), Form.EXACT);
    }

    /** Whether the command is SCAN, SSCAN, HSCAN or ZSCAN given a cursor other than 0: one of a hash table's. */
    static boolean continuesAScan(String fullName, byte[][] argv) {
        int at = fullName.equals("scan") ? 1 : fullName.endsWith("scan") && fullName.length() == 5 ? 2 : -1;
        return at > 0 && argv.length > at && !new String(argv[at], StandardCharsets.ISO_8859_1).matches("0?");
    }

    /** The reply as compared in {@code form}. */
    static String normalize(Form form, byte[] reply) {
        String text = new String(reply, StandardCharsets.ISO_8859_1);
        if (form == Form.EXACT || text.isEmpty() || text.charAt(0) == '-' || text.charAt(0) == '!') {
            return text;
        }
        char type = text.charAt(0);
        if (form == Form.KIND) {
            return String.valueOf(type);
        }
        if (form == Form.SHAPE) {
            boolean aggregate = "*%~>|".indexOf(type) >= 0;
            return aggregate ? text.substring(0, text.indexOf("\r\n")) : String.valueOf(type);
        }
        String[] lines = text.split("\r\n");
        Arrays.sort(lines);
        return String.join("\n", lines);
    }
}
