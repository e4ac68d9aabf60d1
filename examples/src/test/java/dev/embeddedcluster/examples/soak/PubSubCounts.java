package dev.embeddedcluster.examples.soak;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Messages published on each channel, by any client, and received by each subscriber: every
 * subscriber of a channel must receive every message published on it while it was subscribed.
 */
final class PubSubCounts {
    private final Map<String, LongAdder> published = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> received = new ConcurrentHashMap<>();
    private final Map<String, String> channelOf = new ConcurrentHashMap<>();

    /** A subscriber, named for the report ("jedis soak:news"), of one channel. */
    LongAdder subscriber(String name, String channel) {
        channelOf.put(name, channel);
        return received.computeIfAbsent(name, n -> new LongAdder());
    }

    void published(String channel) {
        published.computeIfAbsent(channel, c -> new LongAdder()).increment();
    }

    long publishedOn(String channel) {
        LongAdder count = published.get(channel);
        return count == null ? 0 : count.sum();
    }

    /** Each subscriber's missing messages (published on its channel, not received); empty when none is missing. */
    Map<String, Long> missing() {
        Map<String, Long> missing = new TreeMap<>();
        received.forEach((name, count) -> {
            long gap = publishedOn(channelOf.get(name)) - count.sum();
            if (gap != 0) {
                missing.put(name, gap);
            }
        });
        return missing;
    }

    /** One line per subscriber: received of published. */
    Map<String, String> report() {
        Map<String, String> lines = new TreeMap<>();
        received.forEach((name, count) -> lines.put(name, count.sum() + " of " + publishedOn(channelOf.get(name))));
        return lines;
    }

    long totalPublished() {
        return published.values().stream().mapToLong(LongAdder::sum).sum();
    }

    long totalReceived() {
        return received.values().stream().mapToLong(LongAdder::sum).sum();
    }
}
