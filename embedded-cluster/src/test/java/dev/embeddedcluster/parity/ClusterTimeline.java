package dev.embeddedcluster.parity;

import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What one node (the observer) shows of a failing master and its replica, sampled as fast as the
 * observer answers and kept as the list of distinct states it went through: the failing node's
 * flags, link state and whether it still has slots, the replica's flags, CLUSTER INFO's state and slot counts,
 * and what a SET on a key of the failing master's slots gets from the observer.
 */
final class ClusterTimeline {

    /** One state the observer showed, from {@code atMillis} after recording began. */
    record Step(long atMillis, String failingFlags, String failingLink, boolean failingHasSlots, String replicaFlags,
                String clusterState, int slotsPfail, int slotsFail, String setReply) {

        boolean sameStateAs(Step other) {
            return failingFlags.equals(other.failingFlags) && failingLink.equals(other.failingLink)
                    && failingHasSlots == other.failingHasSlots
                    && replicaFlags.equals(other.replicaFlags) && clusterState.equals(other.clusterState)
                    && slotsPfail == other.slotsPfail && slotsFail == other.slotsFail
                    && Objects.equals(setReply, other.setReply);
        }

        boolean replicaPromoted() {
            return replicaFlags.equals("master") && !failingHasSlots;
        }

        @Override
        public String toString() {
            return String.format("+%5d ms  failing=%-13s %-12s %-8s replica=%-11s cluster_state=%-4s pfail=%-4d fail=%-4d SET -> %s",
                    atMillis, failingFlags, failingLink, failingHasSlots ? "(slots)" : "(none)", replicaFlags, clusterState,
                    slotsPfail, slotsFail, setReply);
        }
    }

    private final List<Step> steps = new ArrayList<>();

    private ClusterTimeline() {
    }

    /**
     * Samples {@code observer} until a state satisfies {@code until} (included) or the timeout passes
     * (an AssertionError listing what was seen). {@code key} is a key of the failing master's slots.
     */
    static ClusterTimeline record(FaultTarget target, HostAndPort observer, HostAndPort failing, HostAndPort replica,
                                  String key, Predicate<Step> until, Duration timeout) {
        ClusterTimeline timeline = new ClusterTimeline();
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        try (Jedis jedis = target.connect(observer)) {
            while (true) {
                Step step = sample(jedis, failing, replica, key, (System.nanoTime() - start) / 1_000_000);
                if (step == null) {
                    continue;
                }
                if (timeline.steps.isEmpty() || !timeline.last().sameStateAs(step)) {
                    timeline.steps.add(step);
                }
                if (until.test(step)) {
                    return timeline;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the observer " + observer + " did not reach the awaited state within "
                            + timeout.toMillis() + " ms; it showed:\n" + timeline);
                }
            }
        }
    }

    /**
     * One state, or null when the observer changed its mind while being asked: CLUSTER NODES and
     * CLUSTER INFO are read before and after the SET, and the sample is kept only if both reads agree.
     */
    private static Step sample(Jedis jedis, HostAndPort failing, HostAndPort replica, String key, long at) {
        Step before = read(jedis, failing, replica, at, null);
        String setReply = setReply(jedis, key, failing, replica);
        Step after = read(jedis, failing, replica, at, setReply);
        return after.sameStateAs(new Step(at, before.failingFlags(), before.failingLink(), before.failingHasSlots(), before.replicaFlags(),
                before.clusterState(), before.slotsPfail(), before.slotsFail(), setReply)) ? after : null;
    }

    private static Step read(Jedis jedis, HostAndPort failing, HostAndPort replica, long at, String setReply) {
        List<ClusterNodesLine> view = ClusterNodesLine.parse(jedis.clusterNodes());
        ClusterNodesLine failingLine = lineOf(view, failing);
        ClusterNodesLine replicaLine = lineOf(view, replica);
        String info = jedis.clusterInfo();
        return new Step(at, failingLine.flagsAsOthersSeeThem(), failingLine.linkState(), !failingLine.slots().isEmpty(),
                replicaLine.flagsAsOthersSeeThem(), field(info, "cluster_state"),
                Integer.parseInt(field(info, "cluster_slots_pfail")), Integer.parseInt(field(info, "cluster_slots_fail")),
                setReply);
    }

    /** The reply to SET, with the node a redirection names shown as "failing" or "replica". */
    private static String setReply(Jedis jedis, String key, HostAndPort failing, HostAndPort replica) {
        try {
            return jedis.set(key, "from-observer");
        } catch (JedisDataException e) {
            return e.getMessage().replace(failing.toString(), "<failing>").replace(replica.toString(), "<replica>");
        }
    }

    private static ClusterNodesLine lineOf(List<ClusterNodesLine> view, HostAndPort node) {
        return view.stream().filter(l -> l.port() == node.getPort()).findFirst()
                .orElseThrow(() -> new AssertionError("CLUSTER NODES does not list " + node));
    }

    static String field(String info, String name) {
        return info.lines().filter(l -> l.startsWith(name + ":")).map(l -> l.substring(name.length() + 1).trim())
                .findFirst().orElseThrow(() -> new AssertionError("no " + name + " in " + info));
    }

    List<Step> steps() {
        return List.copyOf(steps);
    }

    Step last() {
        return steps.get(steps.size() - 1);
    }

    /** The failing node's flags in the order they were first shown. */
    List<String> failingFlagsInOrder() {
        return inOrder(Step::failingFlags);
    }

    /** The SET replies in the order they were first given. */
    List<String> setRepliesInOrder() {
        return inOrder(Step::setReply);
    }

    /** The failing node's link states in the order they were first shown. */
    List<String> failingLinksInOrder() {
        return inOrder(Step::failingLink);
    }

    private List<String> inOrder(java.util.function.Function<Step, String> field) {
        List<String> values = new ArrayList<>();
        for (Step step : steps) {
            String value = field.apply(step);
            if (values.isEmpty() || !values.get(values.size() - 1).equals(value)) {
                values.add(value);
            }
        }
        return values;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        steps.forEach(s -> text.append("  ").append(s).append('\n'));
        return text.toString();
    }
}
