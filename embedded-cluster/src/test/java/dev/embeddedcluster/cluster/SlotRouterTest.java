package dev.embeddedcluster.cluster;

import dev.embeddedcluster.keyspace.KeySlot;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** Every path of the routing decision, from one table of cases, as Redis's getNodeByQuery takes them. */
class SlotRouterTest {
    private static final NodeInfo M1 = new NodeInfo("a".repeat(40), "127.0.0.1", 30001, null, 1);
    private static final NodeInfo M2 = new NodeInfo("b".repeat(40), "127.0.0.1", 30002, null, 2);
    private static final NodeInfo M3 = new NodeInfo("c".repeat(40), "127.0.0.1", 30003, null, 3);
    private static final NodeInfo R1 = new NodeInfo("d".repeat(40), "127.0.0.1", 30004, M1.id(), 1);

    // sample1 hashes to 47 (M1), sample2 to 12364 (M3), foo to 12182 (M3)
    private static final ClusterTopology DEFAULT = topology(Map.of(), Map.of());
    private static final Predicate<byte[]> NOTHING_EXISTS = key -> false;

    private static ClusterTopology topology(Map<String, Map<Integer, String>> migrating,
                                            Map<String, Map<Integer, String>> importing) {
        NodeInfo[] owners = new NodeInfo[KeySlot.SLOTS];
        Arrays.fill(owners, 0, 5461, M1);
        Arrays.fill(owners, 5461, 10923, M2);
        Arrays.fill(owners, 10923, KeySlot.SLOTS, M3);
        return new ClusterTopology(List.of(M1, M2, M3, R1), owners, 6, migrating, importing);
    }

    private static byte[][] command(String... words) {
        return Arrays.stream(words).map(w -> w.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    }

    private static Route route(ClusterTopology t, NodeInfo me, boolean write, byte[][] args, int[] keys,
                               boolean readonly, boolean asking, Predicate<byte[]> exists) {
        return SlotRouter.route(t, me, write, args, keys, readonly, asking, exists);
    }

    @Test
    void keylessCommandsRunWhereTheyAreSent() {
        assertThat(route(DEFAULT, M1, false, command("PING"), new int[0], false, false, NOTHING_EXISTS))
                .isSameAs(Route.LOCAL);
    }

    @Test
    void ownedSlotRunsLocally() {
        assertThat(route(DEFAULT, M1, true, command("SET", "sample1", "1"), new int[] {1}, false, false, NOTHING_EXISTS))
                .isSameAs(Route.LOCAL);
    }

    @Test
    void foreignSlotIsMovedToItsMaster() {
        Route r = route(DEFAULT, M1, true, command("SET", "sample2", "1"), new int[] {1}, false, false, NOTHING_EXISTS);
        assertThat(r.errorText()).isEqualTo("MOVED 12364 127.0.0.1:30003");
    }

    @Test
    void keysInDifferentSlotsAreCrossSlot() {
        Route r = route(DEFAULT, M1, true, command("MSET", "a", "1", "b", "2"), new int[] {1, 3}, false, false, NOTHING_EXISTS);
        assertThat(r.errorText()).isEqualTo("CROSSSLOT Keys in request don't hash to the same slot");
    }

    @Test
    void hashTaggedKeysOfAForeignSlotAreMovedNotCrossSlot() {
        Route r = route(DEFAULT, M1, true, command("MSET", "{t}a", "1", "{t}b", "2"), new int[] {1, 3}, false, false, NOTHING_EXISTS);
        assertThat(r.errorText()).isEqualTo("MOVED 15891 127.0.0.1:30003");
    }

    @Test
    void unservedSlotIsClusterDown() {
        NodeInfo[] owners = DEFAULT.slotOwners();
        owners[47] = null;
        ClusterTopology holed = new ClusterTopology(DEFAULT.nodes(), owners, 6, Map.of(), Map.of());
        assertThat(route(holed, M1, false, command("GET", "sample1"), new int[] {1}, false, false, NOTHING_EXISTS).errorText())
                .isEqualTo("CLUSTERDOWN Hash slot not served");
        assertThat(route(holed, M1, false, command("GET", "sample2"), new int[] {1}, false, false, NOTHING_EXISTS).errorText())
                .isEqualTo("CLUSTERDOWN The cluster is down");
    }

    @Test
    void replicaRedirectsReadsUntilReadonly() {
        byte[][] get = command("GET", "sample1");
        assertThat(route(DEFAULT, R1, false, get, new int[] {1}, false, false, NOTHING_EXISTS).errorText())
                .isEqualTo("MOVED 47 127.0.0.1:30001");
        assertThat(route(DEFAULT, R1, false, get, new int[] {1}, true, false, NOTHING_EXISTS)).isSameAs(Route.LOCAL);
    }

    @Test
    void replicaRedirectsWritesEvenWhenReadonly() {
        assertThat(route(DEFAULT, R1, true, command("SET", "sample1", "3"), new int[] {1}, true, false, NOTHING_EXISTS).errorText())
                .isEqualTo("MOVED 47 127.0.0.1:30001");
    }

    @Test
    void readonlyReplicaStillRedirectsOtherMastersSlots() {
        assertThat(route(DEFAULT, R1, false, command("GET", "sample2"), new int[] {1}, true, false, NOTHING_EXISTS).errorText())
                .isEqualTo("MOVED 12364 127.0.0.1:30003");
    }

    @Test
    void migratingSlotServesExistingKeysAndAsksForMissingOnes() {
        ClusterTopology t = topology(Map.of(M3.id(), Map.of(12182, M2.id())), Map.of(M2.id(), Map.of(12182, M3.id())));
        Predicate<byte[]> onlyFoo = key -> Arrays.equals(key, "foo".getBytes(StandardCharsets.UTF_8));
        assertThat(route(t, M3, false, command("GET", "foo"), new int[] {1}, false, false, onlyFoo)).isSameAs(Route.LOCAL);
        assertThat(route(t, M3, false, command("GET", "{foo}missing"), new int[] {1}, false, false, onlyFoo).errorText())
                .isEqualTo("ASK 12182 127.0.0.1:30002");
        assertThat(route(t, M3, true, command("SET", "{foo}new", "1"), new int[] {1}, false, false, onlyFoo).errorText())
                .isEqualTo("ASK 12182 127.0.0.1:30002");
        assertThat(route(t, M3, false, command("MGET", "foo", "{foo}missing"), new int[] {1, 2}, false, false, onlyFoo).errorText())
                .isEqualTo("TRYAGAIN Multiple keys request during rehashing of slot");
    }

    @Test
    void importingSlotServesOnlyAskingClients() {
        ClusterTopology t = topology(Map.of(M3.id(), Map.of(12182, M2.id())), Map.of(M2.id(), Map.of(12182, M3.id())));
        Predicate<byte[]> onlyNew = key -> Arrays.equals(key, "{foo}new".getBytes(StandardCharsets.UTF_8));
        assertThat(route(t, M2, false, command("GET", "foo"), new int[] {1}, false, false, onlyNew).errorText())
                .isEqualTo("MOVED 12182 127.0.0.1:30003");
        assertThat(route(t, M2, false, command("GET", "foo"), new int[] {1}, false, true, onlyNew)).isSameAs(Route.LOCAL);
        assertThat(route(t, M2, false, command("MGET", "{foo}new", "{foo}gone"), new int[] {1, 2}, false, true, onlyNew).errorText())
                .isEqualTo("TRYAGAIN Multiple keys request during rehashing of slot");
        assertThat(route(t, M2, false, command("MGET", "{foo}new", "{foo}new"), new int[] {1, 2}, false, true, onlyNew))
                .isSameAs(Route.LOCAL);
    }
}
