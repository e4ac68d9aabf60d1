package dev.embeddedcluster.junit;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.ManualClock;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URI;
import java.util.List;

/**
 * Starts an in-JVM Redis Cluster for a test class and hands it to the tests. Configure it with
 * {@link RedisCluster}; {@code @ExtendWith(RedisClusterExtension.class)} alone uses the defaults.
 * The cluster lives in JUnit's extension store, so JUnit closes it when its scope ends, whether
 * the tests passed or not.
 *
 * <p>Injected into test, lifecycle and constructor parameters, and into {@link InjectCluster}
 * fields: {@link EmbeddedRedisCluster}, {@link ClusterNode} (chosen with {@link ClusterNodeAt}),
 * {@link ManualClock} (with {@code manualClock = true}),
 * {@code List<String>} of {@code host:port} seeds and {@code List<URI>} of {@code redis://} seeds.
 */
public final class RedisClusterExtension
        implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RedisClusterExtension.class);
    private static final String KEY = "cluster";
    private static final String REGISTRATION = "class registration";

    @RedisCluster
    private static final class Defaults {
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IllegalAccessException {
        RedisCluster config = config(context);
        if (sharedBeyondOneTest(config)) {
            ClusterResource resource = resource(context);
            Class<?> testClass = context.getRequiredTestClass();
            context.getStore(NAMESPACE).put(REGISTRATION, ClassClusters.register(testClass, resource));
            injectFields(testClass, null, resource, true);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IllegalAccessException {
        ClusterResource resource = resource(context);
        if (sharedBeyondOneTest(config(context))) {
            resource.testStarting();
        }
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            injectFields(instance.getClass(), instance, resource, false);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        RedisCluster config = config(context);
        if (!sharedBeyondOneTest(config)) {
            return;
        }
        resource(context).testFinished(config.closeLeftoverConnections(), config.flushAfterEach());
    }

    /** A PER_METHOD cluster closes after its test: nothing of the test can outlive it. */
    private static boolean sharedBeyondOneTest(RedisCluster config) {
        return config.lifecycle() != RedisCluster.Lifecycle.PER_METHOD;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return injectable(parameter.getParameter().getParameterizedType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        try {
            return valueFor(parameter.getParameter().getParameterizedType(),
                    parameter.findAnnotation(ClusterNodeAt.class).orElse(null), resource(context));
        } catch (RuntimeException e) {
            throw new ParameterResolutionException(e.getMessage(), e);
        }
    }

    private static boolean injectable(Type type) {
        if (type == EmbeddedRedisCluster.class || type == ClusterNode.class || type == ManualClock.class) {
            return true;
        }
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            Type element = p.getActualTypeArguments()[0];
            return element == String.class || element == URI.class;
        }
        return false;
    }

    private static Object valueFor(Type type, ClusterNodeAt at, ClusterResource resource) {
        if (type == EmbeddedRedisCluster.class) {
            return resource.cluster();
        }
        if (type == ClusterNode.class) {
            return resource.node(at);
        }
        if (type == ManualClock.class) {
            return resource.manualClock();
        }
        Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
        return element == String.class ? resource.seeds() : resource.seedUris();
    }

    private static void injectFields(Class<?> testClass, Object instance, ClusterResource resource, boolean statics)
            throws IllegalAccessException {
        List<Field> fields = AnnotationSupport.findAnnotatedFields(testClass, InjectCluster.class,
                f -> Modifier.isStatic(f.getModifiers()) == statics, HierarchyTraversalMode.TOP_DOWN);
        for (Field field : fields) {
            if (!injectable(field.getGenericType())) {
                throw new ExtensionConfigurationException("@InjectCluster field " + field.getName() + " has type "
                        + field.getGenericType().getTypeName() + "; supported: EmbeddedRedisCluster, ClusterNode, "
                        + "ManualClock, List<String>, List<URI>");
            }
            if (Modifier.isFinal(field.getModifiers())) {
                throw new ExtensionConfigurationException("@InjectCluster field " + field.getName() + " must not be final");
            }
            field.setAccessible(true);
            field.set(instance, valueFor(field.getGenericType(), field.getAnnotation(ClusterNodeAt.class), resource));
        }
    }

    /** The cluster of this context's scope, started on first use. */
    private static ClusterResource resource(ExtensionContext context) {
        RedisCluster config = config(context);
        ClusterResource external = ClusterResource.external();
        ExtensionContext.Store store = switch (config.lifecycle()) {
            case PER_RUN -> context.getRoot().getStore(NAMESPACE);
            case PER_CLASS -> classContext(context).getStore(NAMESPACE);
            case PER_METHOD -> {
                if (context.getTestMethod().isEmpty()) {
                    throw new ExtensionConfigurationException("a PER_METHOD cluster exists only inside a test method; "
                            + "it cannot be injected into constructors, static fields or @BeforeAll methods");
                }
                yield context.getStore(NAMESPACE);
            }
        };
        String key = config.lifecycle() == RedisCluster.Lifecycle.PER_RUN ? KEY + ":" + shapeOf(config) : KEY;
        try {
            return store.getOrComputeIfAbsent(key, k -> external != null ? external : ClusterResource.start(config),
                    ClusterResource.class);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ExtensionConfigurationException("cannot start the Redis cluster of "
                    + context.getRequiredTestClass().getName() + ": " + e.getMessage(), e);
        }
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }

    private static String shapeOf(RedisCluster config) {
        return config.masters() + "/" + config.replicasPerMaster() + "/" + config.basePort() + "/" + config.bindAddress()
                + "/" + config.replication() + "/" + String.join(";", config.slotRanges()) + "/" + config.manualClock()
                + "/" + config.flushAfterEach() + "/" + config.closeLeftoverConnections() + "/" + config.nodeTimeoutMillis();
    }

    private static RedisCluster config(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            java.util.Optional<RedisCluster> found = AnnotationSupport.findAnnotation(c, RedisCluster.class);
            if (found.isPresent()) {
                return found.get();
            }
        }
        return Defaults.class.getAnnotation(RedisCluster.class);
    }
}
