package dev.embeddedcluster.parity;

import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Six real redis-server processes (3 masters, 3 replicas) on free loopback ports, made a cluster by
 * {@code redis-cli --cluster create}, with the process-level faults: SIGKILL, SIGSTOP, SIGCONT and a
 * restart from the node's own cluster config file (so it keeps its id). Every wait has a timeout;
 * {@link #close()} (and a shutdown hook, for a JVM that dies first) kills every process.
 */
final class RealRedisCluster implements AutoCloseable {
    private static final String HOST = "127.0.0.1";
    private static final int NODES = 6;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final Duration nodeTimeout;
    private final Path dir;
    private final List<HostAndPort> nodes = new ArrayList<>();
    private final Map<Integer, Process> processes = new HashMap<>();
    private final Thread shutdownHook = new Thread(this::killAll, "real-redis-cluster-cleanup");

    private RealRedisCluster(Duration nodeTimeout) throws IOException {
        this.nodeTimeout = nodeTimeout;
        this.dir = Files.createTempDirectory("real-redis-cluster");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts the processes, creates the cluster, and returns once every node says {@code cluster_state:ok}. */
    static RealRedisCluster start(Duration nodeTimeout) {
        RealRedisCluster cluster;
        try {
            cluster = new RealRedisCluster(nodeTimeout);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            cluster.startAll();
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    List<HostAndPort> nodes() {
        return List.copyOf(nodes);
    }

    Duration nodeTimeout() {
        return nodeTimeout;
    }

    /** SIGKILL: the kernel closes the process's sockets at once. Returns once the process is gone. */
    void kill(HostAndPort node) {
        Process process = processes.get(node.getPort());
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("redis-server on " + node + " survived SIGKILL for 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGSTOP: the process keeps its sockets (the kernel still accepts connections) but runs nothing. */
    void pause(HostAndPort node) {
        signal(node, "STOP");
    }

    /** SIGCONT. */
    void resume(HostAndPort node) {
        signal(node, "CONT");
    }

    /** Starts a killed node again on its port with its cluster config file, so with its id and epochs; returns once it answers PING. */
    void restart(HostAndPort node) {
        if (processes.get(node.getPort()).isAlive()) {
            throw new IllegalStateException(node + " is running");
        }
        launch(node.getPort());
        awaitPing(node);
    }

    private void startAll() {
        for (int port : freePorts()) {
            nodes.add(new HostAndPort(HOST, port));
            launch(port);
        }
        nodes.forEach(this::awaitPing);
        List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        nodes.forEach(n -> create.add(n.toString()));
        create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
        String out = run(create, Duration.ofSeconds(60));
        if (!out.contains("[OK] All 16384 slots covered.")) {
            throw new IllegalStateException("redis-cli --cluster create failed:\n" + out);
        }
        awaitReady();
    }

    private void launch(int port) {
        Path log = dir.resolve("redis-" + port + ".log");
        List<String> command = List.of("redis-server",
                "--port", Integer.toString(port),
                "--bind", HOST,
                "--dir", dir.toString(),
                "--cluster-enabled", "yes",
                "--cluster-config-file", dir.resolve("nodes-" + port + ".conf").toString(),
                "--cluster-node-timeout", Long.toString(nodeTimeout.toMillis()),
                "--save", "",
                "--appendonly", "no",
                // Replicas sync at once instead of after diskless sync's default 5 s wait; no effect on failover.
                "--repl-diskless-sync-delay", "0",
                "--daemonize", "no",
                "--logfile", log.toString());
        try {
            processes.put(port, new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis-" + port + ".out").toFile()).start());
        } catch (IOException e) {
            throw new IllegalStateException("redis-server is needed on the PATH (Debian: apt-get install redis-server)", e);
        }
    }

    /** Every node says cluster_state:ok, sees 3 masters with slots and 3 replicas, and every replica's link is up. */
    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                if (nodes.stream().allMatch(this::ready)) {
                    return;
                }
            } catch (RuntimeException e) {
                last = e.toString();
            }
            sleep(50);
        }
        throw new IllegalStateException("the real cluster was not ready within " + READY_TIMEOUT + " " + last + "\n" + logs());
    }

    private boolean ready(HostAndPort node) {
        try (Jedis jedis = new Jedis(node.getHost(), node.getPort(), 1000)) {
            if (!jedis.clusterInfo().contains("cluster_state:ok")) {
                return false;
            }
            List<ClusterNodesLine> view = ClusterNodesLine.parse(jedis.clusterNodes());
            long masters = view.stream().filter(l -> l.hasFlag("master") && !l.slots().isEmpty()).count();
            long replicas = view.stream().filter(l -> l.hasFlag("slave")).count();
            if (masters != 3 || replicas != 3 || view.stream().anyMatch(l -> !l.linkState().equals("connected"))) {
                return false;
            }
            String replication = jedis.info("replication");
            return replication.contains("role:master") || replication.contains("master_link_status:up");
        }
    }

    private void awaitPing(HostAndPort node) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (Jedis jedis = new Jedis(node.getHost(), node.getPort(), 500)) {
                if ("PONG".equals(jedis.ping())) {
                    return;
                }
            } catch (RuntimeException e) {
                // not listening yet
            }
            sleep(20);
        }
        throw new IllegalStateException("redis-server on " + node + " did not answer PING within 10 s\n" + logs());
    }

    private void signal(HostAndPort node, String signal) {
        long pid = processes.get(node.getPort()).pid();
        String out = run(List.of("kill", "-" + signal, Long.toString(pid)), Duration.ofSeconds(5));
        if (!out.isBlank()) {
            throw new IllegalStateException("kill -" + signal + " " + pid + ": " + out);
        }
    }

    /** Each node's log, for a failure message. */
    String logs() {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path log : files.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                all.append("--- ").append(log.getFileName()).append('\n');
                lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(l -> all.append(l).append('\n'));
            }
        } catch (IOException e) {
            all.append("(logs unreadable: ").append(e).append(")");
        }
        return all.toString();
    }

    private static String run(List<String> command, Duration timeout) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout);
            }
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Free loopback ports whose cluster bus port (port + 10000) is free too. */
    private static List<Integer> freePorts() {
        Map<Integer, ServerSocket> held = new LinkedHashMap<>();
        try {
            while (held.size() < NODES) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST));
                int port = socket.getLocalPort();
                if (port + 10000 <= 65535 && free(port + 10000) && !held.containsKey(port)
                        && !held.containsKey(port + 10000) && held.keySet().stream().noneMatch(p -> p + 10000 == port)) {
                    held.put(port, socket);
                } else {
                    socket.close();
                }
            }
            return held.keySet().stream().sorted(Comparator.naturalOrder()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            held.values().forEach(RealRedisCluster::closeQuietly);
        }
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(HOST))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a probe socket
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void killAll() {
        for (Process process : processes.values()) {
            // A child forked for a replica's sync or a save would outlive its parent and write in the directory.
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly(); // SIGKILL ends a stopped process too
        }
        for (Process process : processes.values()) {
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or will
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind
        }
    }
}
