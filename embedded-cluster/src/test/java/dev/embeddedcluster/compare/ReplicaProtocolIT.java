package dev.embeddedcluster.compare;

import org.junit.jupiter.api.Test;

/**
 * The replies a master gives to the replication handshake before a connection becomes a replica:
 * REPLCONF's options and errors, the acknowledgements that have no reply, and the cases where
 * SYNC and PSYNC refuse. What follows an accepted PSYNC (the snapshot and the stream) is compared
 * with real replicas in {@code e2e.ExternalReplicaIT}.
 */
class ReplicaProtocolIT extends ComparisonSupport {

    @Test
    void replconfOptionsAndErrors() {
        script("REPLCONF", "REPLCONF x", "REPLCONF listening-port abc", "REPLCONF listening-port 99999999999",
                "REPLCONF listening-port -5", "REPLCONF LISTENING-PORT 1234 ip-address 10.0.0.1",
                "REPLCONF foo bar", "REPLCONF listening-port 1 foo bar", "REPLCONF rdb-only 2", "REPLCONF rdb-only x",
                "REPLCONF rdb-only 0", "REPLCONF capa zzz capa eof", "REPLCONF capa psync2", "REPLCONF capa",
                "REPLCONF rdb-filter-only functions", "REPLCONF rdb-filter-only \"a");
        same("REPLCONF", "rdb-filter-only", "bogus x");
        same("REPLCONF", "rdb-filter-only", "  ");
        same("REPLCONF", "ip-address", "");
        same("REPLCONF", "ip-address", "x".repeat(255));
        same("REPLCONF", "ip-address", "x".repeat(256));
    }

    @Test
    void acknowledgementsHaveNoReply() {
        sendBoth("REPLCONF", "ACK", "5");
        sendBoth("REPLCONF", "ack", "notanumber");
        sendBoth("REPLCONF", "GETACK", "*");
        sendBoth("REPLCONF", "listening-port", "7", "ack", "5");
        same("PING");
    }

    @Test
    void syncAndPsyncRefusals() {
        script("PSYNC ?", "SYNC x", "PSYNC ? -1 failover", "PSYNC abc -1 FAILOVER", "PSYNC ? x",
                "MULTI", "PSYNC ? -1", "SYNC", "DISCARD",
                "REPLCONF rdb-filter-only functions", "PSYNC ? -1", "SYNC", "PING");
    }
}
