package dev.embeddedcluster.command.server;

import dev.embeddedcluster.command.Client;
import dev.embeddedcluster.command.NodeContext;
import dev.embeddedcluster.command.Replication;
import dev.embeddedcluster.command.Scripting;
import dev.embeddedcluster.command.connection.ConnectionCommands;
import dev.embeddedcluster.command.replication.ReplicaLink;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** INFO's text: the sections Redis 7.0 prints, with the values this node really has. */
final class InfoReport {
    /** Every section, in the order INFO prints them. */
    static final List<String> ALL_SECTIONS = List.of("server", "clients", "memory", "persistence", "stats", "replication",
            "cpu", "modules", "commandstats", "errorstats", "latencystats", "cluster", "keyspace");
    /** What INFO and INFO default print: all but the per-command sections. */
    static final List<String> DEFAULT_SECTIONS = ALL_SECTIONS.stream()
            .filter(section -> !section.equals("commandstats") && !section.equals("latencystats")).toList();
    static final long BACKLOG_SIZE = 1024 * 1024;
    /** Redis prints a hash of its build; ours names this library's build of 7.0.15. */
    private static final String BUILD_ID = "e3bedded7015c10";

    private InfoReport() {
    }

    /** The sections named by INFO's arguments, in Redis's order; "default", "all", "everything" expand. */
    static Set<String> sections(List<String> requested) {
        Set<String> wanted = new LinkedHashSet<>();
        if (requested.isEmpty()) {
            wanted.addAll(DEFAULT_SECTIONS);
        }
        for (String name : requested) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("default")) {
                wanted.addAll(DEFAULT_SECTIONS);
            } else if (lower.equals("all") || lower.equals("everything")) {
                wanted.addAll(ALL_SECTIONS);
            } else {
                wanted.add(lower);
            }
        }
        Set<String> ordered = new LinkedHashSet<>();
        for (String section : ALL_SECTIONS) {
            if (wanted.contains(section)) {
                ordered.add(section);
            }
        }
        return ordered;
    }

    static String render(NodeContext node, Set<String> sections) {
        StringBuilder out = new StringBuilder(2048);
        for (String section : sections) {
            if (out.length() > 0) {
                out.append("\r\n");
            }
            switch (section) {
                case "server" -> server(node, out);
                case "clients" -> clients(node, out);
                case "memory" -> memory(node, out);
                case "persistence" -> node.persistence().info(out);
                case "stats" -> stats(node, out);
                case "replication" -> replication(node, out);
                case "cpu" -> cpu(node, out);
                case "modules" -> out.append("# Modules\r\n");
                case "commandstats" -> node.stats().commands().renderCommands(out.append("# Commandstats\r\n"));
                case "errorstats" -> node.stats().errors().render(out.append("# Errorstats\r\n"));
                case "latencystats" -> node.stats().commands().renderLatencies(out.append("# Latencystats\r\n"));
                case "cluster" -> out.append("# Cluster\r\ncluster_enabled:1\r\n");
                case "keyspace" -> keyspace(node, out);
                default -> {
                }
            }
        }
        return out.toString();
    }

    static void line(StringBuilder out, String name, Object value) {
        out.append(name).append(':').append(value).append("\r\n");
    }

    private static void server(NodeContext node, StringBuilder out) {
        long now = node.clock().currentTimeMillis();
        long uptime = Math.max(0, (now - node.startedMillis()) / 1000);
        out.append("# Server\r\n");
        line(out, "redis_version", ConnectionCommands.REDIS_VERSION);
        line(out, "redis_git_sha1", "00000000");
        line(out, "redis_git_dirty", 0);
        line(out, "redis_build_id", BUILD_ID);
        line(out, "redis_mode", "cluster");
        line(out, "os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        line(out, "arch_bits", System.getProperty("os.arch").contains("64") ? 64 : 32);
        line(out, "monotonic_clock", "JVM System.nanoTime");
        line(out, "multiplexing_api", node.transportName().toLowerCase(Locale.ROOT));
        line(out, "atomicvar_api", "java");
        line(out, "gcc_version", "0.0.0");
        line(out, "process_id", ProcessHandle.current().pid());
        line(out, "process_supervised", "no");
        line(out, "run_id", node.runId());
        line(out, "tcp_port", node.port());
        line(out, "server_time_usec", node.clock().currentTimeMicros());
        line(out, "uptime_in_seconds", uptime);
        line(out, "uptime_in_days", uptime / 86400);
        line(out, "hz", node.config().get("hz"));
        line(out, "configured_hz", node.config().get("hz"));
        // Redis's LRU clock: seconds, kept in 24 bits.
        line(out, "lru_clock", (now / 1000) & ((1 << 24) - 1));
        line(out, "executable", ProcessHandle.current().info().command().orElse(""));
        line(out, "config_file", "");
        line(out, "io_threads_active", 0);
    }

    private static void clients(NodeContext node, StringBuilder out) {
        List<? extends Client> clients = node.clients().all();
        out.append("# Clients\r\n");
        line(out, "connected_clients", clients.size());
        line(out, "cluster_connections", 0);
        line(out, "maxclients", node.config().get("maxclients"));
        line(out, "client_recent_max_input_buffer", 0);
        line(out, "client_recent_max_output_buffer", 0);
        line(out, "blocked_clients", clients.stream().filter(Client::blocked).count());
        line(out, "tracking_clients", clients.stream().filter(c -> c.tracking() != null).count());
        line(out, "clients_in_timeout_table", 0);
    }

    /**
     * The node's memory estimate (see Eviction and MemoryEstimate): startup and dictionaries, and
     * the dataset, under every field name Redis 7.0.15 prints, in its order. There is no allocator
     * between the estimate and the JVM (RSS and allocator figures equal it, ratios are 1), and the
     * memory of Lua's VM, client buffers and links is not measured (0).
     */
    private static void memory(NodeContext node, StringBuilder out) {
        long overhead = node.eviction().overheadBytes();
        long dataset = node.keyspace().datasetBytes();
        long used = overhead + dataset;
        long peak = node.stats().peakMemory(used);
        long net = Math.max(0, used - Eviction.STARTUP_BYTES);
        long max = ConfigCommands.memoryValue(node.config().get("maxmemory"));
        long system = Runtime.getRuntime().maxMemory();
        Scripting scripting = node.scriptingIfStarted();
        boolean backlog = !node.isMaster() || !node.replication().replicas().isEmpty();
        out.append("# Memory\r\n");
        line(out, "used_memory", used);
        line(out, "used_memory_human", human(used));
        line(out, "used_memory_rss", used);
        line(out, "used_memory_rss_human", human(used));
        line(out, "used_memory_peak", peak);
        line(out, "used_memory_peak_human", human(peak));
        line(out, "used_memory_peak_perc", percent(used, peak));
        line(out, "used_memory_overhead", overhead);
        line(out, "used_memory_startup", Eviction.STARTUP_BYTES);
        line(out, "used_memory_dataset", dataset);
        line(out, "used_memory_dataset_perc", percent(dataset, net));
        line(out, "allocator_allocated", used);
        line(out, "allocator_active", used);
        line(out, "allocator_resident", used);
        line(out, "total_system_memory", system);
        line(out, "total_system_memory_human", human(system));
        line(out, "used_memory_lua", 0);
        line(out, "used_memory_vm_eval", 0);
        line(out, "used_memory_lua_human", human(0));
        line(out, "used_memory_scripts_eval", 0);
        line(out, "number_of_cached_scripts", scripting == null ? 0 : scripting.cachedScripts());
        line(out, "number_of_functions", scripting == null ? 0 : scripting.functionCount());
        line(out, "number_of_libraries", scripting == null ? 0 : scripting.libraryCount());
        line(out, "used_memory_vm_functions", 0);
        line(out, "used_memory_vm_total", 0);
        line(out, "used_memory_vm_total_human", human(0));
        line(out, "used_memory_functions", 0);
        line(out, "used_memory_scripts", 0);
        line(out, "used_memory_scripts_human", human(0));
        line(out, "maxmemory", max);
        line(out, "maxmemory_human", human(max));
        line(out, "maxmemory_policy", node.config().get("maxmemory-policy"));
        for (String ratio : List.of("allocator_frag", "allocator_rss", "rss_overhead")) {
            line(out, ratio + "_ratio", "1.00");
            line(out, ratio + "_bytes", 0);
        }
        line(out, "mem_fragmentation_ratio", "1.00");
        line(out, "mem_fragmentation_bytes", 0);
        line(out, "mem_not_counted_for_evict", 0);
        line(out, "mem_replication_backlog", backlog ? BACKLOG_SIZE : 0);
        line(out, "mem_total_replication_buffers", 0);
        line(out, "mem_clients_slaves", 0);
        line(out, "mem_clients_normal", 0);
        line(out, "mem_cluster_links", 0);
        line(out, "mem_aof_buffer", 0);
        line(out, "mem_allocator", "jvm");
        line(out, "active_defrag_running", 0);
        line(out, "lazyfree_pending_objects", 0);
        line(out, "lazyfreed_objects", node.stats().lazyfreedObjects);
    }

    private static String percent(long part, long whole) {
        return String.format(Locale.ROOT, "%.2f%%", whole == 0 ? 0.0 : part * 100.0 / whole);
    }

    private static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + "B";
        }
        String[] units = {"K", "M", "G", "T", "P"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.2f%s", value, units[unit]);
    }

    /**
     * Every field Redis 7.0.15 prints, in its order: counted where the node has the event, 0 where
     * it cannot happen here (forks, defragmentation, I/O threads, full syncs over sockets...).
     */
    private static void stats(NodeContext node, StringBuilder out) {
        NodeStats stats = node.stats();
        out.append("# Stats\r\n");
        line(out, "total_connections_received", stats.connectionsReceived);
        line(out, "total_commands_processed", stats.commands().processed());
        line(out, "instantaneous_ops_per_sec", stats.opsPerSecond());
        line(out, "total_net_input_bytes", stats.netInputBytes);
        line(out, "total_net_output_bytes", stats.netOutputBytes);
        line(out, "total_net_repl_input_bytes", 0);
        line(out, "total_net_repl_output_bytes", 0);
        line(out, "instantaneous_input_kbps", String.format(Locale.ROOT, "%.2f", stats.inputKbps()));
        line(out, "instantaneous_output_kbps", String.format(Locale.ROOT, "%.2f", stats.outputKbps()));
        line(out, "instantaneous_input_repl_kbps", "0.00");
        line(out, "instantaneous_output_repl_kbps", "0.00");
        line(out, "rejected_connections", stats.rejectedConnections);
        line(out, "sync_full", 0);
        line(out, "sync_partial_ok", 0);
        line(out, "sync_partial_err", 0);
        line(out, "expired_keys", stats.expiredKeys);
        line(out, "expired_stale_perc", "0.00");
        line(out, "expired_time_cap_reached_count", 0);
        line(out, "expire_cycle_cpu_milliseconds", 0);
        line(out, "evicted_keys", stats.evictedKeys);
        line(out, "evicted_clients", stats.evictedClients);
        line(out, "total_eviction_exceeded_time", 0);
        line(out, "current_eviction_exceeded_time", 0);
        line(out, "keyspace_hits", node.keyspace().hits());
        line(out, "keyspace_misses", node.keyspace().misses());
        line(out, "pubsub_channels", node.subscriptions().channels(false, null).size());
        line(out, "pubsub_patterns", node.subscriptions().patternCount());
        line(out, "pubsubshard_channels", node.subscriptions().channels(true, null).size());
        line(out, "latest_fork_usec", 0);
        line(out, "total_forks", 0);
        line(out, "migrate_cached_sockets", node.migrateCachedSockets());
        line(out, "slave_expires_tracked_keys", 0);
        line(out, "active_defrag_hits", 0);
        line(out, "active_defrag_misses", 0);
        line(out, "active_defrag_key_hits", 0);
        line(out, "active_defrag_key_misses", 0);
        line(out, "total_active_defrag_time", 0);
        line(out, "current_active_defrag_time", 0);
        line(out, "tracking_total_keys", node.tracking().trackedKeys());
        line(out, "tracking_total_items", node.tracking().trackedItems());
        line(out, "tracking_total_prefixes", node.tracking().trackedPrefixes());
        line(out, "unexpected_error_replies", 0);
        line(out, "total_error_replies", stats.errors().total());
        line(out, "dump_payload_sanitizations", stats.dumpPayloadSanitizations);
        line(out, "total_reads_processed", stats.readsProcessed);
        line(out, "total_writes_processed", stats.writesProcessed);
        line(out, "io_threaded_reads_processed", 0);
        line(out, "io_threaded_writes_processed", 0);
        line(out, "reply_buffer_shrinks", 0);
        line(out, "reply_buffer_expands", 0);
    }

    private static void replication(NodeContext node, StringBuilder out) {
        Replication replication = node.replication();
        long offset = replication.offset();
        out.append("# Replication\r\n");
        if (node.isMaster()) {
            List<? extends NodeContext> replicas = replication.replicas();
            List<ReplicaLink> connections = replication.replicaConnections();
            line(out, "role", "master");
            line(out, "connected_slaves", replicas.size() + connections.size());
            for (int i = 0; i < replicas.size(); i++) {
                NodeContext replica = replicas.get(i);
                long acknowledged = replica.replication().acknowledgedOffset();
                // Seconds since a replica that is behind last applied something (a lagged or held one).
                long lag = acknowledged >= offset ? 0
                        : Math.max(0, (node.clock().currentTimeMillis() - replica.replication().lastMasterIoMillis()) / 1000);
                line(out, "slave" + i, "ip=" + replica.host() + ",port=" + replica.port() + ",state=online,offset="
                        + acknowledged + ",lag=" + lag);
            }
            replicaConnections(out, connections, replicas.size());
        } else {
            NodeContext master = replication.master();
            long ioAgo = Math.max(0, (node.clock().currentTimeMillis() - replication.lastMasterIoMillis()) / 1000);
            line(out, "role", "slave");
            line(out, "master_host", master.host());
            line(out, "master_port", master.port());
            long linkDownSince = replication.masterLinkDownSinceMillis();
            line(out, "master_link_status", linkDownSince < 0 ? "up" : "down");
            line(out, "master_last_io_seconds_ago", linkDownSince < 0 ? ioAgo : -1);
            line(out, "master_sync_in_progress", 0);
            line(out, "slave_read_repl_offset", offset);
            line(out, "slave_repl_offset", offset);
            if (linkDownSince >= 0) {
                line(out, "master_link_down_since_seconds",
                        Math.max(0, (node.clock().currentTimeMillis() - linkDownSince) / 1000));
            }
            line(out, "slave_priority", 100);
            line(out, "slave_read_only", 1);
            line(out, "replica_announced", 1);
            List<ReplicaLink> connections = replication.replicaConnections();
            line(out, "connected_slaves", connections.size());
            replicaConnections(out, connections, 0);
        }
        boolean backlog = !node.isMaster() || !replication.replicas().isEmpty() || !replication.replicaConnections().isEmpty();
        line(out, "master_failover_state", "no-failover");
        line(out, "master_replid", replication.replicationId());
        line(out, "master_replid2", replication.previousReplicationId());
        line(out, "master_repl_offset", offset);
        line(out, "second_repl_offset", replication.secondOffset());
        line(out, "repl_backlog_active", backlog ? 1 : 0);
        line(out, "repl_backlog_size", BACKLOG_SIZE);
        line(out, "repl_backlog_first_byte_offset", backlog ? 1 : 0);
        line(out, "repl_backlog_histlen", backlog ? Math.min(offset, BACKLOG_SIZE) : 0);
    }

    /** The connections attached with SYNC or PSYNC (a real replica, redis-cli), numbered after the nodes. */
    private static void replicaConnections(StringBuilder out, List<ReplicaLink> connections, int firstIndex) {
        for (int i = 0; i < connections.size(); i++) {
            ReplicaLink link = connections.get(i);
            line(out, "slave" + (firstIndex + i), "ip=" + link.ip() + ",port=" + link.port() + ",state=" + link.state()
                    + ",offset=" + link.offset() + ",lag=" + link.lagSeconds());
        }
    }

    /** The CPU time of the node's thread and of its script worker (where its Lua runs). */
    private static void cpu(NodeContext node, StringBuilder out) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] main = cpuNanos(threads, node.threadId());
        long[] worker = cpuNanos(threads, node.worker().threadId());
        out.append("# CPU\r\n");
        line(out, "used_cpu_sys", seconds(main[0] - main[1] + worker[0] - worker[1]));
        line(out, "used_cpu_user", seconds(main[1] + worker[1]));
        line(out, "used_cpu_sys_children", "0.000000");
        line(out, "used_cpu_user_children", "0.000000");
        line(out, "used_cpu_sys_main_thread", seconds(main[0] - main[1]));
        line(out, "used_cpu_user_main_thread", seconds(main[1]));
    }

    /** A thread's CPU time and user time in ns (zeros for none). */
    private static long[] cpuNanos(ThreadMXBean threads, long id) {
        return id < 0 ? new long[2]
                : new long[] {Math.max(0, threads.getThreadCpuTime(id)), Math.max(0, threads.getThreadUserTime(id))};
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.6f", nanos / 1e9);
    }

    private static void keyspace(NodeContext node, StringBuilder out) {
        out.append("# Keyspace\r\n");
        int keys = node.keyspace().size();
        if (keys > 0) {
            long now = node.clock().currentTimeMillis();
            long[] ttl = {0, 0};
            node.keyspace().forEach(e -> {
                if (e.hasExpiry()) {
                    ttl[0] += e.expireAtMillis() - now;
                    ttl[1]++;
                }
            });
            long average = ttl[1] == 0 ? 0 : ttl[0] / ttl[1];
            line(out, "db0", "keys=" + keys + ",expires=" + node.keyspace().volatileKeys() + ",avg_ttl=" + average);
        }
    }
}
