package dev.embeddedcluster.bench;

import dev.embeddedcluster.EmbeddedRedisCluster;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Memory per element: one emulated node (all slots, no replica) in this JVM, its cost read as used
 * heap after a full GC, against a real redis-server in cluster mode holding all slots, its cost
 * read as {@code used_memory}; both minus their value before loading, both loaded through their
 * socket with the same pipelined commands. Run by bench/run.sh:
 * {@code java -cp embedded-cluster/target/test-classes:<jar> dev.embeddedcluster.bench.MemoryBenchmark <free port> <results.tsv>}.
 */
public final class MemoryBenchmark {
    private static final int BATCH = 1000;

    private MemoryBenchmark() {
    }

    /** A data set: how many elements, and the i-th command that loads its part of them. */
    private record DataSet(String name, int elements, int commands, IntFunction<String[]> command) {
    }

    public static void main(String[] args) throws Exception {
        int realPort = Integer.parseInt(args[0]);
        Path results = Path.of(args[1]);
        int keys = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
        int elements = args.length > 3 ? Integer.parseInt(args[3]) : 100_000;
        int perCommand = 100;
        List<DataSet> sets = List.of(
                new DataSet("string keys", keys, keys,
                        i -> new String[] {"SET", String.format("key:%07d", i), String.format("value:%010d", i)}),
                new DataSet("hash fields", elements, elements / perCommand,
                        i -> many("HSET", "hash", i, perCommand, j -> new String[] {"field:" + j, "value:" + j})),
                new DataSet("set members", elements, elements / perCommand,
                        i -> many("SADD", "set", i, perCommand, j -> new String[] {"member:" + j})),
                new DataSet("zset members", elements, elements / perCommand,
                        i -> many("ZADD", "zset", i, perCommand, j -> new String[] {Integer.toString(j), "member:" + j})),
                new DataSet("list elements", elements, elements / perCommand,
                        i -> many("RPUSH", "list", i, perCommand, j -> new String[] {"element:" + j})));

        Process real = startRealRedis(realPort);
        try (EmbeddedRedisCluster cluster = EmbeddedRedisCluster.builder().masters(1).replicasPerMaster(0).build().start();
             Connection ours = new Connection(cluster.nodes().get(0).port());
             Connection redis = new Connection(realPort);
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(results))) {
            redis.call("CLUSTER", "ADDSLOTSRANGE", "0", "16383");
            out.println("data\temulator_bytes\tredis_bytes\tratio");
            System.out.printf(Locale.ROOT, "%-14s %10s %14s %14s %8s%n", "data", "elements", "emulator B/el", "redis B/el", "ratio");
            for (DataSet set : sets) {
                ours.call("FLUSHALL");
                redis.call("FLUSHALL");
                long heapBefore = heapAfterGc();
                long redisBefore = usedMemory(redis);
                load(ours, set);
                load(redis, set);
                double oursPer = (double) (heapAfterGc() - heapBefore) / set.elements();
                double redisPer = (double) (usedMemory(redis) - redisBefore) / set.elements();
                System.out.printf(Locale.ROOT, "%-14s %10d %14.1f %14.1f %8.2f%n",
                        set.name(), set.elements(), oursPer, redisPer, oursPer / redisPer);
                out.printf(Locale.ROOT, "%s\t%.1f\t%.1f\t%.3f%n", set.name(), oursPer, redisPer, oursPer / redisPer);
            }
            ours.call("FLUSHALL");
        } finally {
            real.destroy();
            real.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String[] many(String command, String key, int batch, int count, IntFunction<String[]> element) {
        List<String> args = new ArrayList<>();
        args.add(command);
        args.add(key);
        for (int j = batch * count; j < (batch + 1) * count; j++) {
            args.addAll(List.of(element.apply(j)));
        }
        return args.toArray(String[]::new);
    }

    private static void load(Connection connection, DataSet set) throws IOException {
        for (int from = 0; from < set.commands(); from += BATCH) {
            int to = Math.min(set.commands(), from + BATCH);
            ByteArrayOutputStream batch = new ByteArrayOutputStream();
            for (int i = from; i < to; i++) {
                Connection.encode(batch, set.command().apply(i));
            }
            connection.pipeline(batch.toByteArray(), to - from);
        }
    }

    /** Used heap after full collections, once it stops shrinking. */
    private static long heapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long previous = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            Thread.sleep(100);
            long used = memory.getHeapMemoryUsage().getUsed();
            if (used >= previous - 4096) {
                return Math.min(used, previous);
            }
            previous = used;
        }
        return previous;
    }

    private static long usedMemory(Connection redis) throws IOException {
        for (String line : redis.call("INFO", "memory").split("\r\n")) {
            if (line.startsWith("used_memory:")) {
                return Long.parseLong(line.substring("used_memory:".length()));
            }
        }
        throw new IOException("INFO memory has no used_memory");
    }

    private static Process startRealRedis(int port) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("memory-bench");
        dir.toFile().deleteOnExit();
        Process process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--cluster-enabled", "yes", "--cluster-config-file", dir.resolve("nodes.conf").toString(),
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--logfile", dir.resolve("log").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return process;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    process.destroy();
                    throw new IOException("redis-server did not start on port " + port, notYet);
                }
                Thread.sleep(20);
            }
        }
    }

    /** A minimal pipelining client: every reply it expects is one line, or one bulk string. */
    private static final class Connection implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;

        Connection(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        }

        static void encode(ByteArrayOutputStream buffer, String... args) {
            StringBuilder text = new StringBuilder().append('*').append(args.length).append("\r\n");
            for (String arg : args) {
                byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
                text.append('$').append(bytes.length).append("\r\n").append(arg).append("\r\n");
            }
            buffer.writeBytes(text.toString().getBytes(StandardCharsets.UTF_8));
        }

        String call(String... args) throws IOException {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            encode(buffer, args);
            out.write(buffer.toByteArray());
            out.flush();
            return reply();
        }

        void pipeline(byte[] commands, int count) throws IOException {
            out.write(commands);
            out.flush();
            for (int i = 0; i < count; i++) {
                reply();
            }
        }

        private String reply() throws IOException {
            String line = line();
            switch (line.charAt(0)) {
                case '-' -> throw new IOException("error reply: " + line);
                case '$' -> {
                    byte[] bulk = in.readNBytes(Integer.parseInt(line.substring(1)) + 2);
                    return new String(bulk, 0, bulk.length - 2, StandardCharsets.UTF_8);
                }
                default -> {
                    return line;
                }
            }
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != '\r') {
                if (c < 0) {
                    throw new IOException("connection closed");
                }
                line.append((char) c);
            }
            in.read();
            return line.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
