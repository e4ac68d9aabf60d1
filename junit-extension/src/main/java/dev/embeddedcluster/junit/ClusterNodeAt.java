package dev.embeddedcluster.junit;

import dev.embeddedcluster.ClusterNode;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Selects the node a {@link ClusterNode} parameter or field receives: the {@code value}-th node
 * of the given role, counting from 0. {@code @ClusterNodeAt(value = 1, role = REPLICA)} is the
 * second replica; without the annotation a {@link ClusterNode} is the first master. Masters come
 * in port order (an external cluster's in slot order: master 0 serves slot 0), replicas in their
 * masters' order: on the default cluster, replica {@code i} replicates master {@code i}.
 */
@Target({ElementType.PARAMETER, ElementType.FIELD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ClusterNodeAt {
    /** The node's place among the nodes of its role, from 0. */
    int value() default 0;

    ClusterNode.Role role() default ClusterNode.Role.MASTER;
}
