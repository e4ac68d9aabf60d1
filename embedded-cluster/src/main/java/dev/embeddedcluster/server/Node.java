package dev.embeddedcluster.server;

import dev.embeddedcluster.cluster.ClusterState;
import dev.embeddedcluster.cluster.ClusterTopology;
import dev.embeddedcluster.cluster.NodeInfo;
import dev.embeddedcluster.command.ClientPause;
import dev.embeddedcluster.command.CommandKeys;
import dev.embeddedcluster.command.Dispatcher;
import dev.embeddedcluster.command.Scripting;
import dev.embeddedcluster.command.blocking.BlockedPops;
import dev.embeddedcluster.command.monitor.Monitors;
import dev.embeddedcluster.command.notifications.EventClass;
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
import dev.embeddedcluster.util.RandomIds;
import io.netty.channel.EventLoop;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * One Redis node: its keyspace, clients, replication and the single event loop thread that runs
 * all of it. Anything another thread wants done here is submitted with {@link #execute}. While
 * a command runs Lua, the node's state belongs to its {@link ScriptWorker} instead; "node thread
 * only" in this code base means the one thread that has the node at the time.
 */
public final class Node implements dev.embeddedcluster.command.NodeContext {
    private static final int ACTIVE_EXPIRE_BUDGET = 2000;
    private static final byte[][] FLUSHALL = {"FLUSHALL".getBytes(java.nio.charset.StandardCharsets.US_ASCII)};

    private final String id;
    private final String host;
    private final int port;
    private final EventLoop loop;
    private final Transport transport;
    private volatile TlsContexts tls;
    private final Clock clock;
    /** The topology this node shares with the nodes it can see: all of them, unless a partition cut it off. */
    private volatile ClusterState cluster;
    private final ClusterMembers members;
    private final Keyspace keyspace;
    private final ClientRegistry clients = new ClientRegistry();
    private final dev.embeddedcluster.command.acl.Acl acl = new dev.embeddedcluster.command.acl.Acl();
    private final NodeStats stats = new NodeStats();
    private final dev.embeddedcluster.command.server.ClientLimits clientLimits = new dev.embeddedcluster.command.server.ClientLimits();
    private final ServerConfig config;
    private final Dispatcher dispatcher;
    private final ReplicationStream replication;
    private final BlockedPops blockedPops;
    private final ClientPause clientPause;
    private final Watches watches = new Watches();
    private final Subscriptions subscriptions = new Subscriptions();
    private final Monitors monitors = new Monitors();
    private final Tracking tracking = new Tracking(this);
    private final ScriptWorker worker = new ScriptWorker(this);
    private final KeyspaceEvents keyspaceEvents;
    private final Eviction eviction = new Eviction(this);
    private final NodeShutdown shutdown = new NodeShutdown(this);
    /** What ends the node's process: the cluster that built the node installs it. */
    private volatile Runnable processEnd = () -> {
        throw new IllegalStateException("no process end installed for " + this);
    };
    private final long startedMillis;
    private final String runId = RandomIds.hex40();
    private volatile long threadId = -1;
    /** A fault: how long each write of replies waits before it leaves (0: none). */
    private volatile long replyDelayNanos;
    /** A fault: the node is paused, its connections holding their traffic (see {@link HeldTraffic}). */
    private volatile boolean paused;
    private final RdbPersistence persistence;
    private volatile Myself myself;
    /** The configuration the node started with, for {@link #restoreConfig()}. */
    private java.util.Map<String, String> initialConfig;
    private java.util.List<java.util.List<String>> configuredUsers = java.util.List.of();
    /** The topology this node last reacted to (roles, slots, blocked clients, shard channels). */
    private ClusterTopology applied;
    /** The node's Lua engine and scripting in it, leased on the first script, given back when the node stops. */
    private volatile LuaEngines.Lease lua;
    /** MIGRATE's cached connections to its targets. */
    private final MigrateConnections migrateConnections = new MigrateConnections(this);

    public Node(String id, String host, int port, EventLoop loop, Transport transport, Clock clock,
                ClusterState cluster, ClusterMembers members) {
        this.id = id;
        this.host = host;
        this.port = port;
        this.loop = loop;
        this.transport = transport;
        this.clock = clock;
        this.cluster = cluster;
        this.members = members;
        this.startedMillis = clock.currentTimeMillis();
        this.config = new ServerConfig(port, host);
        stats.configure(config);
        clientLimits.configure(config);
        Path ownDirectory = Path.of(System.getProperty("java.io.tmpdir"), "embedded-redis-" + port + "-" + runId.substring(0, 8));
        config.set("dir", ownDirectory.toString());
        this.persistence = new RdbPersistence(this, ownDirectory, startedMillis);
        this.keyspace = new Keyspace(clock);
        this.clientPause = new ClientPause(this);
        this.dispatcher = new Dispatcher(this);
        this.replication = new ReplicationStream(this);
        this.blockedPops = new BlockedPops(this);
        this.keyspaceEvents = new KeyspaceEvents(subscriptions, keyspace);
        this.applied = cluster.current();
        keyspace.masterMode(myself().isMaster());
        keyspace.expiryListener(key -> {
            keyspaceEvents.notify(EventClass.EXPIRED, "expired", key);
            stats.expiredKeys++;
            // Redis does not count an expiry among the changes since the last save.
            replication.propagate(new byte[][] {Dispatcher.DEL, key}, 0);
            if (blockedPops.hasReady()) {
                // An expiry between commands: an XREADGROUP waiting on the key is answered now.
                worker.post(() -> {
                    if (blockedPops.hasReady()) {
                        blockedPops.serveReady();
                    }
                });
            }
        });
        loop.terminationFuture().addListener(stopped -> worker.stop());
    }

    /** Starts the node's periodic work: active expiry and idle clients (hz 10), and replication pings. */
    public void startTimers() {
        threadId = Thread.currentThread().getId();
        initialConfig = java.util.Map.copyOf(config.all());
        scheduleWhileIdle(() -> {
            if (paused) {
                return; // a stopped process runs no timer
            }
            long expiryStart = System.nanoTime();
            keyspace.expireDue(ACTIVE_EXPIRE_BUDGET);
            stats.latency().sample("expire-cycle", (System.nanoTime() - expiryStart) / 1_000_000,
                    clock.currentTimeMillis() / 1000);
            stats.sampleRates(System.currentTimeMillis());
            members.failureDetector().tick(this);
            IdleClients.closeIdle(this);
            ClientEviction.evictOverLimit(this);
        }, 100, TimeUnit.MILLISECONDS);
        replication.startTimers();
        scheduleWhileIdle(migrateConnections::closeIdle, 1, TimeUnit.SECONDS);
    }

    @Override
    public dev.embeddedcluster.command.MigrateTargets migrateTargets() {
        return migrateConnections;
    }

    @Override
    public int migrateCachedSockets() {
        return migrateConnections.cachedSockets();
    }

    /**
     * Closes the client connections opened after the one with id {@code afterId} that hold
     * connection state; returns how many. Node thread only.
     */
    public int closeStatefulClientsAfter(long afterId) {
        int[] closed = new int[1];
        worker.runOwned(() -> {
            for (ClientSession client : clients.all()) {
                if (client.id() > afterId && client.holdsConnectionState() && client.channel() != null) {
                    client.channel().close();
                    closed[0]++;
                }
            }
        });
        return closed[0];
    }

    /**
     * The node's process dies: a script running is stopped and every client connection is closed
     * as the kernel closes a dead process's sockets: with a FIN, or a reset for a connection whose
     * input a paused node left unread. Node thread only.
     */
    public void closeClientConnections() {
        paused = false; // what the connections held goes with them
        stopRunningScript();
        worker.runOwned(() -> {
            for (ClientSession client : clients.all()) {
                io.netty.channel.Channel channel = client.channel();
                if (channel != null && channel.isOpen()) {
                    // As a dead process's sockets: closed (FIN), or reset where input was left unread.
                    HeldTraffic held = (HeldTraffic) channel.pipeline().get(HeldTraffic.NAME);
                    if (held != null && held.holdsUnread()) {
                        try {
                            channel.config().setOption(io.netty.channel.ChannelOption.SO_LINGER, 0);
                        } catch (io.netty.channel.ChannelException closedMeanwhile) {
                            // the peer closed it first: there is nothing left to reset
                        }
                    }
                    channel.close();
                }
            }
            shutdown.processEnded();
        });
    }

    public NodeShutdown shutdown() {
        return shutdown;
    }

    /**
     * What ends this node's process, as {@link #stopProcess} asks: a task that kills the node, run
     * on a thread of its own, since killing waits for this node's thread.
     */
    public void onProcessEnd(Runnable processEnd) {
        this.processEnd = processEnd;
    }

    /**
     * The process ends: from this moment the node's connections hold what they receive and would
     * send, as a dead process answers nothing; the kill then closes its port and resets them.
     */
    public void stopProcess() {
        pauseTraffic();
        processEnd.run();
    }

    /** While paused, the node's connections hold what they receive and what they would send. */
    public boolean paused() {
        return paused;
    }

    /**
     * Pauses the node, as a stopped process: connections are accepted and their input received,
     * but nothing is read or answered until {@link #resumeTraffic}. Node thread only.
     */
    public void pauseTraffic() {
        paused = true;
        for (ClientSession client : clients.all()) {
            io.netty.channel.Channel channel = client.channel();
            if (channel != null && channel.isActive() && channel.pipeline().get(HeldTraffic.NAME) == null) {
                channel.pipeline().addFirst(HeldTraffic.NAME, new HeldTraffic());
            }
        }
    }

    /** Ends a pause: what was held is sent, what arrived is read, in order. Node thread only. */
    public void resumeTraffic() {
        paused = false;
        for (ClientSession client : clients.all()) {
            io.netty.channel.Channel channel = client.channel();
            if (channel != null && channel.pipeline().get(HeldTraffic.NAME) != null) {
                channel.pipeline().remove(HeldTraffic.NAME);
            }
        }
    }

    /** A node restarted without persistence comes back empty; nothing is propagated. Node thread only. */
    public void forgetData() {
        worker.runOwned(() -> {
            watches.touchAllExisting(keyspace);
            tracking.flushed();
            keyspace.clear();
        });
    }

    /**
     * Empties this node's keyspace; a master tells its replicas, as FLUSHALL does. Node thread
     * only; with a script running, at its next safe point.
     */
    public void flushAll() {
        worker.runOwned(() -> {
            watches.touchAllExisting(keyspace);
            tracking.flushed();
            blockedPops.flushed();
            keyspace.clear();
            replication.propagate(FLUSHALL);
        });
    }

    /**
     * Stops the script running on this node, if any, even one that wrote (which SCRIPT KILL
     * refuses); its caller gets the killed-script error. Whether one was running. Node thread
     * only; the script ends after this returns, and tasks {@link #execute executed} then run after it.
     */
    public boolean stopRunningScript() {
        boolean[] stopped = new boolean[1];
        worker.runOwned(() -> {
            LuaEngines.Lease lease = lua;
            stopped[0] = lease != null && lease.scripting().stopRunningScript();
        });
        return stopped[0];
    }

    /**
     * {@link #stopRunningScript} from any thread, without waiting for the node to go busy: a script
     * running now is stopped at its next safe point, and with none the node's thread answers.
     */
    public io.netty.util.concurrent.Future<Boolean> stopRunningScriptNow() {
        io.netty.util.concurrent.Promise<Boolean> stopped = loop.newPromise();
        Runnable atSafePoint = () -> {
            if (!stopped.isDone() && stopRunningScript()) {
                stopped.setSuccess(true);
            }
        };
        worker.runAtNextSafePoint(atSafePoint);
        loop.execute(() -> {
            worker.cancelAtNextSafePoint(atSafePoint);
            if (!stopped.isDone()) {
                try {
                    stopped.setSuccess(stopRunningScript());
                } catch (RuntimeException e) {
                    stopped.setFailure(e);
                }
            }
        });
        return stopped;
    }

    /**
     * Runs a task on the node's thread, from any thread; while a script has the node, after it
     * (timers, replication, deliveries from other nodes wait as Redis makes them wait).
     */
    public void execute(Runnable task) {
        loop.execute(() -> worker.runOrDefer(task));
    }

    /** {@link #execute} after a delay. */
    public io.netty.util.concurrent.ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
        return loop.schedule(() -> worker.runOrDefer(task), delay, unit);
    }

    /** Runs a periodic task on the node's thread, skipping the runs that fall while a script has the node. */
    public void scheduleWhileIdle(Runnable task, long period, TimeUnit unit) {
        loop.scheduleAtFixedRate(() -> {
            if (!worker.handedOff()) {
                task.run();
            }
        }, period, period, unit);
    }

    /**
     * Runs a task about client connections (a delivery, a blocked client's late reply) on the
     * node's thread after the current one, in order, from any thread (the script worker too).
     */
    public void post(Runnable task) {
        worker.post(task);
    }

    /** The thread Lua runs on, and the node's busy state. */
    public ScriptWorker worker() {
        return worker;
    }

    public String id() {
        return id;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** Which transport serves this node's sockets. */
    @Override
    public String transportName() {
        return transport.name();
    }

    public Transport transport() {
        return transport;
    }

    /** The cluster's TLS, or null on a plain cluster: its port speaks TLS and its MIGRATE connections do. */
    public TlsContexts tls() {
        return tls;
    }

    /**
     * Serves TLS only from now on, as Redis with {@code port 0}, a {@code tls-port} and {@code tls-cluster yes}:
     * its port is the TLS port, shown in CONFIG, CLUSTER NODES, SLOTS and SHARDS.
     */
    public void useTls(TlsContexts contexts, String authClients, String certFile, String keyFile, String caFile) {
        this.tls = contexts;
        config.set("port", "0");
        config.set("tls-port", Integer.toString(port));
        config.set("tls-cluster", "yes");
        config.set("tls-replication", "yes");
        config.set("tls-auth-clients", authClients);
        config.set("tls-cert-file", certFile);
        config.set("tls-key-file", keyFile);
        config.set("tls-ca-cert-file", caFile);
    }

    public EventLoop loop() {
        return loop;
    }

    public Clock clock() {
        return clock;
    }

    public ClusterState cluster() {
        return cluster;
    }

    public ClusterTopology topology() {
        return cluster.current();
    }

    /**
     * From now on this node shares its topology with the nodes of {@code group} (a partition cuts
     * it off, or heals); it reacts to the change on its thread. Any thread.
     */
    public void joinGroup(ClusterState group) {
        this.cluster = group;
        runOnLoop(this::topologyChanged);
    }

    /** This node as the current topology describes it (looked up once per topology snapshot). */
    public NodeInfo myself() {
        ClusterTopology topology = cluster.current();
        Myself cached = myself;
        if (cached == null || cached.topology() != topology) {
            cached = myself = new Myself(topology, topology.node(id));
        }
        return cached.info();
    }

    /** This node's entry in one topology snapshot; one field, so readers on other threads never see a torn pair. */
    private record Myself(ClusterTopology topology, NodeInfo info) {
    }

    /**
     * Changes the cluster's topology and has every node, this one included, react to it in a task
     * of its own thread, as gossip would tell them; never inside the command running now, whose
     * reactions (replies to blocked clients) must not run in the middle of it. Returns the new
     * topology.
     */
    public ClusterTopology changeTopology(java.util.function.UnaryOperator<ClusterTopology> change) {
        ClusterTopology changed = cluster.update(change);
        for (Node member : members.all()) {
            member.runOnLoop(member::topologyChanged);
        }
        return changed;
    }

    @Override
    public void meet(String host, int port) {
        members.membership().meet(this, host, port);
    }

    @Override
    public String forget(String nodeId) {
        return members.membership().forget(this, nodeId);
    }

    @Override
    public void resetCluster(boolean hard) {
        members.membership().reset(this, hard);
    }

    /**
     * Reacts to the topology as it is now, compared with the one this node reacted to last: a
     * change of role, slots this node's shard no longer serves, and blocked clients whose keys
     * are now served elsewhere. Node thread only.
     */
    public void topologyChanged() {
        ClusterTopology before = applied;
        ClusterTopology now = cluster.current();
        if (before == now) {
            return;
        }
        applied = now;
        TopologyReactions.apply(this, before, now);
    }

    /**
     * Before a client's command, when the master sent something: takes in what this node was
     * told, in the order it was told (the topology, then its master's stream), so that a read on
     * a replica sees every write its master has acknowledged, as on a real cluster over loopback.
     * Node thread only, between commands.
     */
    public void catchUpWithMaster() {
        topologyChanged();
        replication.applyReceived();
    }

    /** Slows this node: each write of replies to a client leaves this much later (0: at once). Any thread. */
    public void replyDelayNanos(long delayNanos) {
        this.replyDelayNanos = delayNanos;
    }

    public long replyDelayNanos() {
        return replyDelayNanos;
    }

    /** Undoes every CONFIG SET since the node started, and puts back its configured users. Node thread only. */
    public void restoreConfig() {
        dev.embeddedcluster.command.server.ConfigCommands.restore(this, initialConfig);
        acl.restore(configuredUsers, config.requirePass());
        for (ClientSession client : clients.all()) {
            // Connections keep their user by name when it is still configured, else become the default user's.
            dev.embeddedcluster.command.acl.AclUser now = client.user() == null ? null : acl.user(client.user().name());
            if (client.user() != null && now == null) {
                client.authenticated(acl.openByDefault(config.requirePass()));
            }
            client.user(client.user() == null ? null : now == null ? acl.defaultUser() : now);
        }
    }

    /** The users the node starts with and {@link #restoreConfig()} restores: each is a name, then its rules. */
    public void configuredUsers(java.util.List<java.util.List<String>> users) {
        this.configuredUsers = java.util.List.copyOf(users);
        acl.restore(configuredUsers, config.requirePass());
    }

    /**
     * {@link #execute} (after a running script, if any), from any thread; dropped when the node
     * has shut down with its cluster, which is going away as a whole.
     */
    public void runOnLoop(Runnable task) {
        try {
            execute(task);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // the cluster is closing: nothing is left to react
        }
    }

    public boolean isMaster() {
        return myself().isMaster();
    }

    public ClusterMembers members() {
        return members;
    }

    public Keyspace keyspace() {
        return keyspace;
    }

    @Override
    public dev.embeddedcluster.command.acl.Acl acl() {
        return acl;
    }

    public ClientRegistry clients() {
        return clients;
    }

    @Override
    public NodeStats stats() {
        return stats;
    }

    @Override
    public dev.embeddedcluster.command.server.ClientLimits clientLimits() {
        return clientLimits;
    }

    public ServerConfig config() {
        return config;
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

    /** Clients blocked in BLPOP and its kin. */
    /** Client-side caching: the keys tracking clients read, and their invalidations. */
    public Tracking tracking() {
        return tracking;
    }

    /**
     * A write is replicated (or applied from the master): its keys changed, for WATCH, for
     * client-side caching, for XREADGROUP waiting on a stream that may be gone and, while
     * maxmemory is set, for the memory estimate.
     */
    public void keysWritten(byte[][] command, long changes) {
        persistence.changed(changes);
        boolean watched = !watches.isEmpty() || tracking.anyTracking();
        boolean accounting = keyspace.accounting();
        boolean keyLossAwaited = blockedPops.waitsForKeyLoss();
        if (!watched && !accounting && !keyLossAwaited) {
            return;
        }
        for (byte[] key : CommandKeys.of(command)) {
            if (keyLossAwaited) {
                blockedPops.keyWritten(key);
            }
            if (watched) {
                watches.touch(key, keyspace);
                tracking.keyChanged(key);
            }
            if (accounting) {
                keyspace.account(key);
            }
        }
    }

    /** maxmemory: the memory estimate and eviction. */
    public Eviction eviction() {
        return eviction;
    }

    /** This node's clients in MONITOR mode. */
    public Monitors monitors() {
        return monitors;
    }

    /** This node's pub/sub subscribers. */
    public Subscriptions subscriptions() {
        return subscriptions;
    }

    /** Keyspace notifications to this node's subscribers. */
    public KeyspaceEvents keyspaceEvents() {
        return keyspaceEvents;
    }

    /** The keys this node's clients WATCH. */
    public Watches watches() {
        return watches;
    }

    public BlockedPops blockedPops() {
        return blockedPops;
    }

    public ClientPause clientPause() {
        return clientPause;
    }

    public ReplicationStream replication() {
        return replication;
    }

    /**
     * Once the node's loop has terminated: stops the script worker (a script running ends at its
     * next safe point) and gives the node's Lua engine back for another node to use.
     */
    public void releaseScripting() {
        worker.stop();
        LuaEngines.Lease lease = lua;
        if (lease != null) {
            lua = null;
            LuaEngines.release(lease);
        }
    }

    @Override
    public Scripting scriptingIfStarted() {
        LuaEngines.Lease lease = lua;
        return lease == null ? null : lease.scripting();
    }

    /** The node's Lua script cache and environment, in an engine leased on first use. Node thread only. */
    public Scripting scripting() {
        LuaEngines.Lease lease = lua;
        if (lease == null) {
            lease = LuaEngines.lease(this);
            lua = lease;
        }
        return lease.scripting();
    }

    /** The run id INFO shows: random per node start. */
    public String runId() {
        return runId;
    }

    /** The node's event loop thread, for its CPU time; -1 before it started. */
    public long threadId() {
        return threadId;
    }

    public long startedMillis() {
        return startedMillis;
    }

    public long lastSaveSeconds() {
        return persistence.lastSaveSeconds();
    }

    @Override
    public RdbPersistence persistence() {
        return persistence;
    }

    @Override
    public String toString() {
        return "Node[" + host + ":" + port + " " + id + "]";
    }
}
