package dev.embeddedcluster.junit;

import dev.embeddedcluster.ReplicationMode;
import dev.embeddedcluster.TlsAuthClients;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the annotated test class against an in-JVM Redis Cluster. Without options it is the
 * same as {@code @ExtendWith(RedisClusterExtension.class)}: three masters with one replica each,
 * on ephemeral ports, one cluster per test class, every key deleted after each test. On a
 * {@code @Nested} class it gives that class a cluster of its own: the innermost annotation wins.
 *
 * <p>With {@code -Dembeddedcluster.external=host:port} the tests run against that cluster instead:
 * the options that shape, time or replicate the cluster do not apply to it, and of the cleaning
 * only {@link #flushAfterEach()} does (FLUSHALL on its masters).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(RedisClusterExtension.class)
public @interface RedisCluster {
    /** Number of masters; the slots are split as redis-cli --cluster create splits them. */
    int masters() default 3;

    /** Replicas of each master; 0 allowed. */
    int replicasPerMaster() default 1;

    /**
     * The slots of each master, one element per master in master order, each a comma-separated
     * list of ranges: {@code masters = 2, slotRanges = {"0-8191", "8192-16383"}}. Together they
     * must cover 0-16383 exactly once, with one element for each of the {@link #masters()}, as
     * {@code EmbeddedRedisCluster.Builder.slotRanges} requires; empty (the default) splits the
     * slots evenly.
     */
    String[] slotRanges() default {};

    /**
     * Drive TTLs and expiry from a {@link dev.embeddedcluster.ManualClock} that tests inject and
     * move, instead of system time.
     */
    boolean manualClock() default false;

    /** First port (masters first, then replicas), or 0 for ephemeral ports. */
    int basePort() default 0;

    /** Address every node listens on. */
    String bindAddress() default "127.0.0.1";

    /**
     * Redis's protected-mode: while the default user has no password, nodes bound beyond loopback
     * ({@code bindAddress = "0.0.0.0"}) answer clients from other addresses with Redis's
     * {@code -DENIED} error and close them. False lets those clients in without a password.
     */
    boolean protectedMode() default true;

    /**
     * When masters reply to writes: at once, as Redis does, or only once every replica applied
     * them, so that reads from replicas always see a client's own writes.
     */
    ReplicationMode replication() default ReplicationMode.ASYNCHRONOUS;

    /**
     * Each node's cluster-node-timeout in milliseconds (Redis's default 15000), as CONFIG GET
     * reports it; failure detection will use it when nodes can be made to fail.
     */
    long nodeTimeoutMillis() default 15_000;

    /**
     * The heap guard (see {@code EmbeddedRedisCluster.Builder.heapGuard}): a fraction of the
     * test JVM's maximum heap ({@code "0.8"}) over which the nodes refuse writes with Redis's OOM
     * error, or {@code "off"}; empty for the default, 0.9 (or the system property
     * {@code embeddedcluster.heapGuard}).
     */
    String heapGuard() default "";

    /** The default user's password on every node (requirepass); empty for none. */
    String password() default "";

    /**
     * Users on every node, one per element: the name, the password, then ACL SETUSER rules,
     * separated by spaces ({@code "app s3cret ~app:* +@all -@dangerous"}); restored between tests.
     */
    String[] users() default {};

    /**
     * An RDB file to seed the cluster from when it starts (see
     * {@code EmbeddedRedisCluster.Builder.rdb}): a path relative to the working directory, or
     * else a classpath resource ({@code "fixtures/users.rdb"}). Keys deleted by
     * {@link #flushAfterEach()} do not come back: for seeded data in every test, set
     * {@code flushAfterEach = false} or use {@code Lifecycle.PER_METHOD}. Empty: no seed.
     */
    String rdb() default "";

    /**
     * Serve TLS only on every node's port, as Redis with {@code port 0}, a {@code tls-port} and
     * {@code tls-cluster yes}, on certificates of a CA made for the cluster: inject
     * {@link dev.embeddedcluster.TlsMaterial} for its trust store and a client certificate, and
     * {@code List<URI>} for {@code rediss://} seeds.
     */
    boolean tls() default false;

    /**
     * With {@link #tls()}: whether clients must present a certificate signed by the cluster's CA
     * (Redis's tls-auth-clients, yes by default as in Redis).
     */
    TlsAuthClients tlsAuthClients() default TlsAuthClients.YES;

    /** Which tests share one cluster. */
    Lifecycle lifecycle() default Lifecycle.PER_CLASS;

    /**
     * Delete every key after each test method, so tests never see each other's data, and undo
     * CONFIG SET. On an external cluster: FLUSHALL on each master, and nothing else
     * ({@code -Dembeddedcluster.external.flush=false} turns it off for every class).
     */
    boolean flushAfterEach() default true;

    /**
     * Close, after each test method, the client connections the test opened and left open with
     * connection state (a name, READONLY, CLIENT REPLY OFF, a blocked command...), so that no
     * such state reaches the next test. Connections opened before the test (by a client the
     * class shares) and stateless ones (idle pooled connections) stay open.
     */
    boolean closeLeftoverConnections() default true;

    /** Which tests share one running cluster. */
    enum Lifecycle {
        /** One cluster for all tests of a class, closed after the class. */
        PER_CLASS,
        /** A fresh cluster for every test method. */
        PER_METHOD,
        /**
         * One cluster for every class of the test run that asks for this lifecycle with the same
         * shape, started once and closed when the run ends.
         */
        PER_RUN
    }
}
