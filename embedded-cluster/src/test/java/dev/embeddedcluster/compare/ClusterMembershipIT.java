package dev.embeddedcluster.compare;

import org.junit.jupiter.api.Test;

/**
 * CLUSTER MEET, FORGET, REPLICATE and RESET against the oracle, where their replies need no node
 * id: how each checks its arguments, and RESET on a master that holds keys. What succeeds (a MEET
 * that joins, a REPLICATE, a FORGET) changes the oracle's cluster, so it is tested against the
 * emulator alone, in {@code e2e.ClusterMembershipClusterIT}, with the replies measured on
 * redis-server 7.0.15 processes.
 */
class ClusterMembershipIT extends ComparisonSupport {

    @Test
    void meetChecksThePortsThenTheAddress() {
        script("CLUSTER MEET", "CLUSTER MEET 127.0.0.1", "CLUSTER MEET 127.0.0.1 abc", "CLUSTER MEET 127.0.0.1 7000 abc",
                "CLUSTER MEET 127.0.0.1 abc def", "CLUSTER MEET 300.1.1.1 7000", "CLUSTER MEET localhost 7000",
                "CLUSTER MEET 127.0.0.1 0", "CLUSTER MEET 127.0.0.1 -5", "CLUSTER MEET 127.0.0.1 65536",
                "CLUSTER MEET 127.0.0.1 7000 70000", "CLUSTER MEET 127.0.0.1 7000 0", "CLUSTER MEET 127.0.0.1 7000 1 2",
                "CLUSTER MEET ::1 99999", "CLUSTER MEET 1.2.3 7000");
    }

    @Test
    void forgetAndReplicateNeedANodeTheyKnow() {
        script("CLUSTER FORGET", "CLUSTER FORGET abc", "CLUSTER FORGET a b", "CLUSTER REPLICATE",
                "CLUSTER REPLICATE abc", "CLUSTER REPLICATE a b");
    }

    @Test
    void resetTakesSoftOrHardAndRefusesAMasterWithKeys() {
        script("CLUSTER RESET foo", "CLUSTER RESET soft hard", "CLUSTER RESET SOFT extra words", "SET foo bar",
                "CLUSTER RESET", "CLUSTER RESET HARD", "CLUSTER RESET soft", "DEL foo");
    }
}
