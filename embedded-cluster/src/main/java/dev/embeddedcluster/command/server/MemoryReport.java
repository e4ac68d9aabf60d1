package dev.embeddedcluster.command.server;

import dev.embeddedcluster.command.NodeContext;
import dev.embeddedcluster.resp.RespWriter;

/**
 * The node's memory as MEMORY STATS and MEMORY DOCTOR report it, from the same estimate as INFO
 * memory: the startup overhead, the key tables, and the dataset. There is no allocator of our
 * own between the estimate and the JVM, so the allocator's figures equal the estimate and its
 * fragmentation ratios are 1.
 */
final class MemoryReport {
    /** Under this much data beyond startup, DOCTOR has nothing to judge, as Redis's has not. */
    private static final long TOO_LITTLE = 5L * 1024 * 1024;

    private final long peak;
    private final long total;
    private final long backlog;
    private final int keys;
    private final int volatileKeys;
    private final long overhead;
    private final long dataset;

    private MemoryReport(NodeContext node) {
        this.overhead = node.eviction().overheadBytes();
        this.dataset = node.keyspace().datasetBytes();
        this.total = overhead + dataset;
        this.peak = node.stats().peakMemory(total);
        this.backlog = node.isMaster() && node.replication().replicas().isEmpty() ? 0 : InfoReport.BACKLOG_SIZE;
        this.keys = node.keyspace().size();
        this.volatileKeys = node.keyspace().volatileKeys();
    }

    static MemoryReport of(NodeContext node) {
        return new MemoryReport(node);
    }

    /** MEMORY STATS: Redis 7.0.15's fields, in its order and types. */
    void writeStats(RespWriter reply) {
        long net = Math.max(0, total - Eviction.STARTUP_BYTES);
        reply.mapHeader(keys > 0 ? 28 : 27);
        integer(reply, "peak.allocated", peak);
        integer(reply, "total.allocated", total);
        integer(reply, "startup.allocated", Eviction.STARTUP_BYTES);
        integer(reply, "replication.backlog", backlog);
        integer(reply, "clients.slaves", 0);
        integer(reply, "clients.normal", 0);
        integer(reply, "cluster.links", 0);
        integer(reply, "aof.buffer", 0);
        integer(reply, "lua.caches", 0);
        integer(reply, "functions.caches", 0);
        if (keys > 0) {
            reply.bulk("db.0");
            reply.mapHeader(3);
            integer(reply, "overhead.hashtable.main", Eviction.buckets(keys));
            integer(reply, "overhead.hashtable.expires", Eviction.buckets(volatileKeys));
            integer(reply, "overhead.hashtable.slot-to-keys", 0);
        }
        integer(reply, "overhead.total", overhead);
        integer(reply, "keys.count", keys);
        integer(reply, "keys.bytes-per-key", keys == 0 ? 0 : net / keys);
        integer(reply, "dataset.bytes", dataset);
        ratio(reply, "dataset.percentage", net == 0 ? 0 : dataset * 100.0 / net);
        ratio(reply, "peak.percentage", peak == 0 ? 0 : total * 100.0 / peak);
        integer(reply, "allocator.allocated", total);
        integer(reply, "allocator.active", total);
        integer(reply, "allocator.resident", total);
        ratio(reply, "allocator-fragmentation.ratio", 1);
        integer(reply, "allocator-fragmentation.bytes", 0);
        ratio(reply, "allocator-rss.ratio", 1);
        integer(reply, "allocator-rss.bytes", 0);
        ratio(reply, "rss-overhead.ratio", 1);
        integer(reply, "rss-overhead.bytes", 0);
        ratio(reply, "fragmentation", 1);
        integer(reply, "fragmentation.bytes", 0);
    }

    private static void integer(RespWriter reply, String name, long value) {
        reply.bulk(name);
        reply.integer(value);
    }

    /** Redis replies these as doubles (RESP2: bulk strings with 17 digits). */
    private static void ratio(RespWriter reply, String name, double value) {
        reply.bulk(name);
        reply.doubleValue((float) value);
    }

    /** MEMORY DOCTOR, in our words: too little data to judge, a peak far above today's use, or nothing to report. */
    String doctor() {
        if (total - Eviction.STARTUP_BYTES < TOO_LITTLE) {
            return "This node holds too little data for a memory diagnosis; ask again when it holds more.\n";
        }
        if (peak > total * 3 / 2) {
            return "At its peak this node used " + peak + " bytes, well above the " + total + " it uses now. "
                    + "The estimate shrinks as soon as keys go; a real server's allocator might not give the memory back.\n";
        }
        return "No memory problem found on this node.\n";
    }
}
