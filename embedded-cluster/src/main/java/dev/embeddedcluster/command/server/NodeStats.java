package dev.embeddedcluster.command.server;

import dev.embeddedcluster.command.CommandTable;
import dev.embeddedcluster.command.stats.CommandStats;
import dev.embeddedcluster.command.stats.ErrorStats;
import dev.embeddedcluster.command.stats.InstantaneousRate;
import dev.embeddedcluster.command.stats.LatencyMonitor;
import dev.embeddedcluster.command.stats.SlowLog;

/**
 * Counters INFO reports, the per-command and per-error statistics, the slow log and the latency
 * monitor. Written only on the node's thread (or its script worker while it owns the node).
 */
public final class NodeStats {
    public long connectionsReceived;
    public long rejectedConnections;
    public long expiredKeys;
    public long evictedKeys;
    /** Connections closed for maxmemory-clients. */
    public long evictedClients;
    public long netInputBytes;
    public long netOutputBytes;
    public long readsProcessed;
    public long writesProcessed;
    /** Values freed as Redis frees them in the background (UNLINK, FLUSHALL ASYNC of big values). */
    public long lazyfreedObjects;
    public long dumpPayloadSanitizations;

    private long peakMemory;

    private final ErrorStats errors = new ErrorStats();
    private final CommandStats commands = new CommandStats(CommandTable.standard().indexed(), errors);
    private final SlowLog slowLog = new SlowLog();
    private final LatencyMonitor latency = new LatencyMonitor();
    private final InstantaneousRate opsRate = new InstantaneousRate();
    private final InstantaneousRate inputRate = new InstantaneousRate();
    private final InstantaneousRate outputRate = new InstantaneousRate();

    /** The node's timer, every 100 ms: samples the counters that instantaneous_* rates come from. */
    public void sampleRates(long nowMillis) {
        opsRate.sample(commands.processed(), nowMillis);
        inputRate.sample(netInputBytes, nowMillis);
        outputRate.sample(netOutputBytes, nowMillis);
    }

    /** instantaneous_ops_per_sec. */
    public long opsPerSecond() {
        return Math.round(opsRate.perSecond());
    }

    /** instantaneous_input_kbps. */
    public double inputKbps() {
        return inputRate.perSecond() / 1024;
    }

    /** instantaneous_output_kbps. */
    public double outputKbps() {
        return outputRate.perSecond() / 1024;
    }

    /** A read from a client's socket: total_net_input_bytes and total_reads_processed. */
    public void read(int bytes) {
        netInputBytes += bytes;
        readsProcessed++;
    }

    /** A write to a client's socket: total_net_output_bytes and total_writes_processed. */
    public void written(int bytes) {
        netOutputBytes += bytes;
        writesProcessed++;
    }

    /** The highest memory estimate seen, taking in {@code current}: what MEMORY STATS calls peak.allocated. */
    public long peakMemory(long current) {
        peakMemory = Math.max(peakMemory, current);
        return peakMemory;
    }

    public ErrorStats errors() {
        return errors;
    }

    public CommandStats commands() {
        return commands;
    }

    public SlowLog slowLog() {
        return slowLog;
    }

    public LatencyMonitor latency() {
        return latency;
    }

    /** Takes in the parameters these read (slowlog-*, latency-*): at start and when CONFIG SET changes one. */
    public void configure(ServerConfig config) {
        slowLog.configure(Long.parseLong(config.get("slowlog-log-slower-than")), Long.parseLong(config.get("slowlog-max-len")));
        latency.configure(Long.parseLong(config.get("latency-monitor-threshold")));
        commands.configure(config.get("latency-tracking").equals("yes"),
                LatencyPercentiles.parse(config.get("latency-tracking-info-percentiles")));
    }

    /** CONFIG RESETSTAT: what Redis zeroes (the slow log and the latency monitor stay). */
    public void reset() {
        connectionsReceived = 0;
        rejectedConnections = 0;
        expiredKeys = 0;
        evictedKeys = 0;
        evictedClients = 0;
        netInputBytes = 0;
        netOutputBytes = 0;
        readsProcessed = 0;
        writesProcessed = 0;
        lazyfreedObjects = 0;
        dumpPayloadSanitizations = 0;
        peakMemory = 0;
        errors.reset();
        commands.reset();
        opsRate.reset(0);
        inputRate.reset(0);
        outputRate.reset(0);
    }
}
