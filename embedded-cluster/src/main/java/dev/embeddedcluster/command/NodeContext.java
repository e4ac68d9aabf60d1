package dev.embeddedcluster.command;

import dev.embeddedcluster.cluster.ClusterState;
import dev.embeddedcluster.cluster.ClusterTopology;
import dev.embeddedcluster.cluster.NodeInfo;
import dev.embeddedcluster.command.blocking.BlockedPops;
import dev.embeddedcluster.command.monitor.Monitors;
import dev.embeddedcluster.command.notifications.KeyspaceEvents;
import dev.embeddedcluster.command.pubsub.Subscriptions;
import dev.embeddedcluster.command.server.Eviction;
import dev.embeddedcluster.command.server.NodeShutdown;
import dev.embeddedcluster.command.server.NodeStats;
import dev.embeddedcluster.command.server.RdbPersistence;
import dev.embeddedcluster.command.server.ServerConfig;
import dev.embeddedcluster.command.tracking.Tracking;
import dev.embeddedcluster.command.transactions.Watches;
import dev.embeddedcluster.keyspace.Keyspace;
import dev.embeddedcluster.util.Clock;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * What a command handler may ask of the node it runs on: its keyspace and clock, the cluster's
 * topology as this node sees it, replication of its writes, keyspace events, its clients, the
 * per-node state of pub/sub, WATCH, tracking and blocked clients, and running work on the node's
 * thread. The server's node implements it; handlers never see the server, its threads or sockets.
 * Node thread only, unless a method says otherwise.
 */
public interface NodeContext {
    String id();

    String host();

    int port();

    Clock clock();

    /** The cluster's shared topology state, for readers that need its history (creation time). */
    ClusterState cluster();

    ClusterTopology topology();

    /** This node as the current topology describes it. */
    NodeInfo myself();

    boolean isMaster();

    /**
     * Changes the cluster's topology; every node, this one included, reacts to it in a task of its
     * own thread after the command running now. Returns the new topology.
     */
    ClusterTopology changeTopology(UnaryOperator<ClusterTopology> change);

    /**
     * Reacts to the topology as it is now (a change of role, slots no longer served, blocked
     * clients to redirect), as the node does in a task of its own after a change.
     */
    void topologyChanged();

    /** CLUSTER MEET: this node and the node of this cluster at that address come to share one view. */
    void meet(String host, int port);

    /** CLUSTER FORGET: the error to reply, or null once the node is forgotten. */
    String forget(String nodeId);

    /** CLUSTER RESET: this node knows only itself again, with no slots; HARD sets its epochs to 0. */
    void resetCluster(boolean hard);

    /** Takes in what the master sent, in order (the topology, then its stream). Between commands. */
    void catchUpWithMaster();

    /** The other nodes of the cluster in this JVM. */
    Members members();

    Keyspace keyspace();

    Clients clients();

    /** The node's users and ACL LOG. */
    dev.embeddedcluster.command.acl.Acl acl();

    NodeStats stats();

    /** maxclients, timeout and the buffer limits, as plain fields. */
    dev.embeddedcluster.command.server.ClientLimits clientLimits();

    ServerConfig config();

    Dispatcher dispatcher();

    Tracking tracking();

    /**
     * A write applied here (replicated or from the master) changed its keys: WATCH, tracking,
     * memory, and {@code changes} more for rdb_changes_since_last_save.
     */
    void keysWritten(byte[][] command, long changes);

    Eviction eviction();

    Monitors monitors();

    Subscriptions subscriptions();

    KeyspaceEvents keyspaceEvents();

    Watches watches();

    BlockedPops blockedPops();

    ClientPause clientPause();

    Replication replication();

    /** MIGRATE's connections to its targets. */
    MigrateTargets migrateTargets();

    /** INFO's migrate_cached_sockets: MIGRATE's connections kept open now. */
    int migrateCachedSockets();

    /** The node's Lua scripting, in an engine leased on first use. */
    Scripting scripting();

    /** The node's Lua scripting if an engine is leased already, else null (INFO asks without leasing one). */
    Scripting scriptingIfStarted();

    /** The thread Lua runs on, and the node's busy state. */
    ScriptThread worker();

    /** SHUTDOWN on this node: the one in progress, if any. */
    NodeShutdown shutdown();

    /**
     * The node's process ends, as when it is killed: from now on it serves nothing, then its port
     * closes, its connections are reset and the cluster fails it over after the node timeout.
     * Returns at once; the rest happens on another thread.
     */
    void stopProcess();

    /** Empties the keyspace; a master tells its replicas, as FLUSHALL does. */
    void flushAll();

    /** Runs a task on the node's thread, from any thread; while a script has the node, after it. */
    void execute(Runnable task);

    /** {@link #execute} after a delay. */
    ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit);

    /** A periodic task on the node's thread, skipped while a script has the node. */
    void scheduleWhileIdle(Runnable task, long period, TimeUnit unit);

    /** {@link #execute}, from any thread; dropped when the node has shut down with its cluster. */
    void runOnLoop(Runnable task);

    /** Runs a task about client connections on the node's thread after the current one, in order, from any thread. */
    void post(Runnable task);

    /** The name of the transport serving the node's sockets (INFO's multiplexing_api). */
    String transportName();

    /** The run id INFO shows: random per node start. */
    String runId();

    /** The node's thread, for its CPU time; -1 before it started. */
    long threadId();

    long startedMillis();

    long lastSaveSeconds();

    /** The node's RDB file: SAVE, BGSAVE, the changes since the last save. */
    RdbPersistence persistence();
}
