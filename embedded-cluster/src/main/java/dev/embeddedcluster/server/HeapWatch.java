package dev.embeddedcluster.server;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.embeddedcluster.command.server.HeapGuard;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The JVM's heap, measured for the clusters' {@link HeapGuard}s: after every garbage collection
 * (each collector bean's notification, whatever the collector: G1, Serial, Parallel, ZGC...), the
 * heap pools' usage after it, as the fuller of the whole heap against its limit and of the old
 * generation against its own (Serial's and Parallel's old generation is a fixed part of the heap,
 * full while the heap as a whole is not). The heap is the JVM's, so this watch is
 * too: one listener per collector while at least one guard is registered, none after the last
 * cluster stopped. It runs no thread of its own: the JVM delivers the notifications on its own.
 */
public final class HeapWatch {
    private static final List<HeapGuard> GUARDS = new CopyOnWriteArrayList<>();
    private static final NotificationListener LISTENER = (notification, handback) -> collected(notification);
    /** Guards registration and the listeners' presence. */
    private static final Object REGISTRY = new Object();
    /** One forced collection at a time; a caller that waited for one in progress takes its result. */
    private static final Object COLLECTING = new Object();
    private static volatile long lastForcedCollection;
    private static volatile List<MemoryPoolMXBean> heapPools;

    private HeapWatch() {
    }

    /** A guard at that threshold, kept informed until {@link #release released}; {@link HeapGuard#OFF} for 0. */
    public static HeapGuard guard(double threshold) {
        if (threshold == 0) {
            return HeapGuard.OFF;
        }
        HeapGuard guard = new HeapGuard(threshold, HeapWatch::collectNow);
        synchronized (REGISTRY) {
            if (GUARDS.isEmpty()) {
                listen(true);
            }
            GUARDS.add(guard);
        }
        return guard;
    }

    /** Stops informing a guard; the last one removes the listeners. */
    public static void release(HeapGuard guard) {
        synchronized (REGISTRY) {
            if (GUARDS.remove(guard) && GUARDS.isEmpty()) {
                listen(false);
            }
        }
    }

    private static void listen(boolean on) {
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                if (on) {
                    emitter.addNotificationListener(LISTENER, null, null);
                } else {
                    try {
                        emitter.removeNotificationListener(LISTENER);
                    } catch (ListenerNotFoundException alreadyGone) {
                        // nothing to remove
                    }
                }
            }
        }
    }

    private static void collected(Notification notification) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        Map<String, MemoryUsage> after = info.getGcInfo().getMemoryUsageAfterGc();
        long used = 0;
        double oldFraction = 0;
        for (MemoryPoolMXBean pool : heapPools()) {
            MemoryUsage usage = after.get(pool.getName());
            if (usage != null) {
                used += usage.getUsed();
                oldFraction = Math.max(oldFraction, oldFraction(pool, usage));
            }
        }
        publish(Math.max(oldFraction, (double) used / Runtime.getRuntime().maxMemory()));
    }

    /** How full an old generation is against its own limit; 0 for the young pools and those without a limit. */
    private static double oldFraction(MemoryPoolMXBean pool, MemoryUsage usage) {
        String name = pool.getName();
        if (name.contains("Eden") || name.contains("Survivor") || name.contains("Young") || usage.getMax() <= 0) {
            return 0;
        }
        return (double) usage.getUsed() / usage.getMax();
    }

    /**
     * A full collection now (System.gc), then the heap in use: what is live, unless explicit
     * collections are disabled, when it is an upper bound.
     */
    static void collectNow() {
        long asked = System.nanoTime();
        synchronized (COLLECTING) {
            if (lastForcedCollection - asked > 0) {
                return;
            }
            System.gc();
            long used = 0;
            double oldFraction = 0;
            for (MemoryPoolMXBean pool : heapPools()) {
                MemoryUsage usage = pool.getUsage();
                used += usage.getUsed();
                oldFraction = Math.max(oldFraction, oldFraction(pool, usage));
            }
            publish(Math.max(oldFraction, (double) used / Runtime.getRuntime().maxMemory()));
            lastForcedCollection = System.nanoTime();
        }
    }

    private static void publish(double usedFraction) {
        for (HeapGuard guard : GUARDS) {
            guard.measured(usedFraction);
        }
    }

    private static List<MemoryPoolMXBean> heapPools() {
        List<MemoryPoolMXBean> pools = heapPools;
        if (pools == null) {
            pools = ManagementFactory.getMemoryPoolMXBeans().stream().filter(pool -> pool.getType() == MemoryType.HEAP).toList();
            heapPools = pools;
        }
        return pools;
    }
}
