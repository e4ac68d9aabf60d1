package dev.embeddedcluster.junit;

import dev.embeddedcluster.ClusterNode;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Selects the node a {@link ClusterNode} parameter or field receives: the {@code value}-th node
 * of the given role (masters and replicas are each in port order), or of all nodes.
 */
@Target({ElementType.PARAMETER, ElementType.FIELD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ClusterNodeAt {
    int value() default 0;

    Role role() default Role.ANY;

    enum Role { ANY, MASTER, REPLICA }
}
