package dev.embeddedcluster.command.replication;

/**
 * What a connection told its master with REPLCONF before SYNC or PSYNC: the address it announces,
 * what it can parse (capa eof: a snapshot of unknown length ending with a mark; capa psync2:
 * +CONTINUE with the replication id), and whether it wants only the snapshot. Node thread only.
 */
public final class ReplicaHandshake {
    private long listeningPort;
    private String ipAddress;
    private boolean eofCapable;
    private boolean psync2Capable;
    private boolean rdbOnly;
    private boolean filtered;
    private boolean functionsOnly;

    public long listeningPort() {
        return listeningPort;
    }

    void listeningPort(long port) {
        this.listeningPort = port;
    }

    /** The address REPLCONF ip-address announced, or null for the connection's peer address. */
    public String ipAddress() {
        return ipAddress;
    }

    void ipAddress(String ipAddress) {
        this.ipAddress = ipAddress;
    }

    public boolean eofCapable() {
        return eofCapable;
    }

    void eofCapable(boolean capable) {
        this.eofCapable = capable;
    }

    public boolean psync2Capable() {
        return psync2Capable;
    }

    void psync2Capable(boolean capable) {
        this.psync2Capable = capable;
    }

    /** REPLCONF rdb-only 1 (redis-cli --rdb): the connection ends after the snapshot. */
    public boolean rdbOnly() {
        return rdbOnly;
    }

    void rdbOnly(boolean rdbOnly) {
        this.rdbOnly = rdbOnly;
    }

    /** REPLCONF rdb-filter-only: the snapshot leaves the keys out. */
    public boolean filtered() {
        return filtered;
    }

    /** With a filter, whether the snapshot keeps the functions. */
    public boolean filterKeepsFunctions() {
        return functionsOnly;
    }

    void filter(boolean filtered, boolean keepFunctions) {
        this.filtered = filtered;
        this.functionsOnly = keepFunctions;
    }
}
