package dev.embeddedcluster;

import dev.embeddedcluster.cluster.ClusterState;
import dev.embeddedcluster.cluster.ClusterTopology;
import dev.embeddedcluster.cluster.NodeFailure;
import dev.embeddedcluster.cluster.NodeInfo;
import dev.embeddedcluster.command.CommandHandlers;
import dev.embeddedcluster.keyspace.KeySlot;
import dev.embeddedcluster.command.server.HeapGuard;
import dev.embeddedcluster.server.ClusterMembers;
import dev.embeddedcluster.server.HeapWatch;
import dev.embeddedcluster.server.Node;
import dev.embeddedcluster.server.NodeServer;
import dev.embeddedcluster.server.ReachableAddress;
import dev.embeddedcluster.server.Transport;
import dev.embeddedcluster.util.RandomIds;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.Future;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A Redis Cluster running inside this JVM: every node a real RESP server on its own port and its
 * own thread, sharing one topology. Build it, {@link #start()} it, hand its {@link #seeds()} to any
 * Redis client, and {@link #close()} it.
 *
 * <pre>{@code
 * try (EmbeddedRedisCluster cluster = EmbeddedRedisCluster.builder().build().start()) {
 *     JedisCluster jedis = new JedisCluster(HostAndPort.from(cluster.seeds().get(0)));
 * }
 * }</pre>
 */
public final class EmbeddedRedisCluster implements ClusterView, AutoCloseable {
    private static final AtomicBoolean COMMANDS_PREPARED = new AtomicBoolean();

    private final ClusterShape shape;
    private final String bindAddress;
    /** What the nodes announce to clients, as Redis's cluster-announce-ip; null: derived from the bind address. */
    private final String announceAddress;
    /** Where this host's clients and the nodes themselves connect to a node. */
    private final String reachableAddress;
    private final int basePort;
    private final ClusterClock clock;
    private final ReplicationMode replicationMode;
    private final java.time.Duration nodeTimeout;
    /** Nodes that start unjoined, each knowing only itself, for redis-cli --cluster create. */
    private final boolean bare;
    /** requirepass, users (name then rules) and aclfile of every node, from the builder. */
    private final String password;
    private final boolean protectedMode;
    private final List<List<String>> users;
    private final String aclFile;
    /** The RDB file the cluster starts with, or null. */
    private final java.nio.file.Path rdb;
    /** The fraction of the JVM's heap over which the nodes refuse writes; 0 for none. */
    private final double heapGuardThreshold;
    private HeapGuard heapGuard = HeapGuard.OFF;
    /** What TLS the builder asked for, or null; then, once started, the cluster's TLS. */
    private final ClusterTls.Request tlsRequest;
    private ClusterTls tls;
    private final List<MultiThreadIoEventLoopGroup> loops = new ArrayList<>();
    private final List<NodeServer> servers = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private final List<ClusterNode> handles = new ArrayList<>();
    private final Faults faults = new Faults(this);
    private final Roster roster = new Roster(this);
    private final ClusterMembers members = new ClusterMembers();
    private final NodeTopology handleTopology = new LiveNodeTopology(this);
    private Transport transport;
    /** The nodes killed or paused, and not restarted or resumed. */
    private final java.util.Set<String> down = new java.util.LinkedHashSet<>();
    /** The partition in place, or null. */
    private Partition partition;
    /** The paused nodes, each with the view it froze in. */
    private final Map<String, Partition> stopped = new java.util.LinkedHashMap<>();
    /** The kills of nodes that ran SHUTDOWN, each on a thread of its own, until they are awaited. */
    private final java.util.Queue<Thread> shutdowns = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** Told of each node that ran SHUTDOWN, once it is down: the standalone jar prints it. */
    private volatile java.util.function.Consumer<ClusterNode> shutdownListener = node -> { };
    private ClusterState state;
    private ClusterTopology initial;
    private boolean started;
    private volatile boolean closed;

    private EmbeddedRedisCluster(Builder builder) {
        this.shape = new ClusterShape(builder.masters, builder.replicasPerMaster, builder.slotRanges);
        this.bindAddress = builder.bindAddress;
        this.announceAddress = builder.announceAddress;
        this.reachableAddress = ReachableAddress.of(bindAddress);
        this.basePort = builder.basePort;
        this.clock = builder.clock;
        this.replicationMode = builder.replicationMode;
        this.nodeTimeout = builder.nodeTimeout;
        this.bare = builder.bare;
        this.password = builder.password;
        this.protectedMode = builder.protectedMode;
        this.aclFile = builder.aclFile;
        this.users = aclFile.isEmpty() || !java.nio.file.Files.exists(java.nio.file.Path.of(aclFile))
                ? List.copyOf(builder.users) : usersOfFile(builder);
        this.rdb = builder.rdb;
        this.heapGuardThreshold = builder.heapGuard;
        this.tlsRequest = builder.tls;
        if (bare && rdb != null) {
            throw new IllegalArgumentException("an RDB file seeds the masters that own its keys' slots: bare nodes own none");
        }
        if (nodeTimeout.isNegative() || nodeTimeout.isZero()) {
            throw new IllegalArgumentException("node timeout must be positive, got " + nodeTimeout.toMillis() + " ms");
        }
        if (basePort != 0 && (basePort < 1 || basePort + shape.nodeCount() - 1 + 10000 > 65535)) {
            throw new IllegalArgumentException("base port " + basePort + " leaves no room for " + shape.nodeCount()
                    + " nodes and their cluster bus ports (port + 10000 must stay within 65535)");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds every node and returns once all of them serve with the same view of the cluster.
     *
     * @throws IllegalStateException when a port cannot be bound; nothing is left running then
     */
    public synchronized EmbeddedRedisCluster start() {
        if (started) {
            throw new IllegalStateException("the cluster was already started");
        }
        started = true;
        CompletableFuture<?> commandsPrepared = prepareCommandsAside();
        try {
            heapGuard = HeapWatch.guard(heapGuardThreshold);
            Transport transport = Transport.best();
            if (tlsRequest != null) {
                tls = ClusterTls.start(tlsRequest, List.of(bindAddress, announcedHost()));
            }
            List<Integer> ports = bindServers(transport);
            commandsPrepared.join();
            this.initial = initialTopology(ports);
            this.state = new ClusterState(initial, clock.currentTimeMillis());
            this.transport = transport;
            List<NodeInfo> infos = state.current().nodes();
            for (int i = 0; i < infos.size(); i++) {
                NodeInfo info = infos.get(i);
                register(info, loops.get(i), bare ? new ClusterState(ClusterTopology.alone(info, 0), state.createdMillis()) : state);
            }
            for (int i = 0; i < nodes.size(); i++) {
                Node node = nodes.get(i);
                servers.get(i).attach(node);
                node.loop().execute(node::startTimers);
            }
            attachReplicas();
            if (rdb != null) {
                RdbSeed.load(rdb, nodes, state.current(), clock.currentTimeMillis());
            }
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The users of an existing ACL file, which a node reads at start as Redis does; never with builder users too. */
    private static List<List<String>> usersOfFile(Builder builder) {
        if (!builder.users.isEmpty()) {
            throw new IllegalArgumentException("users from the builder and an existing ACL file " + builder.aclFile
                    + " together: define either, as Redis refuses users in redis.conf with an aclfile");
        }
        return dev.embeddedcluster.command.acl.AclFile.read(java.nio.file.Path.of(builder.aclFile), false);
    }

    /** A node of this cluster, configured and known to the others' threads; not yet serving. */
    private Node register(NodeInfo info, MultiThreadIoEventLoopGroup loop, ClusterState group) {
        Node node = new Node(info.id(), reachableAddress, info.port(), loop.next(), transport, clock, group, members);
        node.replication().synchronous(replicationMode == ReplicationMode.SYNCHRONOUS);
        node.config().set("cluster-node-timeout", Long.toString(nodeTimeout.toMillis()));
        node.config().set("bind", bindAddress);
        node.config().set("cluster-announce-ip", announceAddress == null ? "" : announceAddress);
        node.config().set("requirepass", password);
        node.config().set("protected-mode", protectedMode ? "yes" : "no");
        node.config().set("aclfile", aclFile);
        node.configuredUsers(users);
        node.eviction().heapGuard(heapGuard);
        if (tls != null) {
            tls.configure(node);
        }
        members.add(node);
        nodes.add(node);
        ClusterNode handle = new ClusterNode(info.id(), announcedHost(), info.port(), info.busPort(), handleTopology, tls != null);
        node.onProcessEnd(() -> killAfterShutdown(handle));
        handles.add(handle);
        return node;
    }

    private String announcedHost() {
        return announceAddress != null ? announceAddress : reachableAddress;
    }

    /**
     * Starts one more node at run time, on a port of its own, knowing only itself as a bare node
     * does; {@link Roster} then has it meet the others. Returns once it serves.
     */
    Node launch(String id, int requestedPort) {
        int index = nodes.size();
        int port = requestedPort != 0 ? requestedPort : basePort == 0 ? 0 : nextFreePortAfter(highestPort());
        MultiThreadIoEventLoopGroup group = transport.newNodeLoop("redis-node-" + (port == 0 ? index : port));
        loops.add(group);
        NodeServer server = new NodeServer(group, transport);
        servers.add(server);
        io.netty.channel.ChannelFuture bound = server.bind(bindAddress, port).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            retire(index);
            throw new IllegalStateException("cannot bind " + bindAddress + ":" + port + ": " + reason(bound.cause()), bound.cause());
        }
        int boundPort = port == 0 ? rebindUntilBusPortFits(index, transport) : port;
        NodeInfo info = new NodeInfo(id, announcedHost(), boundPort, null, 0);
        Node node = register(info, group, new ClusterState(ClusterTopology.alone(info, 0), state.createdMillis()));
        servers.get(index).attach(node);
        onNode(node, () -> {
            node.startTimers();
            return null;
        });
        return node;
    }

    private int highestPort() {
        return nodes.stream().mapToInt(Node::port).max().orElse(basePort - 1);
    }

    /** With a base port, added nodes take the next ports up that are free, bus port included. */
    private static int nextFreePortAfter(int port) {
        for (int candidate = port + 1; candidate + 10000 <= 65535; candidate++) {
            try (java.net.ServerSocket probe = new java.net.ServerSocket(candidate)) {
                return candidate;
            } catch (java.io.IOException inUse) {
                // try the next one
            }
        }
        throw new IllegalStateException("no free port above " + port + " leaves room for its bus port");
    }

    /** Stops a node for good and forgets it: its port closes, its thread ends. */
    void retire(Node node) {
        retire(nodes.indexOf(node));
    }

    private void retire(int index) {
        servers.remove(index).close().syncUninterruptibly();
        MultiThreadIoEventLoopGroup group = loops.remove(index);
        if (index < nodes.size()) {
            Node node = nodes.remove(index);
            handles.remove(index);
            members.remove(node);
            node.releaseScripting();
            node.persistence().release();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /**
     * Reads the command table and registers the handlers of the ping that attaches the replicas
     * on a thread of its own: in a fresh JVM that work need not wait for Netty's loading and
     * binding, which take most of the start. Later starts find it done.
     */
    private static CompletableFuture<?> prepareCommandsAside() {
        if (COMMANDS_PREPARED.getAndSet(true)) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.runAsync(() -> CommandHandlers.standard().registerGroup("connection"), task -> {
            Thread preparer = new Thread(task, "embedded-cluster-commands");
            preparer.setDaemon(true);
            preparer.start();
        });
    }

    /** Each master pings its replicas once, as on attach, and start waits until they acknowledged it. */
    private void attachReplicas() {
        List<Future<?>> pings = new ArrayList<>();
        for (Node node : nodes) {
            pings.add(node.loop().submit(node.replication()::pingReplicas));
        }
        pings.forEach(f -> f.syncUninterruptibly());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (Node node : nodes) {
            Node master = node.replication().master();
            while (master != null && node.replication().acknowledgedOffset() < master.replication().offset()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("replica " + node + " did not attach within 10 s");
                }
                Thread.onSpinWait();
            }
        }
    }

    private List<Integer> bindServers(Transport transport) {
        int count = shape.nodeCount();
        for (int i = 0; i < count; i++) {
            MultiThreadIoEventLoopGroup group = transport.newNodeLoop("redis-node-" + (basePort == 0 ? i : basePort + i));
            loops.add(group);
            servers.add(new NodeServer(group, transport));
        }
        List<io.netty.channel.ChannelFuture> bound = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            bound.add(servers.get(i).bind(bindAddress, basePort == 0 ? 0 : basePort + i));
        }
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            io.netty.channel.ChannelFuture f = bound.get(i).awaitUninterruptibly();
            if (!f.isSuccess()) {
                int port = basePort == 0 ? 0 : basePort + i;
                throw new IllegalStateException("cannot bind " + bindAddress + ":" + port + ": " + reason(f.cause()), f.cause());
            }
            ports.add(basePort == 0 ? rebindUntilBusPortFits(i, transport) : basePort + i);
        }
        return ports;
    }

    /** Ephemeral ports above 55535 would give a bus port past 65535: draw again until one fits. */
    private int rebindUntilBusPortFits(int index, Transport transport) {
        List<NodeServer> rejected = new ArrayList<>();
        try {
            NodeServer server = servers.get(index);
            for (int attempt = 0; server.boundPort() + 10000 > 65535; attempt++) {
                if (attempt == 50) {
                    throw new IllegalStateException("no ephemeral port below 55536 after 50 attempts");
                }
                rejected.add(server);
                server = new NodeServer(loops.get(index), transport);
                io.netty.channel.ChannelFuture f = server.bind(bindAddress, 0).awaitUninterruptibly();
                if (!f.isSuccess()) {
                    throw new IllegalStateException("cannot bind " + bindAddress + ":0: " + reason(f.cause()), f.cause());
                }
                servers.set(index, server);
            }
            return server.boundPort();
        } finally {
            rejected.forEach(NodeServer::close);
        }
    }

    /** A failure's message, or its kind where it has none (Netty's unresolved address, say). */
    private static String reason(Throwable failure) {
        return failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
    }

    private ClusterTopology initialTopology(List<Integer> ports) {
        if (bare) {
            // As fresh cluster-enabled Redis processes: no slots, no epoch, no address learnt yet.
            List<NodeInfo> alone = ports.stream().map(port -> new NodeInfo(RandomIds.hex40(), "", port, null, 0)).toList();
            return new ClusterTopology(alone, new NodeInfo[KeySlot.SLOTS], 0, Map.of(), Map.of());
        }
        String announced = announceAddress != null ? announceAddress : reachableAddress;
        List<NodeInfo> infos = new ArrayList<>();
        NodeInfo[] owners = new NodeInfo[KeySlot.SLOTS];
        int masters = shape.masters();
        for (int m = 0; m < masters; m++) {
            NodeInfo master = new NodeInfo(RandomIds.hex40(), announced, ports.get(m), null, m + 1);
            infos.add(master);
            for (SlotRange range : shape.slotsPerMaster().get(m)) {
                for (int slot = range.start(); slot <= range.end(); slot++) {
                    owners[slot] = master;
                }
            }
        }
        for (int r = 0; r < shape.replicasPerMaster(); r++) {
            for (int m = 0; m < masters; m++) {
                NodeInfo master = infos.get(m);
                int index = masters + r * masters + m;
                infos.add(new NodeInfo(RandomIds.hex40(), announced, ports.get(index), master.id(), master.configEpoch()));
            }
        }
        return new ClusterTopology(infos, owners, infos.size(), Map.of(), Map.of());
    }

    /** Stops every node and releases every port and thread. Safe to call more than once. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (NodeServer server : servers) {
            server.close();
        }
        // Each node closes its clients' connections itself, after its listening socket: a loop's
        // shutdown alone left one connection in some hundreds open (the peer's FIN unanswered,
        // CLOSE_WAIT), found by StartStopCyclesIT.
        for (Node node : nodes) {
            try {
                node.loop().execute(node::closeClientConnections);
            } catch (java.util.concurrent.RejectedExecutionException alreadyStopped) {
                // its loop is down: nothing of it is left open
            }
        }
        List<Future<?>> terminations = new ArrayList<>();
        for (MultiThreadIoEventLoopGroup group : loops) {
            terminations.add(group.shutdownGracefully(0, 2, TimeUnit.SECONDS));
        }
        for (Future<?> termination : terminations) {
            termination.awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        nodes.forEach(Node::releaseScripting);
        nodes.forEach(node -> node.persistence().release());
        HeapWatch.release(heapGuard);
        if (tls != null) {
            tls.close();
        }
    }

    /**
     * The trust material of a cluster built with {@link Builder#tls()}: the CA to trust, a client
     * certificate, their files.
     *
     * @throws IllegalStateException for a cluster without TLS, or not started
     */
    public TlsMaterial tls() {
        requireStarted();
        if (tls == null) {
            throw new IllegalStateException("the cluster runs without TLS: build it with EmbeddedRedisCluster.builder().tls()");
        }
        return tls.material();
    }

    private void requireStarted() {
        if (!started || state == null) {
            throw new IllegalStateException("the cluster is not started");
        }
    }

    /** Every node: masters first, in port order, then replicas (as they started), then the nodes added since. */
    @Override
    public List<ClusterNode> nodes() {
        requireStarted();
        // The starting layout's nodes keep their places, even once removed and brought back; added ones follow.
        List<String> declared = initial.nodes().stream().map(NodeInfo::id).toList();
        return handles.stream().sorted(java.util.Comparator.comparingInt(h -> {
            int place = declared.indexOf(h.id());
            return place >= 0 ? place : declared.size() + handles.indexOf(h);
        })).toList();
    }

    /**
     * The heap guard's threshold: the fraction of the JVM's maximum heap over which the nodes
     * refuse writes (see {@link Builder#heapGuard}); 0 when it is off.
     */
    public double heapGuard() {
        return heapGuardThreshold;
    }

    /** The master currently serving a slot. */
    @Override
    public ClusterNode masterForSlot(int slot) {
        requireStarted();
        if (slot < 0 || slot >= KeySlot.SLOTS) {
            throw new IllegalArgumentException("slot out of range: " + slot);
        }
        NodeInfo owner = view().ownerOf(slot);
        if (owner == null) {
            throw new IllegalStateException("no master serves slot " + slot);
        }
        return node(owner.id());
    }

    /** The hash slot of a key, hash tags included. */
    public static int slotOf(String key) {
        return KeySlot.of(key.getBytes(StandardCharsets.UTF_8));
    }

    public ClusterClock clock() {
        return clock;
    }

    /**
     * Deletes every key on every node, as FLUSHALL sent to each master would (replicas follow
     * through replication), and returns once every node is empty.
     */
    public void flushAll() {
        requireStarted();
        List<Future<?>> done = new ArrayList<>();
        for (Node node : nodes) {
            done.add(node.loop().submit(node::flushAll));
        }
        for (Future<?> f : done) {
            awaitOnNode(f, "flushing a node");
        }
    }

    /**
     * Stops the Lua scripts and functions still running on any node, even those that wrote (which
     * SCRIPT KILL and FUNCTION KILL refuse), and returns once every node serves again; returns how
     * many were stopped. Their callers get the killed-script error. Test frameworks call it after
     * each test, so that a script left running cannot keep a node busy for the next one.
     */
    public int stopRunningScripts() {
        requireStarted();
        List<Future<Boolean>> stopped = new ArrayList<>();
        for (Node node : nodes) {
            stopped.add(node.stopRunningScriptNow());
        }
        int total = 0;
        for (int i = 0; i < nodes.size(); i++) {
            if (awaitOnNode(stopped.get(i), "stopping a script")) {
                total++;
                onNode(nodes.get(i), () -> null); // returns once the script has ended
            }
        }
        return total;
    }

    /**
     * Remembers which client connections exist now, for {@link #closeStatefulConnectionsOpenedSince}.
     * Test frameworks take one before each test.
     */
    public ConnectionMark markConnections() {
        requireStarted();
        Map<String, Long> lastIds = new java.util.HashMap<>();
        List<Future<Long>> ids = new ArrayList<>();
        for (Node node : nodes) {
            ids.add(node.loop().submit(() -> node.clients().lastId()));
        }
        for (int i = 0; i < nodes.size(); i++) {
            lastIds.put(nodes.get(i).id(), awaitOnNode(ids.get(i), "reading a node's clients"));
        }
        return new ConnectionMark(this, lastIds);
    }

    /**
     * Closes, on every node, the client connections opened after the mark that carry connection
     * state (a name, READONLY, CLIENT REPLY OFF or SKIP, NO-EVICT, NO-TOUCH, a blocked command),
     * as CLIENT KILL would; returns how many. Connections older than the mark, and fresh ones
     * with no such state (idle pooled connections), stay open. Test frameworks call it after
     * each test, so that what a test left behind cannot reach the next one.
     */
    public int closeStatefulConnectionsOpenedSince(ConnectionMark mark) {
        requireStarted();
        if (mark.cluster != this) {
            throw new IllegalArgumentException("the mark was taken on another cluster");
        }
        List<Future<Integer>> closed = new ArrayList<>();
        for (Node node : nodes) {
            long after = mark.lastIds.getOrDefault(node.id(), 0L); // a node added since: every connection is newer
            closed.add(node.loop().submit(() -> node.closeStatefulClientsAfter(after)));
        }
        int total = 0;
        for (Future<Integer> f : closed) {
            total += awaitOnNode(f, "closing client connections");
        }
        return total;
    }

    private static <T> T awaitOnNode(Future<T> task, String what) {
        if (!task.awaitUninterruptibly(10, TimeUnit.SECONDS) || !task.isSuccess()) {
            throw new IllegalStateException(what + " failed or timed out", task.cause());
        }
        return task.getNow();
    }

    /** Which client connections existed on each node at one moment. */
    public static final class ConnectionMark {
        private final EmbeddedRedisCluster cluster;
        private final Map<String, Long> lastIds;

        private ConnectionMark(EmbeddedRedisCluster cluster, Map<String, Long> lastIds) {
            this.cluster = cluster;
            this.lastIds = lastIds;
        }
    }

    /**
     * Starts moving a slot to another master, as {@code redis-cli --cluster reshard} does: the
     * target imports it, the source migrates it. Move keys with the returned migration and end it
     * with {@link SlotMigration#finish()}; in between, clients see ASK and TRYAGAIN as in a real
     * reshard.
     */
    public SlotMigration beginSlotMigration(int slot, ClusterNode target) {
        ClusterNode source = masterForSlot(slot);
        if (!target.isMaster()) {
            throw new IllegalArgumentException(target + " is not a master");
        }
        if (source.equals(target)) {
            throw new IllegalArgumentException(target + " already serves slot " + slot);
        }
        SlotMigration migration = new SlotMigration(this, slot, running(source), running(target));
        migration.open();
        return migration;
    }

    /** Moves a slot and its keys to another master and returns once every node knows the new owner. */
    public void migrateSlot(int slot, ClusterNode target) {
        beginSlotMigration(slot, target).finish();
    }

    /**
     * A manual failover (CLUSTER FAILOVER): the replica waits until it has every write of its
     * master, then takes over its slots; the former master and the shard's other replicas
     * replicate it from then on. Clients blocked on the former master get UNBLOCKED, as in Redis.
     * Returns the replica's handle once every node has taken the change in.
     */
    public ClusterNode failover(ClusterNode replica) {
        if (replica.isMaster()) {
            throw new IllegalArgumentException(replica + " is a master: fail over one of its replicas");
        }
        CompletableFuture<Boolean> done = dev.embeddedcluster.command.cluster.ManualFailover.start(running(replica));
        try {
            if (!done.get(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the failover of " + replica + " was given up");
            }
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the failover of " + replica + " did not complete", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while failing over " + replica, e);
        }
        awaitEveryNode();
        return replica;
    }

    /**
     * Lags a replica: from now on what its master streams reaches it {@code delay} later, in
     * order. Meanwhile its master's WAIT counts it only once the delay has passed, INFO
     * replication, ROLE and CLUSTER SHARDS show its offset behind, and reads on it (READONLY)
     * see the older data. Writes made before the call are not delayed. Undo with
     * {@link #releaseReplica}.
     *
     * @throws IllegalArgumentException for a master or a negative delay
     */
    public void lagReplica(ClusterNode replica, java.time.Duration delay) {
        faults.lagReplica(running(replica), delay);
    }

    /**
     * Holds a replica: what its master streams from now on is kept, unapplied, until
     * {@link #releaseReplica}. WAIT on the master times out without it, and reads on it see the
     * data as it was.
     *
     * @throws IllegalArgumentException for a master
     */
    public void holdReplica(ClusterNode replica) {
        faults.holdReplica(running(replica));
    }

    /**
     * Ends a replica's lag or hold: what it was kept from is applied at once, in order, and this
     * returns once the replica has every write its master made (WAIT returns then too).
     *
     * @throws IllegalStateException when it has not caught up within 10 s
     */
    public void releaseReplica(ClusterNode replica) {
        faults.releaseReplica(running(replica));
    }

    /**
     * Whether a replica has applied every write its master has made so far: a condition to wait
     * on, with Awaitility say, while a lagged replica catches up.
     */
    public boolean replicaCaughtUp(ClusterNode replica) {
        return faults.caughtUp(running(replica));
    }

    /**
     * Slows a node: every reply it writes (one per command, or one per pipeline read at once)
     * leaves {@code perReply} later, in order, so that clients see the latency and their
     * timeouts can fire. The node keeps serving meanwhile, and its writes reach its replicas at
     * once. Undo with {@link #unslowNode}.
     */
    public void slowNode(ClusterNode node, java.time.Duration perReply) {
        faults.slowNode(running(node), perReply);
    }

    /** Replies leave the node at once again (those already waiting still leave at their time, first). */
    public void unslowNode(ClusterNode node) {
        faults.unslowNode(running(node));
    }

    /**
     * Kills a node, as when its process dies: its port closes (new connections are refused), its
     * clients' connections are reset, and it takes no part in replication. The other nodes show
     * it {@code disconnected}, after the node timeout {@code fail?} then {@code fail}, and a
     * replica of a killed master takes over its slots (see {@link #awaitFailover}). Its data stays
     * in memory for {@link #restart}. Returns once the node is closed.
     *
     * A paused node can be killed too, as a stopped process can; what it held is dropped. A
     * SHUTDOWN a client sends to a node kills it this way.
     *
     * @throws IllegalStateException for a node already killed
     */
    public synchronized void kill(ClusterNode node) {
        Node running = running(node);
        if (down.contains(running.id()) && !stopped.containsKey(running.id())) {
            throw new IllegalStateException(node + " is already down");
        }
        Partition frozen = stopped.remove(running.id());
        if (frozen != null) {
            frozen.endInDeath(running);
            running.replication().discardGate();
        }
        // A script running holds the node's thread, its socket's included, until it ends: a dead process runs none.
        awaitOnNode(running.stopRunningScriptNow(), "stopping a script");
        int index = nodes.indexOf(running);
        servers.get(index).close().syncUninterruptibly();
        onNode(running, () -> {
            running.closeClientConnections();
            // A paused node killed has been silent since its pause.
            running.changeTopology(t -> t.failure(running.id()) != null ? t
                    : t.withFailure(running.id(), NodeFailure.startingAt(clock.currentTimeMillis())));
            return null;
        });
        down.add(running.id());
        awaitEveryNode();
    }

    /**
     * SHUTDOWN ran on a node: it is killed, on a thread of its own since the kill waits for the
     * node's thread, which runs the command.
     */
    private void killAfterShutdown(ClusterNode node) {
        Thread killer = new Thread(() -> {
            try {
                synchronized (this) { // a close() that follows the kill comes after the report
                    kill(node);
                    shutdownListener.accept(node);
                }
            } catch (RuntimeException e) {
                if (!closed) {
                    throw e;
                }
            }
        }, "embedded-cluster-shutdown-" + node.port());
        killer.setDaemon(true);
        shutdowns.add(killer);
        killer.start();
    }

    void onShutdown(java.util.function.Consumer<ClusterNode> listener) {
        this.shutdownListener = listener;
    }

    /** Returns once the nodes that ran SHUTDOWN are killed. Never while holding this cluster's lock, which the kills take. */
    private void awaitShutdowns() {
        for (Thread killer; (killer = shutdowns.poll()) != null; ) {
            try {
                killer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + killer.getName(), e);
            }
        }
    }

    /**
     * Restarts a killed node (or one that ran SHUTDOWN) on its port with its id. With {@code keepData} its keys are back, as
     * from its persistence files; without, it starts empty (and a master's replicas resynchronize
     * to empty). A master that was failed over meanwhile comes back as a replica of the node that
     * took its slots, and a replica resynchronizes from its master. Returns once it serves and,
     * as a replica, has its master's data.
     *
     * @throws IllegalStateException for a node that is not down, or when its port cannot be bound again
     */
    public void restart(ClusterNode node, boolean keepData) {
        awaitShutdowns();
        restartKilled(node, keepData, false);
    }

    /** A restart; {@code cleaningUp}: between tests, where the next test must find the cluster ok at once. */
    private synchronized void restartKilled(ClusterNode node, boolean keepData, boolean cleaningUp) {
        Node running = running(node);
        if (!down.contains(running.id()) || stopped.containsKey(running.id())) {
            throw new IllegalStateException(node + (stopped.containsKey(running.id()) ? " is paused: resume it" : " is not down"));
        }
        int index = nodes.indexOf(running);
        NodeServer server = new NodeServer(loops.get(index), running.transport());
        server.attach(running);
        io.netty.channel.ChannelFuture bound = server.bind(bindAddress, running.port()).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new IllegalStateException("cannot bind " + bindAddress + ":" + running.port() + " again: "
                    + reason(bound.cause()), bound.cause());
        }
        servers.set(index, server);
        faults.rejoin(running, keepData, cleaningUp);
        down.remove(running.id());
        awaitEveryNode();
        faults.awaitResynced(running);
    }

    /**
     * Pauses a node, as a process stopped with SIGSTOP: it accepts connections and receives what
     * clients send, but answers nothing (their timeouts fire) and takes no part in replication.
     * The cluster sees it as it sees a {@link #kill killed} node: failing after the node timeout,
     * failed over if it is a master. Undo with {@link #resume}.
     *
     * @throws IllegalStateException for a node already paused or killed
     */
    public synchronized void pause(ClusterNode node) {
        Node running = running(node);
        if (down.contains(running.id())) {
            throw new IllegalStateException(node + " is already down");
        }
        down.add(running.id());
        onNode(running, () -> {
            running.pauseTraffic();
            running.replication().hold();
            return null;
        });
        stopped.put(running.id(), Partition.stop(this, running.cluster(), running, clock.currentTimeMillis()));
    }

    /**
     * Resumes a paused node: it answers what it was sent meanwhile (commands a failover moved
     * elsewhere get MOVED) and rejoins, as a replica of the node that took its slots if it was
     * failed over; a replica resynchronizes. Returns once it serves and has its master's data.
     *
     * @throws IllegalStateException for a node that is not paused
     */
    public synchronized void resume(ClusterNode node) {
        Node running = running(node);
        Partition frozen = stopped.remove(running.id());
        if (frozen == null) {
            throw new IllegalStateException(node + " is not paused");
        }
        // It runs what it received first, still seeing itself as it was when it stopped.
        onNode(running, () -> {
            running.resumeTraffic();
            return null;
        });
        running.replication().releaseGate();
        down.remove(running.id());
        List<Node> resynchronized = frozen.heal(java.util.Set.copyOf(down));
        awaitEveryNode();
        resynchronized.forEach(faults::awaitResynced);
        faults.awaitResynced(running);
    }

    /**
     * Waits until a killed master's slots were taken over by one of its replicas, and returns that
     * replica; with the {@link ManualClock}, advance it past the node timeout first.
     *
     * @throws IllegalStateException on timeout, with what the cluster showed then
     */
    public ClusterNode awaitFailover(ClusterNode deadMaster, java.time.Duration timeout) {
        requireStarted();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            ClusterTopology topology = view();
            NodeFailure failure = topology.failure(deadMaster.id());
            if (failure != null && failure.replacedBy() != null) {
                return node(failure.replacedBy());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no replica took over from " + deadMaster + " within " + timeout.toMillis()
                        + " ms; it is " + (failure == null ? "up" : failure.level()) + ", the cluster shows:\n"
                        + dev.embeddedcluster.cluster.ClusterViews.nodes(topology, "", clock.currentTimeMillis()));
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the failover of " + deadMaster, e);
            }
        }
    }

    /** Whether a node was killed (or ran SHUTDOWN) or paused, and not restarted or resumed. */
    public boolean isDown(ClusterNode node) {
        requireStarted();
        awaitShutdowns();
        synchronized (this) {
            return down.contains(node.id());
        }
    }

    /**
     * Adds a master to the running cluster, as {@code redis-cli --cluster add-node} does: a new
     * node on a port of its own (the next free one after the others with a base port, else an
     * ephemeral one), known to every node, serving no slot until some move to it
     * ({@link #migrateSlot}). The JUnit extension removes it after the test.
     */
    public synchronized ClusterNode addMaster() {
        requireNoPartition();
        return node(roster.addMaster().id());
    }

    /**
     * Adds a replica of {@code master} to the running cluster ({@code add-node --cluster-slave
     * --cluster-master-id}); returns once it has the master's data.
     */
    public synchronized ClusterNode addReplica(ClusterNode master) {
        requireNoPartition();
        return node(roster.addReplica(master.id()).id());
    }

    /**
     * Removes a node from the running cluster, as {@code redis-cli --cluster del-node} does: every
     * other node forgets it and its port closes. A master must serve no slot (move them away
     * first); its replicas go to the master with the fewest. The JUnit extension starts a removed
     * node of the declared layout again after the test, with its id and port.
     *
     * @throws IllegalStateException for a master that still serves slots
     */
    public synchronized void removeNode(ClusterNode node) {
        requireNoPartition();
        Node running = running(node);
        roster.remove(running);
        down.remove(running.id());
    }

    private void requireNoPartition() {
        requireStarted();
        if (partition != null) {
            throw new IllegalStateException("a partition is in place: heal it first");
        }
    }

    /** Returns once a replica has its master's data (at once for a master). */
    void awaitResynced(Node node) {
        faults.awaitResynced(node);
    }

    /**
     * Cuts the given nodes off from the others, as a network partition would, while clients still
     * reach every node. Each side sees the other go silent: after the node timeout the side with a
     * majority of the masters flags the lost nodes {@code fail?} then {@code fail} and promotes a
     * replica of each master it lost; on the other side the nodes flag the rest {@code fail?} and,
     * cut off from most masters, answer CLUSTERDOWN from then on. Until then a master on the
     * minority side still accepts writes, which {@link #heal} discards, as Redis does. This
     * cluster's own view ({@link #nodes}, {@link #masterForSlot}, {@link #awaitFailover}) is the
     * view of the nodes not isolated.
     *
     * @throws IllegalStateException when a partition is already in place, or a node is down
     * @throws IllegalArgumentException for no node, or every node
     */
    public synchronized void isolate(ClusterNode... side) {
        requireStarted();
        if (partition != null) {
            throw new IllegalStateException("a partition is already in place: heal it first");
        }
        List<Node> isolated = new ArrayList<>();
        for (ClusterNode node : side) {
            Node running = running(node);
            if (down.contains(running.id())) {
                throw new IllegalStateException(node + " is down: a partition cuts off nodes that run");
            }
            if (!isolated.contains(running)) {
                isolated.add(running);
            }
        }
        if (isolated.isEmpty() || isolated.size() == nodes.size()) {
            throw new IllegalArgumentException("isolate some of the " + nodes.size() + " nodes, not "
                    + (isolated.isEmpty() ? "none" : "all"));
        }
        partition = Partition.cut(this, viewState(), isolated, clock.currentTimeMillis());
    }

    /** Whether a node is on the isolated side of a partition. */
    public synchronized boolean isIsolated(ClusterNode node) {
        requireStarted();
        return partition != null && partition.isolates(node.id());
    }

    /**
     * Ends the partition: the nodes see each other again and settle on one topology, as Redis's
     * gossip does. A master that was failed over meanwhile rejoins as a replica of the node that
     * took its slots and resynchronizes from it, so the writes it acknowledged while cut off are
     * lost; replicas cut off from their master resynchronize. Returns once every node agrees and
     * every resynchronized replica has its master's data. Does nothing without a partition.
     */
    public synchronized void heal() {
        requireStarted();
        if (partition == null) {
            return;
        }
        List<Node> resynchronized = partition.heal(java.util.Set.copyOf(down));
        partition = null;
        resynchronized.forEach(faults::awaitResynced);
    }

    /**
     * Undoes every fault: heals a partition, resumes paused nodes, restarts killed ones empty, and
     * ends every lag, hold and slowness, returning once held and lagged replicas have caught up
     * (test frameworks flush next, then {@link #restoreTopology}). Test frameworks call it after
     * each test; whether anything was undone.
     */
    public boolean releaseFaults() {
        requireStarted();
        awaitShutdowns();
        return releaseFaultsAfterShutdowns();
    }

    private synchronized boolean releaseFaultsAfterShutdowns() {
        boolean any = partition != null;
        heal();
        for (Node node : List.copyOf(nodes)) {
            if (stopped.containsKey(node.id())) {
                resume(node(node.id()));
                any = true;
            } else if (down.contains(node.id())) {
                restartKilled(node(node.id()), false, true);
                any = true;
            }
        }
        return faults.releaseAll(nodes) | any;
    }

    /**
     * Puts the cluster back in the layout it started with, after failovers, slot moves and slot
     * assignments (CLUSTER ADDSLOTS, DELSLOTS, FLUSHSLOTS): every node in its first role (by failing
     * over again), every slot with its first master (moving the keys it holds, if any), or with
     * none if it started so, no slot left migrating or importing. Test frameworks call it
     * between tests so that each starts from the same layout; it does nothing when nothing moved.
     */
    public synchronized void restoreTopology() {
        requireStarted();
        if (bare) {
            return;
        }
        roster.bringBackRemoved();
        for (NodeInfo first : initial.masters()) {
            NodeInfo now = view().node(first.id());
            if (now.isMaster()) {
                continue;
            }
            List<String> firstReplicas = initial.replicasOf(first.id()).stream().map(NodeInfo::id).toList();
            if (firstReplicas.contains(now.masterId())) {
                failover(node(first.id()));
            } else {
                // It left its shard when it lost its last slot: it holds a copy of another master's data.
                Node master = running(node(first.id()));
                onNode(master, () -> {
                    master.changeTopology(t -> t.withMasterRestored(first.id(), firstReplicas));
                    master.topologyChanged();
                    master.flushAll();
                    return null;
                });
                awaitEveryNode();
            }
        }
        for (NodeInfo first : initial.nodes()) {
            if (!first.isMaster() && !first.masterId().equals(view().node(first.id()).masterId())) {
                roster.follow(member(first.id()), first.masterId());
            }
        }
        restoreSlotAssignments();
        for (int slot = 0; slot < KeySlot.SLOTS; slot++) {
            NodeInfo owner = view().ownerOf(slot);
            NodeInfo firstOwner = initial.ownerOf(slot);
            if (owner != null && firstOwner != null && !owner.id().equals(firstOwner.id())) {
                closeMigrations();
                migrateSlot(slot, node(firstOwner.id()));
            }
        }
        closeMigrations();
        roster.removeAdded();
    }

    /**
     * Gives each slot left unassigned back to its first master, and takes the slots assigned since
     * from their masters, in one change: no keys move (those a node kept stay where they are).
     */
    private void restoreSlotAssignments() {
        ClusterTopology now = view();
        BitSet unassignedSince = new BitSet(KeySlot.SLOTS);
        Map<String, BitSet> unassignedByFirstOwner = new java.util.LinkedHashMap<>();
        for (int slot = 0; slot < KeySlot.SLOTS; slot++) {
            NodeInfo owner = now.ownerOf(slot);
            NodeInfo firstOwner = initial.ownerOf(slot);
            if (owner == null && firstOwner != null) {
                unassignedByFirstOwner.computeIfAbsent(firstOwner.id(), id -> new BitSet(KeySlot.SLOTS)).set(slot);
            } else if (owner != null && firstOwner == null) {
                unassignedSince.set(slot);
            }
        }
        if (unassignedSince.isEmpty() && unassignedByFirstOwner.isEmpty()) {
            return;
        }
        Node any = nodes.get(0);
        onNode(any, () -> any.changeTopology(t -> {
            ClusterTopology restored = t.withSlotsOwnedBy(unassignedSince, null);
            for (Map.Entry<String, BitSet> slots : unassignedByFirstOwner.entrySet()) {
                restored = restored.withSlotsOwnedBy(slots.getValue(), slots.getKey());
            }
            return restored;
        }));
        awaitEveryNode();
    }

    /** Undoes, on every node, every CONFIG SET made since the cluster started (test frameworks call it between tests). */
    public void restoreConfig() {
        requireStarted();
        for (Node node : nodes) {
            onNode(node, () -> {
                node.restoreConfig();
                return null;
            });
        }
    }

    /** Ends every slot's MIGRATING and IMPORTING state (CLUSTER SETSLOT STABLE on each node). */
    private void closeMigrations() {
        if (!view().anySlotInMigration()) {
            return;
        }
        Node any = nodes.get(0);
        onNode(any, () -> any.changeTopology(t -> {
            ClusterTopology stable = t;
            for (NodeInfo n : t.nodes()) {
                for (int slot : t.migrating(n.id()).keySet()) {
                    stable = stable.withMigrating(n.id(), slot, null);
                }
                for (int slot : t.importing(n.id()).keySet()) {
                    stable = stable.withImporting(n.id(), slot, null);
                }
            }
            return stable;
        }));
        awaitEveryNode();
    }

    private Node running(ClusterNode handle) {
        requireStarted();
        return nodes.stream().filter(n -> n.id().equals(handle.id())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a node of this cluster: " + handle));
    }

    /**
     * Runs a task on a node's thread (after a script running there, as Redis would make the
     * command wait) and returns its result; its exceptions reach the caller.
     */
    <T> T onNode(Node node, java.util.concurrent.Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        node.execute(() -> {
            try {
                result.complete(task.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("a task on " + node + " failed", e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("a task on " + node + " did not finish within 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + node, e);
        }
    }

    /** Returns once every node has run what was submitted to it before, topology reactions included. */
    void awaitEveryNode() {
        for (Node node : nodes) {
            onNode(node, () -> {
                node.topologyChanged();
                return null;
            });
        }
    }

    /**
     * The topology this cluster's API reports: that of the nodes not isolated by a partition, or
     * else of the largest group of nodes that know each other (all of them, unless bare nodes
     * have yet to meet or a node was forgotten or reset).
     */
    ClusterTopology view() {
        return viewState().current();
    }

    private ClusterState viewState() {
        if (partition != null) {
            return partition.rest();
        }
        Map<ClusterState, Integer> sizes = new java.util.IdentityHashMap<>();
        ClusterState largest = null;
        for (Node node : nodes) {
            int size = sizes.merge(node.cluster(), 1, Integer::sum);
            if (largest == null || size > sizes.get(largest)) {
                largest = node.cluster();
            }
        }
        return largest != null ? largest : state;
    }

    /** What the cluster knows of a node: its view, or for a node it does not know, the node's own. */
    NodeInfo describe(String nodeId) {
        NodeInfo known = view().node(nodeId);
        return known != null ? known : member(nodeId).myself();
    }

    /** The slots a node serves, by the same rule as {@link #describe}. */
    List<int[]> slotsOf(String nodeId) {
        ClusterTopology view = view();
        return (view.node(nodeId) != null ? view : member(nodeId).topology()).slotRanges(nodeId);
    }

    /** The running node with this id. */
    Node member(String id) {
        return nodes.stream().filter(n -> n.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + id));
    }

    /** Internal access for the fault-injection and test tooling of this library. */
    List<Node> runningNodes() {
        return nodes;
    }

    /** The system property that sets the heap guard of clusters whose builder does not: a fraction, or {@code off}. */
    public static final String HEAP_GUARD_PROPERTY = "embeddedcluster.heapGuard";

    /** Options for a cluster; every one has a default. */
    public static final class Builder {
        private int masters = 3;
        private int replicasPerMaster = 1;
        private int basePort;
        private String bindAddress = "127.0.0.1";
        private String announceAddress;
        private List<List<SlotRange>> slotRanges;
        private ClusterClock clock = ClusterClock.system();
        private ReplicationMode replicationMode = ReplicationMode.ASYNCHRONOUS;
        private java.time.Duration nodeTimeout = java.time.Duration.ofSeconds(15);
        private boolean bare;
        private String password = "";
        private boolean protectedMode = true;
        private final List<List<String>> users = new ArrayList<>();
        private String aclFile = "";
        private java.nio.file.Path rdb;
        private double heapGuard = defaultHeapGuard();
        private ClusterTls.Request tls;

        private Builder() {
        }

        /** The heap guard's threshold unless the builder sets it: 0.9, or the system property {@value #HEAP_GUARD_PROPERTY}. */
        private static double defaultHeapGuard() {
            String setting = System.getProperty(HEAP_GUARD_PROPERTY);
            return setting == null ? HeapGuard.DEFAULT_THRESHOLD : parseHeapGuard(HEAP_GUARD_PROPERTY, setting);
        }

        /**
         * Every node serves TLS only, as Redis with {@code port 0}, {@code tls-port} and
         * {@code tls-cluster yes}: on certificates made at start by a throwaway CA (EC P-256; the
         * server's covers localhost, 127.0.0.1, ::1 and the bind and announce addresses), which
         * {@link EmbeddedRedisCluster#tls()} hands out with a client certificate. Clients must
         * present that certificate unless {@link #tlsAuthClients} says otherwise, as Redis's
         * tls-auth-clients defaults to yes.
         */
        public Builder tls() {
            this.tls = ClusterTls.Request.generated(tls == null ? TlsAuthClients.YES : tls.authClients());
            return this;
        }

        /**
         * TLS as {@link #tls()}, on the user's own certificates: PEM files of the server's
         * certificate chain (leaf first), its unencrypted PKCS#8 private key, and the CA certificate
         * that clients' certificates must be signed by (also the one {@link TlsMaterial#trustStore()}
         * holds). No client certificate is made then.
         */
        public Builder tls(java.nio.file.Path certificateChain, java.nio.file.Path privateKey, java.nio.file.Path caCertificate) {
            this.tls = new ClusterTls.Request(Objects.requireNonNull(certificateChain, "certificateChain"),
                    Objects.requireNonNull(privateKey, "privateKey"), Objects.requireNonNull(caCertificate, "caCertificate"),
                    tls == null ? TlsAuthClients.YES : tls.authClients());
            return this;
        }

        /** Whether TLS clients must present a certificate (default {@link TlsAuthClients#YES}, as Redis); implies {@link #tls()}. */
        public Builder tlsAuthClients(TlsAuthClients mode) {
            Objects.requireNonNull(mode, "mode");
            this.tls = tls == null ? ClusterTls.Request.generated(mode) : tls.with(mode);
            return this;
        }

        /**
         * The default user's password on every node (requirepass): clients must AUTH with it, or as
         * one of the {@link #user users}. Empty (the default) for none.
         */
        public Builder password(String password) {
            this.password = java.util.Objects.requireNonNull(password, "password");
            return this;
        }

        /**
         * A user on every node, enabled, with this password and these ACL SETUSER rules (for
         * instance {@code "~app:*", "+@read", "+@write"}; none: no permission at all). Rules for
         * "default" replace the default user's (after {@code reset}). Between tests,
         * {@link #restoreConfig()} puts the users back as configured here.
         *
         * @throws IllegalArgumentException when a rule is one ACL SETUSER would refuse
         */
        public Builder user(String name, String password, String... rules) {
            List<String> user = new ArrayList<>();
            user.add(java.util.Objects.requireNonNull(name, "name"));
            user.add("on");
            user.add(">" + java.util.Objects.requireNonNull(password, "password"));
            user.addAll(List.of(rules));
            String error = new dev.embeddedcluster.command.acl.Acl().setUser(name, user.subList(1, user.size()), false);
            if (error != null) {
                throw new IllegalArgumentException(error);
            }
            users.add(List.copyOf(user));
            return this;
        }

        /**
         * The aclfile parameter of every node (immutable at run time), which ACL LOAD and ACL SAVE
         * use; when the file exists, every node starts with its users (and {@link #restoreConfig()}
         * puts those back), so it cannot be combined with {@link #user}.
         */
        public Builder aclFile(java.nio.file.Path file) {
            this.aclFile = file.toAbsolutePath().toString();
            return this;
        }

        /**
         * Redis's protected-mode parameter on every node (default yes, as Redis): while the
         * default user has no password, connections from addresses other than loopback are
         * refused with Redis's DENIED error. Only matters with a {@link #bindAddress} that other
         * hosts (or containers) reach; give the default user a {@link #password} or pass false
         * to let them in.
         */
        public Builder protectedMode(boolean enabled) {
            this.protectedMode = enabled;
            return this;
        }

        /** How many masters (default 3); the slots are split evenly unless {@link #slotRanges} says otherwise. */
        public Builder masters(int masters) {
            this.masters = masters;
            return this;
        }

        /** Replicas of each master (default 1; 0 allowed). */
        public Builder replicasPerMaster(int replicas) {
            this.replicasPerMaster = replicas;
            return this;
        }

        /**
         * Nodes listen on consecutive ports from here, masters first (default 0: ephemeral ports,
         * chosen so that port + 10000 stays a valid bus port).
         */
        public Builder basePort(int basePort) {
            this.basePort = basePort;
            return this;
        }

        /** The address every node listens on (default 127.0.0.1); 0.0.0.0 or :: listens on all of this host's. */
        public Builder bindAddress(String address) {
            this.bindAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        /**
         * The address the nodes give clients in CLUSTER NODES, SLOTS and SHARDS, MOVED and ASK, as
         * Redis's {@code cluster-announce-ip}: for clients that reach the nodes by another address
         * (a container, another machine). Default: the bind address, or for a wildcard one
         * (0.0.0.0, ::) an address of this host that others can reach.
         */
        public Builder announceAddress(String address) {
            this.announceAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        /**
         * The slots of each master, in master order; together they must cover 0-16383 exactly once,
         * and there must be one element per master ({@link #masters}, 3 unless set).
         */
        public Builder slotRanges(List<List<SlotRange>> perMaster) {
            this.slotRanges = List.copyOf(perMaster);
            return this;
        }

        /**
         * The same in the form {@code @RedisCluster(slotRanges = ...)} takes: one string per master,
         * each a comma-separated list of ranges, {@code slotRanges("0-99,200-16383", "100-199")}.
         *
         * @throws IllegalArgumentException naming a range that is not {@code start-end} or {@code slot}
         */
        public Builder slotRanges(String... perMaster) {
            return slotRanges(java.util.Arrays.stream(perMaster).map(SlotRange::parseList).toList());
        }

        /** The clock behind TTLs and expiry (default: system time); pass a {@link ManualClock} to steer it. */
        public Builder clock(ClusterClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** When masters reply to writes: at once, as Redis does (default), or once every replica applied them. */
        public Builder replicationMode(ReplicationMode mode) {
            this.replicationMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Each node's cluster-node-timeout (default 15 s, Redis's default), as CONFIG GET reports it:
         * how long, on the cluster's clock, a {@link #kill killed} node goes unnoticed before it is
         * flagged failing and, as a master, replaced by a replica.
         */
        public Builder nodeTimeout(java.time.Duration timeout) {
            this.nodeTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * Starts the nodes unjoined and empty ({@link #masters} times one plus
         * {@link #replicasPerMaster} of them), each a master that knows only itself, with no
         * slots, config epoch 0 and {@code cluster_state:fail}, as freshly started
         * {@code redis-server --cluster-enabled yes} processes: for {@code redis-cli --cluster
         * create} and the CLUSTER commands it sends (MEET, ADDSLOTS, SET-CONFIG-EPOCH, REPLICATE).
         */
        public Builder bare(boolean bare) {
            this.bare = bare;
            return this;
        }

        /**
         * Seeds the cluster from an RDB file (as {@code redis-server} writes with SAVE, version 10
         * or older) when it starts: every key goes to the master that owns its slot and to that
         * master's replicas, with its expiry; keys already expired are skipped. The file may hold
         * keys in database 0 only, as Redis in cluster mode requires; {@link #start} fails with
         * the reason otherwise, or when the file cannot be read.
         */
        public Builder rdb(java.nio.file.Path file) {
            this.rdb = Objects.requireNonNull(file, "file");
            return this;
        }

        /**
         * The heap guard: once the heap in use after a garbage collection passes this fraction of
         * the JVM's maximum heap, every node refuses the commands Redis refuses over maxmemory
         * (those flagged denyoom, and scripts that may write) with Redis's error {@code -OOM
         * command not allowed when used memory > 'maxmemory'.}, and keeps serving reads and
         * deletes; a single write larger than the heap has left gets that error too. Writes are
         * let in again once deletes bring the heap back under it. On by default at 0.9 (or what
         * the system property {@value #HEAP_GUARD_PROPERTY} says: a fraction, or {@code off}), so
         * that a test writing without end fails with Redis's error instead of an
         * OutOfMemoryError in the test JVM.
         *
         * @param fraction above 0 and below 1
         */
        public Builder heapGuard(double fraction) {
            if (!(fraction > 0 && fraction < 1)) {
                throw new IllegalArgumentException("heap guard must be a fraction of the heap above 0 and below 1, got " + fraction);
            }
            this.heapGuard = fraction;
            return this;
        }

        /** No heap guard: the nodes write until the JVM runs out of heap. */
        public Builder heapGuardOff() {
            this.heapGuard = 0;
            return this;
        }

        /** A heap guard setting as text: a fraction above 0 and below 1, or {@code off}. */
        static double parseHeapGuard(String what, String setting) {
            if (setting.trim().equalsIgnoreCase("off")) {
                return 0;
            }
            double fraction;
            try {
                fraction = Double.parseDouble(setting.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(what + " takes a fraction of the heap (0.9) or 'off', got '" + setting + "'");
            }
            if (!(fraction > 0 && fraction < 1)) {
                throw new IllegalArgumentException(what + " must be above 0 and below 1, or 'off', got '" + setting + "'");
            }
            return fraction;
        }

        public EmbeddedRedisCluster build() {
            return new EmbeddedRedisCluster(this);
        }
    }
}
