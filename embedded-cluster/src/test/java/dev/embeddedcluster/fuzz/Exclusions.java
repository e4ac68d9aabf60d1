package dev.embeddedcluster.fuzz;

import java.util.Map;

/**
 * Commands the fuzzer never sends, each with why: they would stop, block or reshape a server, or
 * make the two servers' states part ways for reasons that are no bug. A container's name excludes
 * every subcommand. Commands whose table flags say {@code blocking} are left out too (see
 * {@link #excluded}).
 */
final class Exclusions {
    static final Map<String, String> REASONS = Map.ofEntries(
            Map.entry("shutdown", "stops the server"),
            Map.entry("debug", "protected command; DEBUG SLEEP/SEGFAULT/RELOAD stop or restart the server"),
            Map.entry("monitor", "turns the connection into a feed of every command"),
            Map.entry("subscribe", "pub/sub mode: the connection only takes pub/sub commands afterwards"),
            Map.entry("psubscribe", "pub/sub mode"),
            Map.entry("ssubscribe", "pub/sub mode"),
            Map.entry("sync", "turns the connection into a replication stream"),
            Map.entry("psync", "turns the connection into a replication stream"),
            Map.entry("replicaof", "changes the node's role"),
            Map.entry("slaveof", "changes the node's role"),
            Map.entry("failover", "changes the node's role"),
            Map.entry("wait", "WAIT n 0 blocks forever with no replica"),
            Map.entry("save", "writes an RDB file"),
            Map.entry("bgsave", "writes an RDB file"),
            Map.entry("bgrewriteaof", "writes an AOF file"),
            Map.entry("migrate", "connects to other servers, waiting for their timeouts"),
            Map.entry("pfselftest", "a long self-test of HyperLogLog internals"),
            Map.entry("spop", "removes random members: the two servers' sets would part ways"),
            Map.entry("config|set", "changes limits and behaviour for every later input"),
            Map.entry("config|rewrite", "writes the configuration file"),
            Map.entry("acl|setuser", "may disable the default user and so every later input"),
            Map.entry("acl|deluser", "may remove users the comparison relies on"),
            Map.entry("acl|load", "reads an ACL file"),
            Map.entry("acl|save", "writes an ACL file"),
            Map.entry("client|kill", "closes connections, the bystander's among them"),
            Map.entry("client|pause", "stops every client, the bystander among them"),
            Map.entry("client|reply", "OFF and SKIP suppress the replies that are compared"),
            Map.entry("cluster|addslots", "changes the topology"),
            Map.entry("cluster|addslotsrange", "changes the topology"),
            Map.entry("cluster|delslots", "changes the topology"),
            Map.entry("cluster|delslotsrange", "changes the topology"),
            Map.entry("cluster|flushslots", "changes the topology"),
            Map.entry("cluster|forget", "changes the topology"),
            Map.entry("cluster|meet", "changes the topology (and connects to other servers)"),
            Map.entry("cluster|replicate", "changes the node's role"),
            Map.entry("cluster|reset", "changes the topology"),
            Map.entry("cluster|setslot", "changes the topology"),
            Map.entry("cluster|set-config-epoch", "changes the node's epoch"),
            Map.entry("cluster|bumpepoch", "changes the node's epoch"),
            Map.entry("cluster|failover", "changes the node's role"),
            Map.entry("cluster|saveconfig", "writes nodes.conf"),
            // Known differences of our command table (see the README's differences from Redis):
            // LOLWUT, BGREWRITEAOF and SCRIPT DEBUG are not served; CLIENT SETINFO and NO-TOUCH
            // (Redis 7.2) are, for the clients that send them.
            Map.entry("command|count", "known difference: counts our table (see above)"),
            Map.entry("command|list", "known difference: lists our table (see above)"),
            Map.entry("client|setinfo", "known difference: served as Redis 7.2 does, unknown to 7.0"),
            Map.entry("client|no-touch", "known difference: served as Redis 7.2 does, unknown to 7.0"),
            // Known difference: Redis routes these by their own key function, not their key specs
            // (an odd list after STREAMS has no key; only the last of STORE and STOREDIST counts).
            Map.entry("xread", "known difference: routing of an odd list of streams"),
            Map.entry("xreadgroup", "known difference: routing of an odd list of streams"),
            Map.entry("georadius", "known difference: routing with both STORE and STOREDIST"),
            Map.entry("georadiusbymember", "known difference: routing with both STORE and STOREDIST"));

    private Exclusions() {
    }

    /**
     * Inputs sent but whose replies are not compared, a known difference each: a script whose
     * syntax error is at a NUL byte (Lua names no token there; luaj names the next one).
     */
    static boolean knownDifference(String fullName, byte[][] argv) {
        int script = fullName.equals("eval") || fullName.equals("eval_ro") ? 1 : fullName.equals("script|load") ? 2 : -1;
        if (script < 0 || argv.length <= script) {
            return false;
        }
        for (byte b : argv[script]) {
            if (b == 0) {
                return true;
            }
        }
        return false;
    }

    /** Whether the fuzzer leaves out the command or subcommand {@code fullName} (blocking: its table flag). */
    static boolean excluded(String fullName, boolean blocking) {
        String parent = fullName.contains("|") ? fullName.substring(0, fullName.indexOf('|')) : fullName;
        if (blocking) {
            return true;
        }
        return REASONS.containsKey(fullName) || REASONS.containsKey(parent);
    }
}
