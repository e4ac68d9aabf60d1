package dev.embeddedcluster;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.internal.logging.InternalLoggerFactory;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar embedded-cluster-<version>.jar [options]}: runs a cluster until
 * interrupted, for redis-cli sessions, benchmarks and tools outside the JVM.
 */
public final class StandaloneMain {
    static final String USAGE = """
            Usage: java -jar embedded-cluster-<version>.jar [options]

            Starts a Redis Cluster inside this JVM and runs it until Ctrl-C or SIGTERM.
            Nodes listen on consecutive ports: the masters first, then their replicas.

              --port <port>       port of the first node (default 30001)
              --masters <n>       number of masters, at least 1 (default 3)
              --replicas <n>      replicas per master, 0 or more (default 1)
              --bind <address>    address every node listens on (default 127.0.0.1)
              --announce-ip <address>
                                  address the nodes give clients in CLUSTER NODES/SLOTS,
                                  MOVED and ASK (default: the bind address, or for 0.0.0.0
                                  an address of this host that others can reach)
              --protected-mode <yes|no>
                                  refuse clients from addresses other than loopback,
                                  as Redis does while the default user has no password
                                  (default yes)
              --bare              start masters x (1 + replicas) unjoined, empty nodes, each
                                  knowing only itself, for redis-cli --cluster create
              --rdb <file>        seed the cluster from an RDB file (as redis-server's SAVE
                                  writes it): each key to its slot's master and its replicas
              --heap-guard <fraction|off>
                                  refuse writes with Redis's OOM error once the heap in
                                  use after a collection passes this fraction of the
                                  JVM's maximum heap (default 0.9); off: never
              --tls               serve TLS only (as tls-port with port 0 and tls-cluster yes),
                                  on certificates of a CA made at start; prints its files
              --tls-auth-clients yes|no|optional
                                  whether clients must present a certificate signed by
                                  the CA (default yes, as Redis); implies --tls
              --tls-cert-file <file> --tls-key-file <file> --tls-ca-cert-file <file>
                                  TLS on your own PEM certificate chain, PKCS#8 key and CA
                                  (all three together); implies --tls
              --help              print this text and exit
            """;

    private StandaloneMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        long startNanos = System.nanoTime();
        InternalLoggerFactory.setDefaultFactory(new StandaloneLog(System.err));
        // This JVM runs nothing but the cluster, so Netty's debugging aids can go: its JFR events
        // (their first use starts JFR's metadata, some 90 ms on the first client's first command)
        // and its leak detector (a stack trace for one buffer in 128, some 2% of a node's CPU).
        System.setProperty("io.netty.jfr.enabled", "false");
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        EmbeddedRedisCluster unstarted;
        try {
            EmbeddedRedisCluster.Builder builder = parse(args, System.out);
            if (builder == null) {
                return;
            }
            unstarted = builder.build();
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println("Try --help.");
            System.exit(2);
            return;
        }
        EmbeddedRedisCluster cluster;
        try {
            cluster = unstarted.start();
        } catch (RuntimeException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
            return;
        }
        long elapsedMillis = (System.nanoTime() - startNanos) / 1_000_000;
        cluster.onShutdown(node -> System.out.println(node.address() + " stopped by SHUTDOWN; the other nodes keep running."));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            cluster.close();
            System.out.println("Cluster stopped.");
            stopped.countDown();
        }, "embedded-cluster-shutdown"));
        // No printf: in a fresh JVM its first use (Formatter, regex, locale data) costs tens of
        // milliseconds, which would count against the time to 'ready'.
        StringBuilder report = new StringBuilder(1024);
        for (ClusterNode node : cluster.nodes()) {
            describe(node, report);
        }
        if (cluster.nodes().get(0).tls()) {
            describeTls(cluster.tls(), report);
        }
        report.append("Cluster ready: ");
        count(cluster.nodes().size(), "node", report).append(" (");
        count(cluster.masters().size(), "master", report).append(", ");
        count(cluster.replicas().size(), "replica", report).append(") in ")
                .append(elapsedMillis).append(" ms. Ctrl-C stops it.").append(System.lineSeparator());
        System.out.print(report);
        System.out.flush();
        stopped.await();
    }

    private static StringBuilder count(int n, String noun, StringBuilder report) {
        return report.append(n).append(' ').append(noun).append(n == 1 ? "" : "s");
    }

    private static void describe(ClusterNode node, StringBuilder report) {
        report.append(node.address()).append("  ").append(node.id()).append("  ");
        if (node.isMaster() && node.slots().isEmpty()) {
            report.append("master  no slots");
        } else if (node.isMaster()) {
            report.append("master  slots ");
            List<SlotRange> slots = node.slots();
            for (int i = 0; i < slots.size(); i++) {
                report.append(i == 0 ? "" : ",").append(slots.get(i));
            }
        } else {
            report.append("replica of ").append(node.masterId().orElseThrow());
        }
        report.append(System.lineSeparator());
    }

    /** Where a client finds what it trusts and, for client authentication, presents. */
    private static void describeTls(TlsMaterial tls, StringBuilder report) {
        report.append("TLS: CA certificate ").append(tls.caFile());
        String client;
        try {
            client = ", client certificate " + tls.clientCertificateFile() + ", client key " + tls.clientKeyFile();
        } catch (IllegalStateException givenCertificates) {
            client = ""; // the user's own CA signs the clients' certificates
        }
        report.append(client).append(System.lineSeparator());
    }

    /** The builder the options describe, or null when --help was printed. */
    static EmbeddedRedisCluster.Builder parse(String[] args, PrintStream out) {
        EmbeddedRedisCluster.Builder builder = EmbeddedRedisCluster.builder().basePort(30001);
        java.util.Map<String, java.nio.file.Path> tlsFiles = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--help") || option.equals("-h")) {
                out.print(USAGE);
                return null;
            }
            if (option.equals("--bare")) {
                builder.bare(true);
                continue;
            }
            if (option.equals("--tls")) {
                builder.tls();
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option.startsWith("--") && isKnown(option)
                        ? option + " needs a value" : "unknown option '" + option + "'");
            }
            String value = args[++i];
            switch (option) {
                case "--port" -> builder.basePort(number(option, value, 1, 55535));
                case "--masters" -> builder.masters(number(option, value, 1, 16384));
                case "--replicas" -> builder.replicasPerMaster(number(option, value, 0, 100));
                case "--bind" -> builder.bindAddress(value);
                case "--announce-ip" -> builder.announceAddress(value);
                case "--rdb" -> builder.rdb(java.nio.file.Path.of(value));
                case "--heap-guard" -> heapGuard(builder, value);
                case "--protected-mode" -> builder.protectedMode(yesNo(option, value));
                case "--tls-auth-clients" -> builder.tlsAuthClients(authClients(value));
                case "--tls-cert-file", "--tls-key-file", "--tls-ca-cert-file" -> tlsFiles.put(option, java.nio.file.Path.of(value));
                default -> throw new IllegalArgumentException("unknown option '" + option + "'");
            }
        }
        if (!tlsFiles.isEmpty()) {
            if (tlsFiles.size() < 3) {
                throw new IllegalArgumentException("--tls-cert-file, --tls-key-file and --tls-ca-cert-file go together");
            }
            builder.tls(tlsFiles.get("--tls-cert-file"), tlsFiles.get("--tls-key-file"), tlsFiles.get("--tls-ca-cert-file"));
        }
        return builder;
    }

    private static TlsAuthClients authClients(String value) {
        return switch (value) {
            case "yes" -> TlsAuthClients.YES;
            case "no" -> TlsAuthClients.NO;
            case "optional" -> TlsAuthClients.OPTIONAL;
            default -> throw new IllegalArgumentException("--tls-auth-clients takes yes, no or optional, got '" + value + "'");
        };
    }

    private static boolean isKnown(String option) {
        return switch (option) {
            case "--port", "--masters", "--replicas", "--bind", "--announce-ip", "--rdb", "--heap-guard",
                    "--protected-mode", "--tls-auth-clients", "--tls-cert-file", "--tls-key-file", "--tls-ca-cert-file" -> true;
            default -> false;
        };
    }

    private static void heapGuard(EmbeddedRedisCluster.Builder builder, String value) {
        double fraction = EmbeddedRedisCluster.Builder.parseHeapGuard("--heap-guard", value);
        if (fraction == 0) {
            builder.heapGuardOff();
        } else {
            builder.heapGuard(fraction);
        }
    }

    private static boolean yesNo(String option, String value) {
        return switch (value) {
            case "yes" -> true;
            case "no" -> false;
            default -> throw new IllegalArgumentException(option + " takes yes or no, not '" + value + "'");
        };
    }

    private static int number(String option, String value, int min, int max) {
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a number, got '" + value + "'");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(option + " must be between " + min + " and " + max + ", got " + n);
        }
        return n;
    }
}
