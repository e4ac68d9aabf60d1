package dev.embeddedcluster.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a static or instance field that receives the cluster, a node ({@link ClusterNodeAt}
 * selects which), its {@link dev.embeddedcluster.ManualClock}, or the seed addresses ({@code List<String>} of {@code host:port},
 * {@code List<URI>}).
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface InjectCluster {
}
