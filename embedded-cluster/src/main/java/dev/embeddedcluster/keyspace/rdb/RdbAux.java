package dev.embeddedcluster.keyspace.rdb;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an RDB file says besides its keys: its aux fields, in the order written, and the function
 * libraries' code (RDB_OPCODE_FUNCTION2), as Redis 7.0 writes them before the keys.
 */
public final class RdbAux {
    private final Map<String, String> fields = new LinkedHashMap<>();
    private final List<byte[]> functions = new ArrayList<>();

    /**
     * The fields Redis 7.0.15 writes, in its order: redis-ver, redis-bits, ctime (seconds),
     * used-mem, repl-stream-db, repl-id, repl-offset, aof-base.
     */
    public static RdbAux standard(long ctimeSeconds, long usedMemory, String replicationId, long replicationOffset) {
        return new RdbAux()
                .field("redis-ver", "7.0.15")
                .field("redis-bits", "64")
                .field("ctime", Long.toString(ctimeSeconds))
                .field("used-mem", Long.toString(usedMemory))
                .field("repl-stream-db", "0")
                .field("repl-id", replicationId)
                .field("repl-offset", Long.toString(replicationOffset))
                .field("aof-base", "0");
    }

    public RdbAux field(String name, String value) {
        fields.put(name, value);
        return this;
    }

    /** A function library's code, as FUNCTION LOAD took it. */
    public RdbAux function(byte[] code) {
        functions.add(code);
        return this;
    }

    public Map<String, String> fields() {
        return Collections.unmodifiableMap(fields);
    }

    public List<byte[]> functions() {
        return Collections.unmodifiableList(functions);
    }
}
