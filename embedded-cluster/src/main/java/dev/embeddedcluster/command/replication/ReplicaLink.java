package dev.embeddedcluster.command.replication;

/**
 * A connection that attached as a replica with SYNC or PSYNC, as INFO replication and ROLE show
 * it: its announced address, its state (wait_bgsave, send_bulk, online), the offset it last
 * acknowledged and the seconds since it did.
 */
public record ReplicaLink(String ip, long port, String state, long offset, long lagSeconds) {
    public boolean online() {
        return "online".equals(state);
    }
}
