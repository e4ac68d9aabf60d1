package dev.embeddedcluster.e2e;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.testing.RespClient;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.util.internal.PlatformDependent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

import java.io.File;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A thousand clusters of six nodes started and stopped one after the other in this JVM, each
 * used on the way (a cluster client's writes and reads across the masters, a script, pub/sub, a
 * client still blocked when the cluster stops): threads, file descriptors, direct memory and the
 * heap after a collection all come back to where they were after the first cycles.
 */
class StartStopCyclesIT {
    private static final int CYCLES = Integer.getInteger("cycles.count", 1000);
    private static final int WARMUP = 20;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aThousandStartsAndStopsLeaveNothingBehind() throws Exception {
        for (int i = 0; i < WARMUP; i++) {
            cycle(i);
        }
        Usage baseline = Usage.settled(null);
        long started = System.nanoTime();
        for (int i = 0; i < CYCLES; i++) {
            cycle(i);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Usage after = Usage.settled(baseline);
        System.out.printf(Locale.ROOT, "%d start/stop cycles of six nodes: %.1f s (%.1f ms each)%nbaseline %s%nafter    %s%n",
                CYCLES, seconds, seconds * 1000 / CYCLES, baseline, after);
        assertThat(after.leaksSince(baseline)).as("what the cycles left behind").isEmpty();
    }

    /** One cluster's life: start, a client, commands on every master, a blocked client, stop. */
    private static void cycle(int i) throws Exception {
        EmbeddedRedisCluster cluster = EmbeddedRedisCluster.builder().build().start();
        List<RespClient> clients = new ArrayList<>();
        try {
            Set<HostAndPort> seeds = cluster.seeds().stream().map(HostAndPort::from).collect(Collectors.toSet());
            try (JedisCluster jedis = new JedisCluster(seeds, 2000, 2000, 5, null, null,
                    new org.apache.commons.pool2.impl.GenericObjectPoolConfig<>())) {
                for (String key : List.of("a", "b", "c")) {
                    jedis.set(key + i, "v" + i);
                    assertThat(jedis.get(key + i)).isEqualTo("v" + i);
                }
                assertThat(jedis.eval("return redis.call('incrby', KEYS[1], ARGV[1])", List.of("{c}n"), List.of("5"))).isEqualTo(5L);
            }
            ClusterNode first = cluster.masters().get(0);
            ClusterNode second = cluster.masters().get(1);
            RespClient subscriber = open(clients, first);
            assertThat(subscriber.call("SUBSCRIBE", "news")).contains("subscribe");
            RespClient publisher = open(clients, second);
            // Cluster-wide PUBLISH from the second master (which counts only its own subscribers) to the first.
            assertThat(publisher.call("PUBLISH", "news", "hello")).isEqualTo(":0\r\n");
            assertThat(subscriber.readReply()).contains("hello");
            ClusterNode owner = cluster.masterForSlot(EmbeddedRedisCluster.slotOf("queue"));
            RespClient blocked = open(clients, owner);
            blocked.send("BLPOP", "queue", "0");
            RespClient pusher = open(clients, owner);
            assertThat(pusher.call("LPUSH", "queue", "x")).isEqualTo(":1\r\n");
            assertThat(blocked.readReply()).contains("x");
            // This one stays blocked while the cluster stops.
            blocked.send("BLPOP", "queue", "0");
            assertThat(pusher.call("PING")).isEqualTo("+PONG\r\n");
        } finally {
            cluster.close();
            clients.forEach(RespClient::close);
        }
    }

    private static RespClient open(List<RespClient> clients, ClusterNode node) {
        RespClient client = new RespClient(node.host(), node.port());
        clients.add(client);
        return client;
    }

    /** What a cluster could leave behind once stopped, measured after the JVM's threads and heap settled. */
    private record Usage(int threads, List<String> threadNames, long fileDescriptors, List<String> descriptorTargets, long directBytes, long directBuffers,
                         long nettyDirectBytes, long pooledDirectBytes, long pooledHeapBytes, long heapAfterGc) {
        /**
         * Tolerances. Threads and descriptors: none beyond a handful, as the JVM's own (a GC or
         * compiler thread, a descriptor of a jar being read) may come and go. Direct memory: one
         * Netty pool chunk (4 MiB in Netty 4.2's adaptive allocator), since pools keep what they
         * allocated for reuse. Heap: 16 MiB over the baseline, what caches filled once (JIT
         * metadata, interned strings, the pools' thread caches) may take; one leaked cluster
         * would hold more than that through its nodes' keyspaces and buffers many times over.
         */
        static final int THREAD_SLACK = 2;
        static final long DESCRIPTOR_SLACK = 4;
        static final long DIRECT_SLACK = 4L << 20;
        static final long HEAP_SLACK = 16L << 20;

        static Usage settled(Usage baseline) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            Usage now = measure();
            while (baseline != null && !now.leaksSince(baseline).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
                now = measure();
            }
            return now;
        }

        static Usage measure() {
            System.gc();
            System.runFinalization();
            System.gc();
            BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                    .filter(pool -> pool.getName().equals("direct")).findFirst().orElseThrow();
            List<String> names = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                    .map(Thread::getName).sorted().toList();
            // Netty's default allocator (the adaptive one in 4.2), which the nodes' channels use.
            ByteBufAllocatorMetric metric = ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric();
            return new Usage(ManagementFactory.getThreadMXBean().getThreadCount(), names, openDescriptors(), listDescriptorTargets(),
                    direct.getMemoryUsed(), direct.getCount(), PlatformDependent.usedDirectMemory(),
                    metric.usedDirectMemory(), metric.usedHeapMemory(),
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }

        private static long openDescriptors() {
            String[] open = new File("/proc/self/fd").list();
            if (open != null) {
                return open.length;
            }
            return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix
                    ? unix.getOpenFileDescriptorCount() : 0;
        }

        /** What each descriptor is open on (a socket, a pipe, a file), where /proc tells. */
        private static List<String> listDescriptorTargets() {
            File[] open = new File("/proc/self/fd").listFiles();
            List<String> targets = new ArrayList<>();
            for (File fd : open == null ? new File[0] : open) {
                try {
                    targets.add(java.nio.file.Files.readSymbolicLink(fd.toPath()).toString().replaceAll("\\d+", "N"));
                } catch (java.io.IOException | UnsupportedOperationException closedMeanwhile) {
                    // the descriptor of the listing itself, or one closed since
                }
            }
            targets.sort(null);
            return targets;
        }

        List<String> leaksSince(Usage base) {
            List<String> leaks = new ArrayList<>();
            if (threads > base.threads + THREAD_SLACK) {
                List<String> extra = new ArrayList<>(threadNames);
                base.threadNames.forEach(extra::remove);
                leaks.add("threads: " + base.threads + " -> " + threads + ", new: " + extra);
            }
            if (fileDescriptors > base.fileDescriptors + DESCRIPTOR_SLACK) {
                List<String> extra = new ArrayList<>(descriptorTargets);
                base.descriptorTargets.forEach(extra::remove);
                leaks.add("file descriptors: " + base.fileDescriptors + " -> " + fileDescriptors + ", new: " + extra);
            }
            if (directBytes > base.directBytes + DIRECT_SLACK) {
                leaks.add("direct buffers (JDK): " + base.directBytes + " -> " + directBytes + " bytes, "
                        + base.directBuffers + " -> " + directBuffers + " buffers");
            }
            if (nettyDirectBytes > base.nettyDirectBytes + DIRECT_SLACK) {
                leaks.add("Netty's direct memory: " + base.nettyDirectBytes + " -> " + nettyDirectBytes + " bytes");
            }
            if (pooledDirectBytes > base.pooledDirectBytes + DIRECT_SLACK) {
                leaks.add("Netty's pooled direct memory: " + base.pooledDirectBytes + " -> " + pooledDirectBytes + " bytes");
            }
            if (pooledHeapBytes > base.pooledHeapBytes + DIRECT_SLACK) {
                leaks.add("Netty's pooled heap memory: " + base.pooledHeapBytes + " -> " + pooledHeapBytes + " bytes");
            }
            if (heapAfterGc > base.heapAfterGc + HEAP_SLACK) {
                leaks.add("heap after GC: " + (base.heapAfterGc >> 20) + " -> " + (heapAfterGc >> 20) + " MiB");
            }
            return leaks;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "threads %d, fds %d, direct %d B in %d buffers, Netty direct %d B, "
                            + "pooled direct %d B, pooled heap %d B, heap after GC %.1f MiB",
                    threads, fileDescriptors, directBytes, directBuffers, nettyDirectBytes, pooledDirectBytes,
                    pooledHeapBytes, heapAfterGc / 1048576.0);
        }
    }
}
