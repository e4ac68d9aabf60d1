package dev.embeddedcluster.junit;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.ClusterView;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.ManualClock;
import dev.embeddedcluster.TlsMaterial;
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
import java.util.Optional;

/**
 * Starts an in-JVM Redis Cluster for a test class and hands it to the tests. Configure it with
 * {@link RedisCluster}; {@code @ExtendWith(RedisClusterExtension.class)} alone uses the defaults.
 * The cluster lives in JUnit's extension store, so JUnit closes it when its scope ends, whether
 * the tests passed or not. A {@code @Nested} class with a {@link RedisCluster} of its own gets a
 * cluster of its own; without one it shares its enclosing class's.
 *
 * <p>Injected into test, lifecycle and constructor parameters, and into {@link InjectCluster}
 * fields: {@link ClusterView}, {@link EmbeddedRedisCluster}, {@link ClusterNode} (chosen with
 * {@link ClusterNodeAt}), {@link ManualClock} (with {@code manualClock = true}), {@link TlsMaterial}
 * (with {@code tls = true}), {@code List<String>} of {@code host:port} seeds and {@code List<URI>} of
 * {@code redis://} seeds ({@code rediss://} with TLS).
 *
 * <p>With {@code -Dembeddedcluster.external=host:port,...} the tests run against that cluster
 * instead, discovered from its seeds: see {@link ExternalSwitch}.
 */
public final class RedisClusterExtension
        implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RedisClusterExtension.class);
    private static final String KEY = "cluster";
    private static final String EXTERNAL_KEY = "external cluster";
    private static final String REGISTRATION = "class registration";
    private static final String PER_METHOD_ONLY_IN_TESTS = "a PER_METHOD cluster exists only inside a test method; "
            + "it cannot be injected into constructors, static fields or @BeforeAll methods";
    private static final Declared DEFAULTS = new Declared(Defaults.class.getAnnotation(RedisCluster.class), null);

    @RedisCluster
    private static final class Defaults {
    }

    /** The {@link RedisCluster} a test class runs with, and the class that declares it (null for the defaults). */
    private record Declared(RedisCluster config, Class<?> on) {
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IllegalAccessException {
        RedisCluster config = config(context).config();
        Class<?> testClass = context.getRequiredTestClass();
        if (config.lifecycle() == RedisCluster.Lifecycle.PER_METHOD) {
            refuseStaticFields(testClass);
        } else {
            ClusterResource resource = resource(context);
            context.getStore(NAMESPACE).put(REGISTRATION, ClassClusters.register(testClass, resource));
            injectFields(testClass, null, resource, true);
        }
    }

    private static void refuseStaticFields(Class<?> testClass) {
        List<Field> statics = AnnotationSupport.findAnnotatedFields(testClass, InjectCluster.class,
                f -> Modifier.isStatic(f.getModifiers()), HierarchyTraversalMode.TOP_DOWN);
        if (!statics.isEmpty()) {
            throw new ExtensionConfigurationException("@InjectCluster static field " + statics.get(0).getName()
                    + ": " + PER_METHOD_ONLY_IN_TESTS);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IllegalAccessException {
        ClusterResource resource = resource(context);
        if (cleanedBetweenTests(config(context).config())) {
            resource.testStarting();
        }
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            injectFields(instance.getClass(), instance, resource, false);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        RedisCluster config = config(context).config();
        if (cleanedBetweenTests(config)) {
            resource(context).testFinished(config);
        }
    }

    /**
     * A PER_METHOD cluster closes after its test: nothing of the test can outlive it. An external
     * cluster is shared by every test, whatever the lifecycle says.
     */
    private static boolean cleanedBetweenTests(RedisCluster config) {
        return config.lifecycle() != RedisCluster.Lifecycle.PER_METHOD || ExternalSwitch.current() != null;
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
        if (type == ClusterView.class || type == EmbeddedRedisCluster.class || type == ClusterNode.class
                || type == ManualClock.class || type == TlsMaterial.class) {
            return true;
        }
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            Type element = p.getActualTypeArguments()[0];
            return element == String.class || element == URI.class;
        }
        return false;
    }

    private static Object valueFor(Type type, ClusterNodeAt at, ClusterResource resource) {
        if (type == ClusterView.class) {
            return resource.view();
        }
        if (type == EmbeddedRedisCluster.class) {
            return resource.cluster();
        }
        if (type == ClusterNode.class) {
            return resource.node(at);
        }
        if (type == ManualClock.class) {
            return resource.manualClock();
        }
        if (type == TlsMaterial.class) {
            return resource.cluster().tls();
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
                        + field.getGenericType().getTypeName() + "; supported: ClusterView, EmbeddedRedisCluster, "
                        + "ClusterNode, ManualClock, TlsMaterial, List<String>, List<URI>");
            }
            if (Modifier.isFinal(field.getModifiers())) {
                throw new ExtensionConfigurationException("@InjectCluster field " + field.getName() + " must not be final");
            }
            field.setAccessible(true);
            field.set(instance, valueFor(field.getGenericType(), field.getAnnotation(ClusterNodeAt.class), resource));
        }
    }

    /** The cluster of this context's scope, started (or, external, discovered) on first use. */
    private static ClusterResource resource(ExtensionContext context) {
        Declared declared = config(context);
        RedisCluster config = declared.config();
        if (config.lifecycle() == RedisCluster.Lifecycle.PER_METHOD && context.getTestMethod().isEmpty()) {
            throw new ExtensionConfigurationException(PER_METHOD_ONLY_IN_TESTS);
        }
        ExternalSwitch external = ExternalSwitch.current();
        if (external != null) {
            return external(context, external);
        }
        ExtensionContext.Store store = switch (config.lifecycle()) {
            case PER_RUN -> context.getRoot().getStore(NAMESPACE);
            case PER_CLASS -> classContext(context).getStore(NAMESPACE);
            case PER_METHOD -> context.getStore(NAMESPACE);
        };
        // A store also answers with what its enclosing classes' stores hold: a @Nested class that
        // declares its own cluster needs a key of its own.
        String key = switch (config.lifecycle()) {
            case PER_RUN -> KEY + ":" + shapeOf(config);
            case PER_CLASS -> KEY + ":" + (declared.on() == null ? "defaults" : declared.on().getName());
            case PER_METHOD -> KEY;
        };
        try {
            return store.getOrComputeIfAbsent(key, k -> EmbeddedClusterResource.start(config), ClusterResource.class);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ExtensionConfigurationException("cannot start the Redis cluster of "
                    + context.getRequiredTestClass().getName() + ": " + e.getMessage(), e);
        }
    }

    /** One external cluster for the whole run, so that its cleaning waits for every test running on it. */
    private static ClusterResource external(ExtensionContext context, ExternalSwitch external) {
        try {
            return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(EXTERNAL_KEY + ":" + external,
                    k -> ExternalClusterResource.discover(external), ClusterResource.class);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ExtensionConfigurationException("cannot use " + external.describe() + " for "
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
        return config.masters() + "/" + config.replicasPerMaster() + "/" + config.basePort() + "/" + config.bindAddress() + "/" + config.protectedMode()
                + "/" + config.replication() + "/" + String.join(";", config.slotRanges()) + "/" + config.manualClock()
                + "/" + config.flushAfterEach() + "/" + config.closeLeftoverConnections() + "/" + config.nodeTimeoutMillis()
                + "/" + config.password() + "/" + String.join(";", config.users()) + "/" + config.rdb() + "/" + config.heapGuard()
                + "/" + config.tls() + "/" + config.tlsAuthClients();
    }

    /** The innermost {@link RedisCluster}: the test class's own, or that of the nearest class enclosing it. */
    private static Declared config(ExtensionContext context) {
        for (Class<?> c = context.getRequiredTestClass(); c != null; c = c.getEnclosingClass()) {
            Optional<RedisCluster> found = AnnotationSupport.findAnnotation(c, RedisCluster.class);
            if (found.isPresent()) {
                return new Declared(found.get(), c);
            }
        }
        return DEFAULTS;
    }
}
