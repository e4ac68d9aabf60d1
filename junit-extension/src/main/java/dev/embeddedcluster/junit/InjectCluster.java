package dev.embeddedcluster.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a static or instance field that receives the cluster (as a
 * {@link dev.embeddedcluster.ClusterView} or an {@link dev.embeddedcluster.EmbeddedRedisCluster}),
 * a node ({@link ClusterNodeAt} selects which), its {@link dev.embeddedcluster.ManualClock}, or the
 * addresses of every node ({@code List<String>} of {@code host:port}, {@code List<URI>}). A
 * {@code PER_METHOD} cluster exists only inside a test method: a static field is refused.
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface InjectCluster {
}
