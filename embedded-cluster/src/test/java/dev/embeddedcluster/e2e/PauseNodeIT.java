package dev.embeddedcluster.e2e;

import dev.embeddedcluster.ClusterNode;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A paused node answers nothing, is failed over after the node timeout, and rejoins when resumed. */
class PauseNodeIT extends FailoverClusterSupport {
    @Test
    void aPausedMasterTimesOutItsClientsIsFailedOverAndRejoinsAsReplica() {
        ClusterNode master = cluster.masterForKey("k");
        try (Jedis onMaster = new Jedis(master.host(), master.port(), 2000)) {
            onMaster.set("k", "v");
            assertThat(onMaster.waitReplicas(1, 2000)).isEqualTo(1);
        }
        cluster.pause(master);
        assertThatThrownBy(() -> {
            try (Jedis held = new Jedis(master.host(), master.port(), 300)) {
                held.ping();
            }
        }).isInstanceOf(JedisConnectionException.class).hasMessageContaining("Read timed out");

        ClusterNode promoted = cluster.awaitFailover(master, Duration.ofSeconds(5));
        try (Jedis onPromoted = new Jedis(promoted.host(), promoted.port(), 2000)) {
            String line = onPromoted.clusterNodes().lines().filter(l -> l.startsWith(master.id())).findFirst().orElseThrow();
            assertThat(line.split(" ")[2]).isEqualTo("master,fail");
        }
        assertThat(jedis.get("k")).isEqualTo("v");
        jedis.set("k", "new");

        cluster.resume(master);

        assertThat(master.isMaster()).isFalse();
        assertThat(cluster.replicasOf(promoted)).contains(master);
        try (Jedis onResumed = new Jedis(master.host(), master.port(), 2000)) {
            onResumed.readonly();
            assertThat(onResumed.get("k")).isEqualTo("new");
        }
    }

    @Test
    void aClientHeldByAPauseGetsItsReplyOnResume() throws Exception {
        ClusterNode replica = cluster.replicas().get(0);
        try (Jedis onReplica = new Jedis(replica.host(), replica.port(), 5000)) {
            cluster.pause(replica);
            java.util.concurrent.CompletableFuture<String> reply = java.util.concurrent.CompletableFuture.supplyAsync(onReplica::ping);
            Thread.sleep(200);
            assertThat(reply).isNotDone();
            cluster.resume(replica);
            assertThat(reply.get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("PONG");
        }
    }

    @Test
    void aPausedNodeCanBeKilledAndRestarted() {
        ClusterNode master = cluster.masterForKey("k");
        jedis.set("k", "v");
        cluster.pause(master);
        cluster.kill(master);
        ClusterNode promoted = cluster.awaitFailover(master, Duration.ofSeconds(5));

        cluster.restart(master, true);

        assertThat(cluster.replicasOf(promoted)).contains(master);
        assertThat(jedis.get("k")).isEqualTo("v");
    }
}
