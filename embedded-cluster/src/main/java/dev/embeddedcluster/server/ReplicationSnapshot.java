package dev.embeddedcluster.server;

import dev.embeddedcluster.command.Scripting;
import dev.embeddedcluster.keyspace.rdb.RdbAux;
import dev.embeddedcluster.keyspace.rdb.RdbFile;
import dev.embeddedcluster.keyspace.rdb.RdbSnapshot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The RDB a replica connection loads, as Redis 7.0 writes it for a full resynchronization: its
 * aux fields name the stream (repl-id, repl-offset) the replica continues from, then the
 * function libraries and the keys; with a filter (REPLCONF rdb-filter-only), the keys left out,
 * and the libraries too unless the filter keeps them. Node thread only: it reads the keyspace as
 * it is.
 */
final class ReplicationSnapshot {
    private ReplicationSnapshot() {
    }

    static byte[] encode(Node node, boolean keys, boolean functions, String replicationId, long offset) {
        RdbAux aux = RdbAux.standard(System.currentTimeMillis() / 1000, node.eviction().usedMemory(), replicationId, offset);
        Scripting scripting = node.scriptingIfStarted();
        if (functions && scripting != null) {
            scripting.libraryCodes().forEach(aux::function);
        }
        RdbSnapshot snapshot = keys ? RdbSnapshot.viewOf(node.keyspace(), RdbSnapshot.Access.of(node.config().get("maxmemory-policy"))) : RdbSnapshot.of(List.of());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            RdbFile.write(out, snapshot, aux, !"no".equals(node.config().get("rdbcompression")),
                    !"no".equals(node.config().get("rdbchecksum")));
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory", e);
        }
        return out.toByteArray();
    }
}
