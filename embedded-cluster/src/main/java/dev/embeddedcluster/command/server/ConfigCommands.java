package dev.embeddedcluster.command.server;

import dev.embeddedcluster.command.CommandHandler;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.Glob;
import dev.embeddedcluster.command.NodeContext;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.command.notifications.EventFlags;
import dev.embeddedcluster.resp.RespWriter;
import dev.embeddedcluster.util.RedisNumbers;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/** CONFIG GET, SET, RESETSTAT and HELP over the node's {@link ServerConfig}. */
public final class ConfigCommands {
    private static final Set<String> IMMUTABLE = Set.of("port", "bind", "cluster-enabled", "databases", "cluster-config-file",
            "enable-debug-command", "enable-module-command", "enable-protected-configs");
    private static final Set<String> MEMORY_VALUES = Set.of("maxmemory", "proto-max-bulk-len", "client-query-buffer-limit");
    private static final Set<String> INTEGER_VALUES = Set.of("timeout", "hz", "cluster-node-timeout", "repl-ping-replica-period", "repl-timeout",
            "maxclients", "maxmemory-samples", "busy-reply-threshold", "lua-time-limit", "shutdown-timeout",
            "repl-diskless-sync-delay", "repl-diskless-sync-max-replicas");
    /** The parameters eviction reads: setting one applies them (and evicts when over the limit). */
    private static final Set<String> EVICTION = Set.of("maxmemory", "maxmemory-policy", "maxmemory-samples");
    private static final Set<String> NON_NEGATIVE = Set.of("busy-reply-threshold", "lua-time-limit");
    private static final Set<String> YES_NO = Set.of("appendonly", "cluster-require-full-coverage",
            "cluster-allow-reads-when-down", "lazyfree-lazy-expire", "replica-read-only", "repl-diskless-sync");
    private static final List<String> POLICIES = List.of("volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl",
            "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction");
    private static final List<String> HELP = List.of(
            "CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "GET <pattern> [<pattern> ...]",
            "    The parameters whose names match a glob pattern, with their values.",
            "SET <parameter> <value> [<parameter> <value> ...]",
            "    Changes parameters; all of them or none.",
            "RESETSTAT",
            "    Zeroes the counters INFO reports.",
            "HELP",
            "    This text.");

    private ConfigCommands() {
    }

    static void register(BiConsumer<String, CommandHandler> registry) {
        registry.accept("config|get", ConfigCommands::get);
        registry.accept("config|set", ConfigCommands::set);
        registry.accept("config|resetstat", r -> {
            r.node().stats().reset();
            r.reply().ok();
        });
        registry.accept("config|help", r -> r.reply().simpleArray(HELP));
    }

    private static void get(Request r) {
        Map<String, String> matched = new LinkedHashMap<>();
        for (int i = 2; i < r.argc(); i++) {
            byte[] pattern = r.arg(i);
            for (Map.Entry<String, String> e : r.node().config().all().entrySet()) {
                if (Glob.matches(pattern, e.getKey().getBytes(StandardCharsets.UTF_8), true)) {
                    matched.putIfAbsent(e.getKey(), e.getValue());
                }
            }
        }
        RespWriter reply = r.reply();
        reply.mapHeader(matched.size());
        matched.forEach((name, value) -> {
            reply.bulk(name);
            reply.bulk(value);
        });
    }

    private static void set(Request r) {
        if ((r.argc() - 2) % 2 != 0) {
            r.reply().error(Errors.wrongArity(r.spec().fullName()));
            return;
        }
        ServerConfig config = r.node().config();
        Map<String, String> changes = new LinkedHashMap<>();
        String eventClasses = null;
        for (int i = 2; i < r.argc(); i += 2) {
            String name = r.text(i).toLowerCase(Locale.ROOT);
            String value = r.text(i + 1);
            if (config.get(name) == null) {
                r.reply().error(Errors.configSetUnknown(r.text(i)));
                return;
            }
            if (changes.containsKey(name)) {
                r.reply().error(Errors.configSetFailed(r.text(i), "duplicate parameter"));
                return;
            }
            String problem = validate(name, value);
            if (problem != null) {
                r.reply().error(Errors.configSetFailed(r.text(i), problem));
                return;
            }
            changes.put(name, normalize(name, value));
            if (name.equals("notify-keyspace-events")) {
                // Applied as given: what CONFIG GET shows may leave classes out ("An" shows as "A").
                eventClasses = value;
            }
        }
        apply(r.node(), changes, eventClasses);
        r.reply().ok();
    }

    /**
     * Sets validated parameters and brings into effect those that act at once: eviction, and
     * keyspace notifications ({@code eventClasses}: the flags as given, or null when unchanged).
     */
    private static void apply(NodeContext node, Map<String, String> changes, String eventClasses) {
        changes.forEach(node.config()::set);
        if (changes.keySet().stream().anyMatch(EVICTION::contains)) {
            node.eviction().configure(node.config());
        }
        if (eventClasses != null) {
            node.keyspaceEvents().configure(EventFlags.parse(eventClasses));
        }
        String announced = changes.get("cluster-announce-ip");
        if (announced != null) {
            // Other nodes would hear of it by gossip; here they share the topology.
            node.changeTopology(t -> t.withHost(node.id(), announced.isEmpty() ? node.host() : announced));
        }
    }

    /** Puts back every parameter that differs from {@code initial}, as CONFIG SET would. Node thread only. */
    public static void restore(NodeContext node, Map<String, String> initial) {
        Map<String, String> changes = new LinkedHashMap<>();
        initial.forEach((name, value) -> {
            if (!value.equals(node.config().get(name))) {
                changes.put(name, value);
            }
        });
        if (!changes.isEmpty()) {
            apply(node, changes, changes.get("notify-keyspace-events"));
        }
    }

    private static String validate(String name, String value) {
        if (IMMUTABLE.contains(name)) {
            return "can't set immutable config";
        }
        if (MEMORY_VALUES.contains(name) && memoryValue(value) < 0) {
            return "argument must be a memory value";
        }
        if (INTEGER_VALUES.contains(name) && RedisNumbers.parseLong(value) == null) {
            return "argument couldn't be parsed into an integer";
        }
        if (name.equals("maxmemory-samples") && (RedisNumbers.parseLong(value) < 1 || RedisNumbers.parseLong(value) > Integer.MAX_VALUE)) {
            return "argument must be between 1 and " + Integer.MAX_VALUE + " inclusive";
        }
        if (Set.of("shutdown-timeout", "repl-diskless-sync-delay", "repl-diskless-sync-max-replicas").contains(name) && (RedisNumbers.parseLong(value) < 0 || RedisNumbers.parseLong(value) > Integer.MAX_VALUE)) {
            return "argument must be between 0 and " + Integer.MAX_VALUE + " inclusive";
        }
        if (NON_NEGATIVE.contains(name) && RedisNumbers.parseLong(value) < 0) {
            return "argument must be between 0 and 9223372036854775807 inclusive";
        }
        if (YES_NO.contains(name) && !value.equalsIgnoreCase("yes") && !value.equalsIgnoreCase("no")) {
            return "argument must be 'yes' or 'no'";
        }
        if (name.equals("notify-keyspace-events") && EventFlags.parse(value) < 0) {
            return Errors.INVALID_EVENT_CLASS;
        }
        if (name.equals("maxmemory-policy") && !POLICIES.contains(value.toLowerCase(Locale.ROOT))) {
            return "argument(s) must be one of the following: " + String.join(", ", POLICIES);
        }
        return null;
    }

    private static String normalize(String name, String value) {
        if (MEMORY_VALUES.contains(name)) {
            return Long.toString(memoryValue(value));
        }
        if (YES_NO.contains(name) || name.equals("maxmemory-policy")) {
            return value.toLowerCase(Locale.ROOT);
        }
        if (name.equals("notify-keyspace-events")) {
            return EventFlags.format(EventFlags.parse(value));
        }
        return value;
    }

    /** A memory amount as Redis reads it (1k = 1000, 1kb = 1024, ... up to gb); -1 when invalid. */
    static long memoryValue(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        long multiplier = 1;
        String[][] units = {{"kb", "1024"}, {"mb", "1048576"}, {"gb", "1073741824"}, {"k", "1000"}, {"m", "1000000"},
                {"g", "1000000000"}, {"b", "1"}};
        for (String[] unit : units) {
            if (v.endsWith(unit[0])) {
                multiplier = Long.parseLong(unit[1]);
                v = v.substring(0, v.length() - unit[0].length());
                break;
            }
        }
        Long number = RedisNumbers.parseLong(v);
        if (number == null || number < 0) {
            return -1;
        }
        return number * multiplier;
    }
}
