package dev.embeddedcluster.server;

import dev.embeddedcluster.command.Scripting;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.security.ProtectionDomain;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Lua engines: each a copy of luaj and of our scripting package, loaded by a class loader of its
 * own. luaj keeps its interpreter state (the running coroutine, its call stack) in static fields,
 * so two scripts can only run at the same time in two copies of it: with an engine per node, a
 * busy script on one node never holds up a script on another node or in another cluster, as
 * between Redis processes.
 *
 * <p>A node leases an engine on its first script and gives it back when it stops. Loading a copy
 * takes tens of milliseconds and its interpreter warms up on its own, so a later node reuses a
 * returned engine, and a run of test classes that each start a cluster loads a few engines in all.
 */
public final class LuaEngines {
    private static final String[] OWN_PACKAGES = {"org.luaj.", "dev.embeddedcluster.command.scripting."};
    private static final String IMPLEMENTATION = "dev.embeddedcluster.command.scripting.LuaScripting";
    private static final Deque<Engine> FREE = new ArrayDeque<>();
    private static int created;

    private LuaEngines() {
    }

    /** A node's lease on an engine, with the node's scripting made in it. */
    public record Lease(Engine engine, Scripting scripting) {
    }

    /** Leases a free engine (or a new one) and makes the node's scripting in it. */
    public static Lease lease(Node node) {
        Engine engine;
        synchronized (FREE) {
            engine = FREE.poll();
        }
        if (engine == null) {
            engine = new Engine();
        }
        return new Lease(engine, engine.newScripting(node));
    }

    /**
     * Gives the engine back once its node has stopped. A script of that node still ending then
     * holds the engine's lock, so the next node to lease it waits for that script to end.
     */
    public static void release(Lease lease) {
        synchronized (FREE) {
            FREE.push(lease.engine());
        }
    }

    /** How many engines this JVM has loaded so far. */
    public static int created() {
        synchronized (FREE) {
            return created;
        }
    }

    /** One copy of luaj and of the scripting package. */
    public static final class Engine {
        private final Constructor<?> scripting;

        private Engine() {
            try {
                Class<?> implementation = new EngineClassLoader(LuaEngines.class.getClassLoader()).loadClass(IMPLEMENTATION);
                scripting = implementation.getConstructor(dev.embeddedcluster.command.NodeContext.class);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot load the Lua engine", e);
            }
            synchronized (FREE) {
                created++;
            }
        }

        private Scripting newScripting(Node node) {
            try {
                return (Scripting) scripting.newInstance(node);
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot start the Lua engine", e);
            }
        }
    }

    /** Defines the engine's own classes itself, from the bytes its parent has; asks the parent for the rest. */
    private static final class EngineClassLoader extends ClassLoader {
        private static final ProtectionDomain DOMAIN = LuaEngines.class.getProtectionDomain();

        static {
            registerAsParallelCapable();
        }

        EngineClassLoader(ClassLoader parent) {
            super("embedded-cluster-lua", parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!isOwn(name)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    loaded = findClass(name);
                }
                if (resolve) {
                    resolveClass(loaded);
                }
                return loaded;
            }
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            if (!isOwn(name)) {
                throw new ClassNotFoundException(name);
            }
            try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                if (in == null) {
                    throw new ClassNotFoundException(name);
                }
                byte[] bytes = in.readAllBytes();
                return defineClass(name, bytes, 0, bytes.length, DOMAIN);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static boolean isOwn(String name) {
            for (String prefix : OWN_PACKAGES) {
                if (name.startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        }
    }
}
