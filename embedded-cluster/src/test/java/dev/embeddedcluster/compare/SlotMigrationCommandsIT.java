package dev.embeddedcluster.compare;

import org.junit.jupiter.api.Test;

/**
 * The replies of CLUSTER SETSLOT, CLUSTER FAILOVER and MIGRATE that a single master owning every
 * slot can give, against the oracle (also such a master): argument checks, refusals and MIGRATE's
 * answers before it reaches a target. Moves between masters follow the reference transcripts in
 * {@code cluster.SlotMigrationTranscriptIT}.
 */
class SlotMigrationCommandsIT extends ComparisonSupport {

    @Test
    void setSlotChecksItsArgumentsAsRedisDoes() {
        script("CLUSTER SETSLOT 99999 STABLE", "CLUSTER SETSLOT -1 STABLE", "CLUSTER SETSLOT abc STABLE",
                "CLUSTER SETSLOT +5 STABLE", "CLUSTER SETSLOT 5 foo", "CLUSTER SETSLOT 5 MIGRATING",
                "CLUSTER SETSLOT 5 STABLE extra", "CLUSTER SETSLOT 5 NODE", "CLUSTER SETSLOT 5 MIGRATING abc",
                "CLUSTER SETSLOT 5 IMPORTING abc", "CLUSTER SETSLOT 5 NODE abc", "CLUSTER SETSLOT 5 STABLE",
                "CLUSTER SETSLOT 5 importing abc", "CLUSTER SETSLOT");
    }

    @Test
    void aMasterRefusesToFailOver() {
        script("CLUSTER FAILOVER", "CLUSTER FAILOVER FORCE", "CLUSTER FAILOVER takeover", "CLUSTER FAILOVER maybe",
                "CLUSTER FAILOVER FORCE TAKEOVER");
    }

    @Test
    void migrateChecksItsArgumentsBeforeConnecting() {
        script("SET foo bar", "SET {foo}2 x",
                "MIGRATE 127.0.0.1 1 foo 0 1000 KEYS foo", "MIGRATE 127.0.0.1 1 foo 0 1000 bogus",
                "MIGRATE 127.0.0.1 1 foo 0 1000 AUTH", "MIGRATE 127.0.0.1 1 foo 0 1000 AUTH2 user",
                "MIGRATE 127.0.0.1 1 foo 0 abc", "MIGRATE 127.0.0.1 1 foo x 1000", "MIGRATE 127.0.0.1 1 missing 0 1000",
                "MIGRATE 127.0.0.1 1 foo 0 1000 COPY REPLACE KEYS", "MIGRATE 127.0.0.1 1 foo 0 1000",
                "MIGRATE 127.0.0.1 1", "COMMAND GETKEYS MIGRATE 127.0.0.1 1 foo 0 1000", "GET foo");
        same("MIGRATE", "127.0.0.1", "1", "", "0", "1000", "KEYS", "{a}1", "{a}2");
        same("MIGRATE", "127.0.0.1", "1", "", "0", "1000", "KEYS", "a", "b");
        same("MIGRATE", "127.0.0.1", "1", "", "0", "1000", "KEYS", "foo", "{foo}2");
        same("COMMAND", "GETKEYS", "MIGRATE", "127.0.0.1", "1", "", "0", "1000", "KEYS", "{a}1", "{a}2");
        same("EXISTS", "foo");
    }
}
