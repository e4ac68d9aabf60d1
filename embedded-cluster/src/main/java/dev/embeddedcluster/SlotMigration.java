package dev.embeddedcluster;

import dev.embeddedcluster.command.cluster.MigrateCommand;
import dev.embeddedcluster.command.cluster.SetSlotCommand;
import dev.embeddedcluster.server.Node;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A slot on its way from one master to another, opened by
 * {@link EmbeddedRedisCluster#beginSlotMigration(int, ClusterNode)}. Until {@link #finish()},
 * the source answers ASK for the slot's keys it no longer holds and TRYAGAIN for multi-key
 * commands split between the two, exactly as a real cluster does in the middle of a reshard.
 */
public final class SlotMigration {
    private static final int KEYS_PER_BATCH = 100;

    private final EmbeddedRedisCluster cluster;
    private final int slot;
    private final Node source;
    private final Node target;
    private boolean finished;

    SlotMigration(EmbeddedRedisCluster cluster, int slot, Node source, Node target) {
        this.cluster = cluster;
        this.slot = slot;
        this.source = source;
        this.target = target;
    }

    /** Marks the slot IMPORTING on the target and MIGRATING on the source, as CLUSTER SETSLOT does. */
    void open() {
        cluster.onNode(target, () -> check(SetSlotCommand.importing(target, slot, source.id())));
        cluster.onNode(source, () -> check(SetSlotCommand.migrating(source, slot, target.id())));
    }

    public int slot() {
        return slot;
    }

    public ClusterNode source() {
        return cluster.node(source.id());
    }

    public ClusterNode target() {
        return cluster.node(target.id());
    }

    /**
     * Moves these keys of the slot to the target now, as MIGRATE does; returns how many existed
     * and moved.
     */
    public int migrateKeys(String... keys) {
        List<byte[]> raw = new ArrayList<>();
        for (String key : keys) {
            byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
            if (EmbeddedRedisCluster.slotOf(key) != slot) {
                throw new IllegalArgumentException("key " + key + " is not in slot " + slot);
            }
            raw.add(bytes);
        }
        return move(raw);
    }

    /** Moves every key the source still holds in the slot; returns how many. */
    public int migrateAllKeys() {
        int moved = 0;
        while (true) {
            int batch = move(cluster.onNode(source, () -> source.keyspace().keysInSlot(slot, KEYS_PER_BATCH)));
            if (batch == 0) {
                return moved;
            }
            moved += batch;
        }
    }

    /**
     * Moves the keys left and hands the slot to the target (CLUSTER SETSLOT NODE on the target,
     * then on the source); returns once every node has taken the change in.
     */
    public void finish() {
        if (finished) {
            return;
        }
        migrateAllKeys();
        cluster.onNode(target, () -> check(SetSlotCommand.assign(target, slot, target.id())));
        cluster.onNode(source, () -> check(SetSlotCommand.assign(source, slot, target.id())));
        cluster.awaitEveryNode();
        finished = true;
    }

    /** Moves the keys through MIGRATE's connection to the target's port; from the caller's thread, not the node's. */
    private int move(List<byte[]> keys) {
        CompletableFuture<MigrateCommand.Outcome> done = new CompletableFuture<>();
        int present = cluster.onNode(source, () -> {
            int existing = (int) keys.stream().filter(key -> source.keyspace().lookup(key) != null).count();
            if (existing > 0) {
                MigrateCommand.migrate(source, target.host(), target.port(), keys, done::complete);
            }
            return existing;
        });
        if (present == 0) {
            return 0;
        }
        MigrateCommand.Outcome outcome;
        try {
            outcome = done.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("moving keys of slot " + slot + " did not finish", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while moving keys of slot " + slot, e);
        }
        if (outcome.error()) {
            throw new IllegalStateException("moving keys of slot " + slot + " failed: " + outcome.text());
        }
        return present;
    }

    private static Void check(String error) {
        if (error != null) {
            throw new IllegalStateException(error);
        }
        return null;
    }

    @Override
    public String toString() {
        return "SlotMigration[slot " + slot + ", " + source.id() + " -> " + target.id() + "]";
    }
}
