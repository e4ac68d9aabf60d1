package dev.embeddedcluster.examples.soak;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.ClusterView;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every replica's dataset against its master's: each key's DUMP payload (type, encoding and
 * value) and absolute expiry time (PEXPIRETIME, which replication carries as it is), read with
 * SCAN. DEBUG DIGEST would say the same in one command, but the emulator, like Redis by default,
 * refuses DEBUG.
 */
final class Replicas {
    private Replicas() {
    }

    /**
     * Waits until every replica holds exactly its master's keys and values, or the timeout passes;
     * returns the differences left (empty when they all match).
     */
    static Map<String, String> differencesAfterSettling(ClusterView cluster, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, String> differences;
        do {
            differences = new TreeMap<>();
            for (ClusterNode master : cluster.masters()) {
                try (Jedis onMaster = new Jedis(master.host(), master.port())) {
                    // reading every key also expires the ones whose time has come, and replicates their deletion
                    snapshot(onMaster);
                    Map<String, String> expected = snapshot(onMaster);
                    onMaster.waitReplicas(cluster.replicasOf(master).size(), 2_000);
                    for (ClusterNode replica : cluster.replicasOf(master)) {
                        try (Jedis onReplica = new Jedis(replica.host(), replica.port())) {
                            onReplica.readonly();
                            Map<String, String> actual = snapshot(onReplica);
                            if (!actual.equals(expected)) {
                                differences.put(replica.address(), describe(expected, actual));
                            }
                        }
                    }
                }
            }
            if (differences.isEmpty()) {
                return differences;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        return differences;
    }

    /** Key count per master. */
    static Map<String, Long> keysPerMaster(ClusterView cluster) {
        Map<String, Long> sizes = new TreeMap<>();
        for (ClusterNode master : cluster.masters()) {
            try (Jedis onMaster = new Jedis(master.host(), master.port())) {
                sizes.put(master.address(), onMaster.dbSize());
            }
        }
        return sizes;
    }

    private static Map<String, String> snapshot(Jedis node) {
        Map<String, String> keys = new TreeMap<>();
        byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
        do {
            ScanResult<byte[]> page = node.scan(cursor, new ScanParams().count(1000));
            for (byte[] key : page.getResult()) {
                byte[] dump = node.dump(key);
                if (dump != null) {
                    keys.put(new String(key, StandardCharsets.UTF_8), Workload.digest("SHA-256", dump) + " expires " + node.pexpireTime(key));
                }
            }
            cursor = page.getCursorAsBytes();
        } while (!new String(cursor, StandardCharsets.UTF_8).equals("0"));
        return keys;
    }

    private static String describe(Map<String, String> expected, Map<String, String> actual) {
        StringBuilder text = new StringBuilder(expected.size() + " keys on the master, " + actual.size() + " on the replica");
        int shown = 0;
        for (String key : expected.keySet()) {
            if (!expected.get(key).equals(actual.get(key)) && shown++ < 5) {
                text.append("; ").append(key).append(": ").append(expected.get(key)).append(" / ").append(actual.get(key));
            }
        }
        for (String key : actual.keySet()) {
            if (!expected.containsKey(key) && shown++ < 10) {
                text.append("; only on the replica: ").append(key);
            }
        }
        return text.toString();
    }
}
