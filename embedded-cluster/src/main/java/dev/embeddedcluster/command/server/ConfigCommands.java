package dev.embeddedcluster.command.server;

import dev.embeddedcluster.command.Client;
import dev.embeddedcluster.command.CommandHandler;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.Glob;
import dev.embeddedcluster.command.NodeContext;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.command.notifications.EventFlags;
import dev.embeddedcluster.command.server.config.EncodingParameters;
import dev.embeddedcluster.command.server.config.InvalidValue;
import dev.embeddedcluster.command.server.config.Parameter;
import dev.embeddedcluster.command.server.config.ParameterTable;
import dev.embeddedcluster.command.server.config.ValueTypes;
import dev.embeddedcluster.resp.RespWriter;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/** CONFIG GET, SET, RESETSTAT and HELP over the node's {@link ServerConfig}. */
public final class ConfigCommands {
    /** The parameters eviction reads: setting one applies them (and evicts when over the limit). */
    private static final Set<String> EVICTION = Set.of("maxmemory", "maxmemory-policy", "maxmemory-samples");
    /** The parameters the node's statistics read (slow log, latency monitor and tracking). */
    private static final Set<String> STATISTICS = Set.of("slowlog-log-slower-than", "slowlog-max-len",
            "latency-monitor-threshold", "latency-tracking", "latency-tracking-info-percentiles");
    private static final List<String> HELP = List.of(
            "CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "GET <pattern> [<pattern> ...]",
            "    The parameters whose names match a glob pattern, with their values.",
            "SET <parameter> <value> [<parameter> <value> ...]",
            "    Changes parameters; all of them or none.",
            "RESETSTAT",
            "    Zeroes the counters INFO reports.",
            "REWRITE",
            "    Saves the parameters to the configuration file (a node has none).",
            "HELP",
            "    This text.");

    private ConfigCommands() {
    }

    static void register(BiConsumer<String, CommandHandler> registry) {
        registry.accept("config|get", ConfigCommands::get);
        registry.accept("config|set", ConfigCommands::set);
        registry.accept("config|resetstat", r -> {
            r.node().stats().reset();
            r.keyspace().resetReadCounts();
            r.reply().ok();
        });
        registry.accept("config|rewrite", r -> r.reply().error(Errors.NO_CONFIG_FILE));
        registry.accept("config|help", r -> r.reply().simpleArray(HELP));
    }

    /**
     * CONFIG GET: each name or alias once, under the name it was first asked by: a pattern with
     * glob characters gives every name and alias it matches but the hidden ones, a plain name that
     * parameter as asked.
     */
    private static void get(Request r) {
        Map<String, String> matched = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        Map<String, String> all = r.node().config().all();
        for (int i = 2; i < r.argc(); i++) {
            String pattern = r.text(i);
            if (!hasGlob(pattern)) {
                String name = pattern.toLowerCase(Locale.ROOT);
                String value = all.get(name);
                if (value != null && seen.add(name)) {
                    matched.put(pattern, value);
                }
                continue;
            }
            byte[] glob = r.arg(i);
            for (Map.Entry<String, String> e : all.entrySet()) {
                if (Glob.matches(glob, e.getKey().getBytes(StandardCharsets.UTF_8), true) && !ParameterTable.find(e.getKey()).hidden()
                        && seen.add(e.getKey())) {
                    matched.put(e.getKey(), e.getValue());
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

    private static boolean hasGlob(String pattern) {
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*' || c == '?' || c == '[') {
                return true;
            }
        }
        return false;
    }

    /**
     * CONFIG SET: first every name is checked (known, settable, not named twice), then every value
     * in turn; the first problem refuses the whole command, else all the values apply.
     */
    private static void set(Request r) {
        if ((r.argc() - 2) % 2 != 0) {
            r.reply().error(Errors.SYNTAX);
            return;
        }
        ServerConfig config = r.node().config();
        Set<String> named = new HashSet<>();
        for (int i = 2; i < r.argc(); i += 2) {
            String name = r.text(i).toLowerCase(Locale.ROOT);
            Parameter parameter = ParameterTable.find(name);
            if (parameter == null) {
                r.reply().error(Errors.configSetUnknown(r.text(i)));
                return;
            }
            String refusal = switch (parameter.mutability()) {
                case IMMUTABLE -> "can't set immutable config";
                case PROTECTED -> protectedAllowed(config, r.client()) ? null : "can't set protected config";
                case MUTABLE -> null;
            };
            if (refusal == null && !named.add(name)) {
                refusal = "duplicate parameter";
            }
            if (refusal != null) {
                r.reply().error(Errors.configSetFailed(r.text(i), refusal));
                return;
            }
        }
        Map<String, String> changes = new LinkedHashMap<>();
        String eventClasses = null;
        for (int i = 2; i < r.argc(); i += 2) {
            String name = r.text(i).toLowerCase(Locale.ROOT);
            Parameter parameter = ParameterTable.find(name);
            String value = r.text(i + 1);
            try {
                changes.put(parameter.name(), parameter.type().normalize(value,
                        changes.getOrDefault(parameter.name(), config.get(parameter.name()))));
            } catch (InvalidValue e) {
                r.reply().error(Errors.configSetFailed(r.text(i), e.getMessage()));
                return;
            }
            if (parameter.name().equals("notify-keyspace-events")) {
                // Applied as given: what CONFIG GET shows may leave classes out ("An" shows as "A").
                eventClasses = value;
            }
        }
        apply(r.node(), changes, eventClasses);
        r.reply().ok();
    }

    /** enable-protected-configs: "yes" for every client, "local" for those connected over loopback. */
    private static boolean protectedAllowed(ServerConfig config, Client client) {
        String setting = config.get("enable-protected-configs");
        if (setting.equals("yes")) {
            return true;
        }
        if (!setting.equals("local")) {
            return false;
        }
        String address = client.remoteAddress();
        return address.startsWith("127.") || address.startsWith("::1") || address.startsWith("[::1]");
    }

    /**
     * Sets validated parameters and brings into effect those that act at once: eviction, the
     * encodings' thresholds, keyspace notifications ({@code eventClasses}: the flags as given, or
     * null when unchanged) and the announced address.
     */
    private static void apply(NodeContext node, Map<String, String> changes, String eventClasses) {
        changes.forEach(node.config()::set);
        if (changes.keySet().stream().anyMatch(EVICTION::contains)) {
            node.eviction().configure(node.config());
        }
        if (changes.keySet().stream().anyMatch(EncodingParameters.NAMES::contains)) {
            EncodingParameters.apply(node.config(), node.keyspace().limits());
        }
        if (changes.keySet().stream().anyMatch(STATISTICS::contains)) {
            node.stats().configure(node.config());
        }
        if (changes.keySet().stream().anyMatch(ClientLimits.NAMES::contains)) {
            node.clientLimits().configure(node.config());
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

    /** A memory amount as CONFIG shows it or as given with a unit (1k = 1000, 1kb = 1024, ...); -1 when invalid. */
    static long memoryValue(String value) {
        try {
            return ValueTypes.bytes(ValueTypes.UNSIGNED_MEMORY.normalize(value, value));
        } catch (InvalidValue e) {
            return -1;
        }
    }
}
