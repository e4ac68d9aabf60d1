package dev.embeddedcluster.command.cluster;

import dev.embeddedcluster.cluster.ClusterTopology;
import dev.embeddedcluster.cluster.NodeInfo;
import dev.embeddedcluster.command.CommandHandler;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.NodeContext;
import dev.embeddedcluster.command.Request;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * CLUSTER FAILOVER: a replica takes over from its master. As in Redis's manual failover, the
 * master stops taking writes until the replica has applied everything it wrote; then the replica
 * becomes the master of the shard with a new epoch, and the former master and the shard's other
 * replicas follow it. FORCE and TAKEOVER skip, in Redis, the master's part and the other masters'
 * agreement; here every master is always reachable, so the three forms end the same way, without
 * losing a write.
 */
public final class ManualFailover {
    /** How long the master waits for its replica to catch up before the failover is given up (Redis's CLUSTER_MF_TIMEOUT). */
    static final long TIMEOUT_MILLIS = 5000;

    private ManualFailover() {
    }

    public static void register(BiConsumer<String, CommandHandler> registry) {
        registry.accept("cluster|failover", ManualFailover::failover);
    }

    private static void failover(Request r) {
        if (r.argc() > 3) {
            r.reply().error(Errors.subcommandSyntax(r.text(1), "cluster"));
            return;
        }
        if (r.argc() == 3 && !r.is(2, "force") && !r.is(2, "takeover")) {
            r.reply().error(Errors.SYNTAX);
            return;
        }
        if (r.node().isMaster()) {
            r.reply().error(Errors.FAILOVER_ON_MASTER);
            return;
        }
        start(r.node());
        r.reply().ok();
    }

    /**
     * Starts the takeover of a replica's master; the result completes with true once the
     * topology shows the replica as master, false when the failover was given up.
     */
    public static CompletableFuture<Boolean> start(NodeContext replica) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        NodeContext master = replica.replication().master();
        if (master == null) {
            done.complete(false);
            return done;
        }
        master.runOnLoop(() -> takeOver(master, replica, done));
        return done;
    }

    /**
     * On the master's thread, which takes no command meanwhile: the replica applies the stream up
     * to here and then waits, on its own thread, while the topology changes, so that neither node
     * serves a command between the replica catching up and both taking up their new roles.
     */
    private static void takeOver(NodeContext master, NodeContext replica, CompletableFuture<Boolean> done) {
        NodeInfo replicaInfo = master.topology().node(replica.id());
        if (!master.id().equals(replicaInfo.masterId())) {
            done.complete(false);
            return;
        }
        master.replication().flush();
        CountDownLatch caughtUp = new CountDownLatch(1);
        CountDownLatch switched = new CountDownLatch(1);
        long target = master.replication().offset();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS);
        replica.runOnLoop(new Runnable() {
            @Override
            public void run() {
                // Usually caught up at once: the stream was queued before this task. A lagged
                // replica gets there later, a held one not before the failover is given up.
                if (replica.replication().offset() < target) {
                    if (System.nanoTime() < deadline) {
                        replica.schedule(this, 1, TimeUnit.MILLISECONDS);
                    }
                    return;
                }
                caughtUp.countDown();
                await(switched);
                replica.topologyChanged();
            }
        });
        if (!await(caughtUp)) {
            switched.countDown();
            done.complete(false);
            return;
        }
        ClusterTopology after = master.changeTopology(t -> master.id().equals(t.node(replica.id()).masterId())
                ? t.withFailover(replica.id()) : t);
        master.topologyChanged();
        switched.countDown();
        done.complete(after.node(replica.id()).isMaster());
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
