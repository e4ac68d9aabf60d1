package dev.embeddedcluster.compare;

import dev.embeddedcluster.testing.RespClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * CLUSTER ADDSLOTS, ADDSLOTSRANGE, DELSLOTS, DELSLOTSRANGE, FLUSHSLOTS, BUMPEPOCH,
 * SET-CONFIG-EPOCH, COUNT-FAILURE-REPORTS and SAVECONFIG against the oracle: their checks, errors
 * and what a slot left unassigned does to the cluster's state and to its keys. Node ids, addresses
 * and epochs differ between the two sides (the emulated master starts at epoch 1, a fresh
 * redis-server at 0), so the replies that show them are compared without them. Each test gives
 * both sides every slot back at its end.
 */
class ClusterSlotAdminIT extends ComparisonSupport {
    private static final String FOO_SLOT = "12182";
    private int[] slotsToAddBack = {};
    private boolean addEverySlotBack;

    @AfterEach
    void ownEverySlotAgain() {
        for (int slot : slotsToAddBack) {
            both("CLUSTER", "ADDSLOTS", Integer.toString(slot));
        }
        if (addEverySlotBack) {
            both("CLUSTER", "ADDSLOTSRANGE", "0", "16383");
        }
        // A master left without slots counts as a minority: Redis waits up to 5 s before it serves again.
        awaitClusterOk(this::realConnection);
        awaitClusterOk(this::emulatedConnection);
    }

    private static void awaitClusterOk(Supplier<RespClient> connect) {
        try (RespClient client = connect.get()) {
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> client.call("CLUSTER", "INFO").contains("cluster_state:ok"));
        }
    }

    @Test
    void slotAssignmentsCheckTheirArgumentsAsRedisDoes() {
        slotsToAddBack = new int[] {100, 200};
        script("CLUSTER ADDSLOTS", "CLUSTER ADDSLOTSRANGE 0", "CLUSTER ADDSLOTSRANGE 0 1 2", "CLUSTER DELSLOTS",
                "CLUSTER DELSLOTSRANGE 1", "CLUSTER DELSLOTSRANGE 1 2 3", "CLUSTER FLUSHSLOTS x",
                "CLUSTER ADDSLOTS 5", "CLUSTER ADDSLOTS 16384", "CLUSTER ADDSLOTS -1", "CLUSTER ADDSLOTS abc",
                "CLUSTER ADDSLOTS +5", "CLUSTER ADDSLOTS 5 abc", "CLUSTER ADDSLOTSRANGE 6 5", "CLUSTER ADDSLOTSRANGE 5 abc",
                "CLUSTER ADDSLOTSRANGE 0 16383", "CLUSTER DELSLOTS 5 5", "CLUSTER DELSLOTS 7 abc",
                "CLUSTER DELSLOTSRANGE 10 20 15 16", "CLUSTER DELSLOTSRANGE 3 1", "CLUSTER DELSLOTSRANGE 1 3 abc 4",
                "CLUSTER DELSLOTSRANGE 1 3 4 16384", "CLUSTER COUNTKEYSINSLOT 1",
                "CLUSTER DELSLOTS 100 200", "CLUSTER DELSLOTS 100", "CLUSTER DELSLOTSRANGE 99 101",
                "CLUSTER DELSLOTSRANGE 200 200", "CLUSTER ADDSLOTS 100 201", "CLUSTER ADDSLOTS 200 200",
                "CLUSTER ADDSLOTSRANGE 100 100 200 200 200 200", "CLUSTER ADDSLOTS 100 100 abc");
        sameClusterInfo();
        sameSlots();
        script("CLUSTER ADDSLOTSRANGE 100 100 200 200");
        sameClusterInfo();
        sameSlots();
    }

    @Test
    void aDeletedSlotTakesTheClusterDownUntilAddedBack() {
        slotsToAddBack = new int[] {12182};
        script("SET foo bar", "SET bar foo", "CLUSTER DELSLOTS 12182");
        sameClusterInfo();
        sameSlots();
        script("GET foo", "GET bar", "SET foo x", "CLUSTER COUNTKEYSINSLOT 12182", "DBSIZE", "CLUSTER KEYSLOT foo",
                "CLUSTER DELSLOTS 12182", "CLUSTER ADDSLOTS 12182", "GET foo", "GET bar");
        sameClusterInfo();
        sameSlots();
        script("CLUSTER DELSLOTSRANGE 12182 12182", "MGET {foo}a {foo}b", "EXISTS bar",
                "CLUSTER ADDSLOTSRANGE 12182 12182", "EXISTS bar", "GET foo");
        sameClusterInfo();
    }

    @Test
    void deletingASlotUnsubscribesItsShardChannels() throws Exception {
        slotsToAddBack = new int[] {12182};
        sameOnBoth((connect, t) -> {
            try (RespClient sub = connect.get(); RespClient sub3 = connect.get(); RespClient admin = connect.get()) {
                sub3.call("HELLO", "3");
                t.add(sub.call("SSUBSCRIBE", "foo"));
                t.add(sub3.call("SSUBSCRIBE", "foo", "{foo}2"));
                t.add(sub3.readReply());
                t.add(sub.call("SSUBSCRIBE", "bar"));
                t.add(admin.call("CLUSTER", "DELSLOTS", FOO_SLOT));
                t.add(sub.readReply());
                t.add(sub3.readReply());
                t.add(sub3.readReply());
                t.add(admin.call("SPUBLISH", "foo", "x"));
                t.add(admin.call("PUBSUB", "SHARDNUMSUB", "foo", "bar"));
                t.add(admin.call("CLUSTER", "ADDSLOTS", FOO_SLOT));
                t.add(admin.call("SPUBLISH", "foo", "x"));
                t.add(admin.call("SPUBLISH", "bar", "y"));
                t.add(sub.readReply());
                t.add(sub3.call("PING"));
            }
        });
    }

    @Test
    void flushSlotsNeedsAnEmptyKeyspace() {
        addEverySlotBack = true;
        script("SET foo bar", "CLUSTER FLUSHSLOTS", "CLUSTER COUNTKEYSINSLOT 12182", "DEL foo", "CLUSTER FLUSHSLOTS");
        sameClusterInfo();
        sameSlots();
        script("GET foo", "CLUSTER FLUSHSLOTS", "CLUSTER DELSLOTS 0", "CLUSTER ADDSLOTSRANGE 0 16383");
        sameSlots();
    }

    @Test
    void epochsFailureReportsAndSavingTheConfig() {
        String[] bumped = replies("CLUSTER", "BUMPEPOCH");
        assertThat(bumped[0]).matches("\\+(BUMPED|STILL) \\d+\r\n");
        assertThat(bumped[1]).isEqualTo("+STILL 1\r\n");
        assertThat(replies("CLUSTER", "BUMPEPOCH")[0]).startsWith("+STILL ");
        script("CLUSTER BUMPEPOCH x", "CLUSTER SET-CONFIG-EPOCH 5", "CLUSTER SET-CONFIG-EPOCH 0",
                "CLUSTER SET-CONFIG-EPOCH -1", "CLUSTER SET-CONFIG-EPOCH abc", "CLUSTER SET-CONFIG-EPOCH 1.5",
                "CLUSTER SET-CONFIG-EPOCH", "CLUSTER SET-CONFIG-EPOCH 1 2", "CLUSTER SAVECONFIG", "CLUSTER SAVECONFIG x",
                "CLUSTER COUNT-FAILURE-REPORTS", "CLUSTER COUNT-FAILURE-REPORTS abc",
                "CLUSTER COUNT-FAILURE-REPORTS 0123456789012345678901234567890123456789",
                "CLUSTER COUNT-FAILURE-REPORTS a b");
        String[] ids = replies("CLUSTER", "MYID");
        String[] reports = callEachSide(countFailureReports(ids[0]), countFailureReports(ids[1]));
        assertThat(reports[1]).isEqualTo(reports[0]).isEqualTo(":0\r\n");
    }

    private static byte[][] countFailureReports(String bulkId) {
        String id = bulkId.split("\r\n")[1];
        return new byte[][] {bytes("CLUSTER"), bytes("COUNT-FAILURE-REPORTS"), bytes(id)};
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** CLUSTER INFO on both sides without the epochs, which differ (see the class comment). */
    private void sameClusterInfo() {
        String[] info = replies("CLUSTER", "INFO");
        assertThat(withoutEpochs(info[1])).isEqualTo(withoutEpochs(info[0]));
    }

    private static String withoutEpochs(String info) {
        return info.replaceAll("cluster_(current|my)_epoch:\\d+\r\n", "").replaceAll("^\\$\\d+\r\n", "");
    }

    /** CLUSTER SLOTS on both sides with the node's address and id left out, and the slot ranges of CLUSTER NODES. */
    private void sameSlots() {
        String[] slots = replies("CLUSTER", "SLOTS");
        assertThat(withoutNode(slots[1])).isEqualTo(withoutNode(slots[0]));
        String[] nodes = replies("CLUSTER", "NODES");
        assertThat(slotsOfNodeLine(nodes[1])).isEqualTo(slotsOfNodeLine(nodes[0]));
    }

    private static String withoutNode(String slots) {
        return slots.replaceAll("\\*4\r\n\\$\\d+\r\n[^\r]*\r\n:\\d+\r\n\\$40\r\n[0-9a-f]{40}\r\n", "*4\r\n<node>\r\n");
    }

    private static String slotsOfNodeLine(String nodes) {
        return nodes.substring(nodes.indexOf(" connected"));
    }
}
