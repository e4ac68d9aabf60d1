package dev.embeddedcluster.keyspace;

import dev.embeddedcluster.ManualClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KeyspaceTest {
    private final ManualClock clock = new ManualClock(Instant.ofEpochMilli(1_000_000));
    private final List<String> expired = new ArrayList<>();
    private Keyspace keyspace;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @BeforeEach
    void create() {
        keyspace = new Keyspace(clock);
        keyspace.expiryListener(key -> expired.add(new String(key, StandardCharsets.UTF_8)));
    }

    @Test
    void putReplacesValueAndClearsTtl() {
        keyspace.put(b("k"), b("v1"), clock.currentTimeMillis() + 100);
        Entry e = keyspace.put(b("k"), b("v2"));
        assertThat(e.hasExpiry()).isFalse();
        assertThat((byte[]) keyspace.lookup(b("k")).value()).isEqualTo(b("v2"));
        assertThat(keyspace.size()).isEqualTo(1);
        assertThat(keyspace.volatileKeys()).isZero();
    }

    @Test
    void masterDeletesExpiredKeysWhenMetAndReportsThem() {
        keyspace.put(b("k"), b("v"), clock.currentTimeMillis() + 100);
        clock.advance(Duration.ofMillis(99));
        assertThat(keyspace.lookup(b("k"))).isNotNull();
        clock.advance(Duration.ofMillis(1));
        assertThat(keyspace.lookup(b("k"))).isNull();
        assertThat(keyspace.size()).isZero();
        assertThat(expired).containsExactly("k");
    }

    @Test
    void replicaHidesExpiredKeysButKeepsThemForTheMastersDel() {
        keyspace.masterMode(false);
        keyspace.put(b("k"), b("v"), clock.currentTimeMillis() + 100);
        clock.advance(Duration.ofMillis(150));
        assertThat(keyspace.lookup(b("k"))).isNull();
        assertThat(keyspace.expireDue(100)).isZero();
        assertThat(keyspace.size()).isEqualTo(1);
        assertThat(expired).isEmpty();
    }

    @Test
    void activeExpiryReclaimsDueKeysInTimeOrderWithinBudget() {
        for (int i = 0; i < 10; i++) {
            keyspace.put(b("k" + i), b("v"), clock.currentTimeMillis() + 10 + i);
        }
        keyspace.put(b("forever"), b("v"));
        clock.advance(Duration.ofMillis(14));
        assertThat(keyspace.expireDue(3)).isEqualTo(3);
        assertThat(expired).containsExactly("k0", "k1", "k2");
        assertThat(keyspace.expireDue(100)).isEqualTo(2);
        assertThat(keyspace.size()).isEqualTo(6);
    }

    @Test
    void changedOrRemovedTtlIsNotExpiredByItsOldDeadline() {
        Entry e = keyspace.put(b("later"), b("v"), clock.currentTimeMillis() + 10);
        keyspace.expireAt(e, clock.currentTimeMillis() + 1000);
        Entry p = keyspace.put(b("persisted"), b("v"), clock.currentTimeMillis() + 10);
        keyspace.persist(p);
        clock.advance(Duration.ofMillis(20));
        assertThat(keyspace.expireDue(100)).isZero();
        assertThat(keyspace.size()).isEqualTo(2);
    }

    @Test
    void countsAndListsKeysPerSlot() {
        keyspace.put(b("{user1000}.following"), b("1"));
        keyspace.put(b("{user1000}.followers"), b("2"));
        keyspace.put(b("other"), b("3"));
        int slot = KeySlot.of(b("user1000"));
        assertThat(keyspace.countInSlot(slot)).isEqualTo(2);
        assertThat(keyspace.keysInSlot(slot, 10)).extracting(k -> new String(k, StandardCharsets.UTF_8))
                .containsExactlyInAnyOrder("{user1000}.following", "{user1000}.followers");
        assertThat(keyspace.keysInSlot(slot, 1)).hasSize(1);
    }

    @Test
    void deleteAndClear() {
        keyspace.put(b("a"), b("1"), clock.currentTimeMillis() + 100);
        keyspace.put(b("b"), b("2"));
        assertThat(keyspace.delete(b("a"))).isTrue();
        assertThat(keyspace.delete(b("a"))).isFalse();
        assertThat(keyspace.volatileKeys()).isZero();
        keyspace.clear();
        assertThat(keyspace.size()).isZero();
        assertThat(keyspace.randomKey()).isNull();
    }

    @Test
    void randomKeyReturnsALiveKey() {
        keyspace.put(b("a"), b("1"));
        assertThat(keyspace.randomKey()).isEqualTo(b("a"));
    }

    @Test
    void keySlotFollowsTheClusterSpec() {
        assertThat(KeySlot.of(b("sample2"))).isEqualTo(12364);
        assertThat(KeySlot.of(b("foo"))).isEqualTo(12182);
        assertThat(KeySlot.of(b("{user1000}.following"))).isEqualTo(3443);
        assertThat(KeySlot.of(b("foo{}{bar}"))).isEqualTo(8363);
        assertThat(KeySlot.of(b("foo{{bar}}zap"))).isEqualTo(KeySlot.of(b("{bar")));
        assertThat(KeySlot.of(b("foo{bar}{zap}"))).isEqualTo(KeySlot.of(b("bar")));
        assertThat(KeySlot.of(b(""))).isZero();
    }
}
