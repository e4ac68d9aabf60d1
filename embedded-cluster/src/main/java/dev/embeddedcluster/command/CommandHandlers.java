package dev.embeddedcluster.command;

import dev.embeddedcluster.cluster.ClusterCommands;
import dev.embeddedcluster.cluster.ManualFailover;
import dev.embeddedcluster.cluster.MigrateCommand;
import dev.embeddedcluster.cluster.SetSlotCommand;
import dev.embeddedcluster.command.connection.ConnectionCommands;
import dev.embeddedcluster.command.introspection.CommandCommands;
import dev.embeddedcluster.command.keys.KeyCommands;
import dev.embeddedcluster.command.server.ServerCommands;
import dev.embeddedcluster.command.server.StandaloneOnlyCommands;
import dev.embeddedcluster.command.bits.BitCommands;
import dev.embeddedcluster.command.geo.GeoCommands;
import dev.embeddedcluster.command.hashes.HashCommands;
import dev.embeddedcluster.command.hyperloglog.HyperLogLogCommands;
import dev.embeddedcluster.command.lists.ListCommands;
import dev.embeddedcluster.command.pubsub.PubSubCommands;
import dev.embeddedcluster.command.sets.SetCommands;
import dev.embeddedcluster.command.sortedsets.SortedSetCommands;
import dev.embeddedcluster.command.streams.StreamCommands;
import dev.embeddedcluster.command.strings.StringCommands;
import dev.embeddedcluster.command.tracking.TrackingCommands;
import dev.embeddedcluster.command.scripting.FunctionCommands;
import dev.embeddedcluster.command.scripting.ScriptingCommands;
import dev.embeddedcluster.command.transactions.TransactionCommands;
import dev.embeddedcluster.replication.ReplicationCommands;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every command's handler, registered by full name from one table per command group. Stateless
 * handlers, so one instance serves every node of every cluster in the JVM.
 */
public final class CommandHandlers {
    private static volatile CommandHandlers standard;

    private final Map<CommandSpec, CommandHandler> bySpec = new IdentityHashMap<>();
    private final Map<String, CommandHandler> byName = new TreeMap<>();

    private CommandHandlers(CommandTable table) {
        ConnectionCommands.register(byName::put);
        ServerCommands.register(byName::put);
        StandaloneOnlyCommands.register(byName::put);
        StringCommands.register(byName::put);
        BitCommands.register(byName::put);
        HashCommands.register(byName::put);
        SetCommands.register(byName::put);
        ListCommands.register(byName::put);
        SortedSetCommands.register(byName::put);
        StreamCommands.register(byName::put);
        GeoCommands.register(byName::put);
        HyperLogLogCommands.register(byName::put);
        KeyCommands.register(byName::put);
        ClusterCommands.register(byName::put);
        SetSlotCommand.register(byName::put);
        ManualFailover.register(byName::put);
        MigrateCommand.register(byName::put);
        ReplicationCommands.register(byName::put);
        TransactionCommands.register(byName::put);
        PubSubCommands.register(byName::put);
        TrackingCommands.register(byName::put);
        ScriptingCommands.register(byName::put);
        FunctionCommands.register(byName::put);
        CommandCommands.register(byName::put);
        for (Map.Entry<String, CommandHandler> e : byName.entrySet()) {
            CommandSpec spec = table.lookupFullName(e.getKey());
            if (spec == null) {
                throw new IllegalStateException("handler without a command spec: " + e.getKey());
            }
            bySpec.put(spec, e.getValue());
        }
    }

    public static CommandHandlers standard() {
        CommandHandlers h = standard;
        if (h == null) {
            synchronized (CommandHandlers.class) {
                h = standard;
                if (h == null) {
                    h = standard = new CommandHandlers(CommandTable.standard());
                }
            }
        }
        return h;
    }

    /** Whether {@link #standard()} has been built already (it returns at once then). */
    public static boolean isBuilt() {
        return standard != null;
    }

    public CommandHandler get(CommandSpec spec) {
        return bySpec.get(spec);
    }

    /** Full names ("get", "cluster|nodes") of every command that has a handler. */
    public java.util.Set<String> names() {
        return byName.keySet();
    }
}
