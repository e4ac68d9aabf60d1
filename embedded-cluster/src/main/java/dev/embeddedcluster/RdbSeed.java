package dev.embeddedcluster;

import dev.embeddedcluster.cluster.ClusterTopology;
import dev.embeddedcluster.cluster.NodeInfo;
import dev.embeddedcluster.keyspace.Entry;
import dev.embeddedcluster.keyspace.KeySlot;
import dev.embeddedcluster.keyspace.Keyspace;
import dev.embeddedcluster.keyspace.Values;
import dev.embeddedcluster.keyspace.rdb.RdbFile;
import dev.embeddedcluster.keyspace.rdb.RdbFormatException;
import dev.embeddedcluster.keyspace.rdb.RdbKey;
import dev.embeddedcluster.server.Node;
import io.netty.util.concurrent.Future;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A started cluster seeded from an RDB file: every key goes to the master that owns its slot and
 * to that master's replicas (each its own copy), its expiry kept; keys already expired are skipped,
 * as a master loading a file skips them. Only database 0 may hold keys, as Redis in cluster mode
 * refuses any other. The file is read on the caller's thread, the keys put on each node's.
 */
final class RdbSeed {
    private RdbSeed() {
    }

    static void load(Path file, List<Node> nodes, ClusterTopology topology, long nowMillis) {
        Map<String, List<RdbKey>> byMaster = new HashMap<>();
        long[] expired = {0};
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
            RdbFile.read(in, (db, key) -> {
                if (db != 0) {
                    throw new IllegalArgumentException("the RDB file " + file + " has keys in database " + db
                            + ": a cluster node has database 0 only, and Redis in cluster mode refuses to load such a file");
                }
                if (key.expireAtMillis() != RdbKey.NONE && key.expireAtMillis() <= nowMillis) {
                    expired[0]++;
                    return;
                }
                int slot = KeySlot.of(key.key());
                NodeInfo owner = topology.ownerOf(slot);
                if (owner == null) {
                    throw new IllegalArgumentException("the RDB file " + file + " has a key in slot " + slot
                            + ", which no master of the cluster serves");
                }
                byMaster.computeIfAbsent(owner.id(), id -> new ArrayList<>()).add(key);
            });
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the RDB file " + file + ": " + e, e);
        } catch (RdbFormatException e) {
            throw new IllegalArgumentException("the RDB file " + file + " cannot be loaded: " + e.getMessage(), e);
        }
        List<Future<?>> loads = new ArrayList<>();
        for (Node node : nodes) {
            NodeInfo info = topology.node(node.id());
            boolean master = info.isMaster();
            List<RdbKey> keys = byMaster.getOrDefault(master ? info.id() : info.masterId(), List.of());
            loads.add(node.loop().submit(() -> put(node, keys, expired[0])));
        }
        for (Future<?> load : loads) {
            if (!load.awaitUninterruptibly(60, TimeUnit.SECONDS) || !load.isSuccess()) {
                throw new IllegalStateException("seeding a node from " + file + " failed", load.cause());
            }
        }
    }

    private static void put(Node node, List<RdbKey> keys, long expired) {
        Keyspace keyspace = node.keyspace();
        String policy = node.config().get("maxmemory-policy");
        boolean lfu = policy != null && policy.contains("lfu");
        for (RdbKey key : keys) {
            Entry entry = keyspace.put(key.key(), Values.copy(key.value(), keyspace.limits()), key.expireAtMillis());
            keyspace.restoreAccess(entry, lfu, key.idleSeconds(), key.frequency());
        }
        node.persistence().loaded(keys.size(), expired);
    }
}
