package dev.embeddedcluster.e2e;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.testing.RespClient;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The JVM that {@link HeapGuardIT} starts with a small heap: a cluster with its default heap
 * guard, written to until the guard refuses. Each step prints one line, "name: outcome", for the
 * test to check; the JVM ends normally if nothing was thrown.
 */
public final class HeapFiller {
    private static final int VALUE_BYTES = 64 * 1024;
    private static final int MAX_WRITES = 1_000_000;
    private static final byte[] SET = {'S', 'E', 'T'};

    private HeapFiller() {
    }

    public static void main(String[] args) {
        PrintStream report = System.out;
        try (EmbeddedRedisCluster cluster = EmbeddedRedisCluster.builder().build().start()) {
            ClusterNode master = cluster.masterForSlot(EmbeddedRedisCluster.slotOf("{k}"));
            try (RespClient client = new RespClient(master.host(), master.port())) {
                // A single write far larger than the heap: refused, the node still serves.
                report.println("setrange-far: " + line(client.call("SETRANGE", "{k}far", "400000000", "x")));
                report.println("ping: " + line(client.call("PING")));

                int written = fill(client, "a");
                report.println("first-fill-writes: " + (written > 100 ? "many" : "few (" + written + ")"));
                report.println("refused-write: " + line(client.call("SET", "{k}next", "1")));
                report.println("first-key: " + line(client.call("STRLEN", "{k}a0")));
                report.println("last-key: " + line(client.call("STRLEN", "{k}a" + (written - 1))));
                report.println("read-while-full: " + line(client.call("EXISTS", "{k}a1")));
                report.println("incr-refused: " + line(client.call("INCR", "{k}counter")));
                report.println("script-refused: " + line(client.call("EVAL", "#!lua\nreturn redis.call('set', KEYS[1], '1')", "1", "{k}s")));

                for (int i = 0; i < written / 2; i++) {
                    client.call("DEL", "{k}a" + i);
                }
                report.println("write-after-del: " + line(client.call("SET", "{k}next", "1")));

                written = fill(client, "b");
                report.println("second-fill-writes: " + (written > 10 ? "many" : "few (" + written + ")"));
                report.println("flushall: " + line(client.call("FLUSHALL")));
                report.println("write-after-flushall: " + line(client.call("SET", "{k}next", "1")));
            }
        } catch (Throwable e) {
            report.println("failed: " + e);
            e.printStackTrace(report);
            report.flush();
            System.exit(1);
        }
        report.println("done");
    }

    /** Writes values of 64 KiB until the node refuses one; how many it took. */
    private static int fill(RespClient client, String prefix) {
        byte[] value = new byte[VALUE_BYTES];
        java.util.Arrays.fill(value, (byte) 'v');
        for (int i = 0; i < MAX_WRITES; i++) {
            String reply = client.call(SET, ("{k}" + prefix + i).getBytes(StandardCharsets.US_ASCII), value).strip();
            if (!reply.equals("+OK")) {
                if (!reply.startsWith("-OOM")) {
                    throw new IllegalStateException("write " + i + " got " + reply);
                }
                return i;
            }
        }
        throw new IllegalStateException("the heap guard never refused a write in " + MAX_WRITES + " writes");
    }

    private static String line(String reply) {
        return reply.strip();
    }
}
