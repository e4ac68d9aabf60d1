package dev.embeddedcluster.command;

import dev.embeddedcluster.command.bits.BitCommands;
import dev.embeddedcluster.command.cluster.ClusterCommands;
import dev.embeddedcluster.command.cluster.ClusterConfigCommands;
import dev.embeddedcluster.command.cluster.MembershipCommands;
import dev.embeddedcluster.command.cluster.ManualFailover;
import dev.embeddedcluster.command.cluster.MigrateCommand;
import dev.embeddedcluster.command.cluster.SetSlotCommand;
import dev.embeddedcluster.command.cluster.SlotAssignmentCommands;
import dev.embeddedcluster.command.acl.AclCommands;
import dev.embeddedcluster.command.connection.ConnectionCommands;
import dev.embeddedcluster.command.geo.GeoCommands;
import dev.embeddedcluster.command.hashes.HashCommands;
import dev.embeddedcluster.command.hyperloglog.HyperLogLogCommands;
import dev.embeddedcluster.command.introspection.CommandCommands;
import dev.embeddedcluster.command.keys.KeyCommands;
import dev.embeddedcluster.command.lists.ListCommands;
import dev.embeddedcluster.command.pubsub.PubSubCommands;
import dev.embeddedcluster.command.replication.ReplicaProtocolCommands;
import dev.embeddedcluster.command.replication.ReplicationCommands;
import dev.embeddedcluster.command.scripting.FunctionCommands;
import dev.embeddedcluster.command.scripting.ScriptingCommands;
import dev.embeddedcluster.command.server.ServerCommands;
import dev.embeddedcluster.command.server.StandaloneOnlyCommands;
import dev.embeddedcluster.command.sets.SetCommands;
import dev.embeddedcluster.command.sortedsets.SortedSetCommands;
import dev.embeddedcluster.command.streams.StreamCommands;
import dev.embeddedcluster.command.strings.StringCommands;
import dev.embeddedcluster.command.tracking.TrackingCommands;
import dev.embeddedcluster.command.transactions.TransactionCommands;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * Every command's handler, looked up by spec. Stateless handlers, so one instance serves every
 * node of every cluster in the JVM.
 *
 * <p>Handlers are registered a command group ({@link CommandSpec#group()}) at a time, on the first
 * lookup of a command of that group: building all of them (hundreds of lambdas) would take a fresh
 * JVM longer than starting the cluster's nodes, and most tests use a few groups. Lookups never
 * lock once a group is in; registering one takes a lock and publishes a new map.
 */
public final class CommandHandlers {
    private static final CommandHandler IN_NODE_ENGINE = r -> r.node().scripting().execute(r);
    private static final CommandHandlers STANDARD = new CommandHandlers(CommandTable.standard());

    private final CommandTable table;
    private volatile Registered registered = new Registered(new IdentityHashMap<>(), Set.of());

    /** What the registered groups put in: handlers by spec, and the groups themselves. */
    private record Registered(Map<CommandSpec, CommandHandler> bySpec, Set<String> groups) {
    }

    CommandHandlers(CommandTable table) {
        this.table = table;
    }

    public static CommandHandlers standard() {
        return STANDARD;
    }

    /** The spec's handler, or null for a command in the table that we do not implement. */
    public CommandHandler get(CommandSpec spec) {
        Registered now = registered;
        CommandHandler handler = now.bySpec.get(spec);
        if (handler != null || now.groups.contains(spec.group())) {
            return handler;
        }
        return register(spec.group()).bySpec.get(spec);
    }

    /** Full names ("get", "cluster|nodes") of every command that has a handler. */
    public Set<String> names() {
        Set<String> names = new TreeSet<>();
        for (CommandSpec spec : table.all()) {
            for (CommandSpec command : spec.isContainer() ? spec.subcommands() : List.of(spec)) {
                if (get(command) != null) {
                    names.add(command.fullName());
                }
            }
        }
        return names;
    }

    /** Registers the handlers of a command group now, if they are not in yet. */
    public void registerGroup(String group) {
        register(group);
    }

    private synchronized Registered register(String group) {
        Registered before = registered;
        if (before.groups.contains(group)) {
            return before;
        }
        Map<CommandSpec, CommandHandler> bySpec = new IdentityHashMap<>(before.bySpec);
        BiConsumer<String, CommandHandler> registry = (name, handler) -> {
            CommandSpec spec = table.lookupFullName(name);
            if (spec == null) {
                throw new IllegalStateException("handler without a command spec: " + name);
            }
            bySpec.put(spec, handler);
        };
        registerHandlersOf(group, registry);
        Set<String> groups = new TreeSet<>(before.groups);
        groups.add(group);
        Registered after = new Registered(bySpec, Set.copyOf(groups));
        registered = after;
        return after;
    }

    /**
     * Registers every handler of the command group (COMMAND DOCS's "group"). A class may hold
     * commands of several groups: it is listed under each, and registering it twice is harmless.
     */
    private static void registerHandlersOf(String group, BiConsumer<String, CommandHandler> registry) {
        switch (group) {
            case "connection" -> {
                ConnectionCommands.register(registry);
                ServerCommands.register(registry);
                TrackingCommands.register(registry);
            }
            case "server" -> {
                ServerCommands.register(registry);
                AclCommands.register(registry);
                StandaloneOnlyCommands.register(registry);
                KeyCommands.register(registry);
                ReplicationCommands.register(registry);
                ReplicaProtocolCommands.register(registry);
                CommandCommands.register(registry);
            }
            case "generic" -> {
                KeyCommands.register(registry);
                MigrateCommand.register(registry);
                StandaloneOnlyCommands.register(registry);
                ReplicationCommands.register(registry);
            }
            case "cluster" -> {
                ClusterCommands.register(registry);
                SetSlotCommand.register(registry);
                SlotAssignmentCommands.register(registry);
                ClusterConfigCommands.register(registry);
                MembershipCommands.register(registry);
                ManualFailover.register(registry);
                ConnectionCommands.register(registry);
            }
            case "string" -> StringCommands.register(registry);
            case "bitmap" -> BitCommands.register(registry);
            case "hash" -> HashCommands.register(registry);
            case "set" -> SetCommands.register(registry);
            case "list" -> ListCommands.register(registry);
            case "sorted-set" -> SortedSetCommands.register(registry);
            case "stream" -> StreamCommands.register(registry);
            case "geo" -> GeoCommands.register(registry);
            case "hyperloglog" -> HyperLogLogCommands.register(registry);
            case "transactions" -> TransactionCommands.register(registry);
            case "pubsub" -> PubSubCommands.register(registry);
            case "scripting" -> {
                // They run in the node's own Lua engine (Scripting), whose copy of the scripting
                // package holds the handlers: here each name they register is bound to that engine.
                BiConsumer<String, CommandHandler> toEngine = (name, inThisLoader) -> registry.accept(name, IN_NODE_ENGINE);
                ScriptingCommands.register(toEngine);
                FunctionCommands.register(toEngine);
            }
            default -> {
                // a group none of whose commands we implement
            }
        }
    }
}
