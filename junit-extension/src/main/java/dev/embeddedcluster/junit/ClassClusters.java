package dev.embeddedcluster.junit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which cluster each running test class uses, for integrations that are not handed JUnit's
 * extension context (the Spring context customizer). An entry lives as long as the class's
 * scope in JUnit: the extension stores the returned registration there, and JUnit closes it.
 */
final class ClassClusters {
    private static final Map<Class<?>, ClusterResource> BY_CLASS = new ConcurrentHashMap<>();

    private ClassClusters() {
    }

    static StoredResource register(Class<?> testClass, ClusterResource resource) {
        BY_CLASS.put(testClass, resource);
        return () -> BY_CLASS.remove(testClass, resource);
    }

    /** The cluster of this class or of the class enclosing it (for {@code @Nested} classes), or null. */
    static ClusterResource of(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            ClusterResource resource = BY_CLASS.get(c);
            if (resource != null) {
                return resource;
            }
        }
        return null;
    }
}
