package dev.embeddedcluster;

import dev.embeddedcluster.keyspace.KeySlot;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What a test can read of a running Redis Cluster, embedded or not: its nodes with their roles
 * and slots, and their addresses for clients. Read-only: changing the cluster (faults, a manual
 * clock) is for {@link EmbeddedRedisCluster} alone. {@link ExternalRedisCluster} gives the same
 * view of a cluster running elsewhere, so tests written against this interface run on both.
 */
public interface ClusterView {
    /** Every node: masters first, then replicas. */
    List<ClusterNode> nodes();

    default List<ClusterNode> masters() {
        return nodes().stream().filter(ClusterNode::isMaster).toList();
    }

    default List<ClusterNode> replicas() {
        return nodes().stream().filter(n -> !n.isMaster()).toList();
    }

    default List<ClusterNode> replicasOf(ClusterNode master) {
        return nodes().stream().filter(n -> n.masterId().filter(master.id()::equals).isPresent()).toList();
    }

    /** The master serving a slot. */
    default ClusterNode masterForSlot(int slot) {
        if (slot < 0 || slot >= SlotRange.SLOT_COUNT) {
            throw new IllegalArgumentException("slot out of range: " + slot);
        }
        return masters().stream().filter(m -> m.slots().stream().anyMatch(r -> r.contains(slot))).findFirst()
                .orElseThrow(() -> new IllegalStateException("no master serves slot " + slot));
    }

    default ClusterNode masterForKey(byte[] key) {
        return masterForSlot(KeySlot.of(key));
    }

    default ClusterNode masterForKey(String key) {
        return masterForKey(key.getBytes(StandardCharsets.UTF_8));
    }

    default ClusterNode node(String id) {
        return nodes().stream().filter(n -> n.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + id));
    }

    /** Every node's address as {@code host:port}. */
    default List<String> seeds() {
        return nodes().stream().map(ClusterNode::address).toList();
    }

    /** Every node's address as {@code redis://host:port}, or {@code rediss://} for a TLS cluster. */
    default List<URI> seedUris() {
        return nodes().stream().map(ClusterNode::uri).toList();
    }

    /**
     * Every node's address with credentials, {@code redis://user:password@host:port} (or
     * {@code rediss://}), for clients
     * that authenticate from the URI (Lettuce, Jedis); user and password are percent-encoded.
     */
    default List<URI> seedUris(String user, String password) {
        String credentials = encode(user) + ":" + encode(password) + "@";
        return nodes().stream().map(n -> URI.create(n.uri().getScheme() + "://" + credentials + n.uri().getRawAuthority())).toList();
    }

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
