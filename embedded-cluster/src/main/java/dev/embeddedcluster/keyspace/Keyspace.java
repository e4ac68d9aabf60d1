package dev.embeddedcluster.keyspace;

import dev.embeddedcluster.util.Clock;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * One node's database: a hash map per slot, so that slot queries and migration touch only their
 * slot, with lazy and active expiry driven by the cluster's clock. Used only on the node's thread.
 *
 * <p>On a master an expired key is deleted when it is met and the deletion reported to the
 * {@link ExpiryListener} (which replicates it as DEL). On a replica, as in Redis, an expired key
 * merely reads as absent until the master's DEL arrives.
 */
public final class Keyspace {
    /** Elements of an aggregate priced when a write touches it; the others are taken to be like them. */
    private static final int ACCOUNTING_SAMPLES = 16;
    private final Clock clock;
    private final EncodingLimits limits = new EncodingLimits();
    @SuppressWarnings("unchecked")
    private final HashMap<Key, Entry>[] slots = new HashMap[KeySlot.SLOTS];
    private final SlotEntries entries = new SlotEntries();
    private final PriorityQueue<Expiration> expirations = new PriorityQueue<>();
    private final Key probe = new Key(new byte[0]);
    private int size;
    private final VolatileEntries volatiles = new VolatileEntries();
    private boolean master = true;
    private boolean expiryPaused;
    private boolean applyingMasterStream;
    private boolean trackFrequency;
    /** Whether the keys' memory is priced as they are written (while maxmemory is set). */
    private boolean accounting;
    /** The sum of the entries' {@link Entry#accountedBytes}, while accounting. */
    private long datasetBytes;
    private ExpiryListener expiryListener = key -> { };
    private Consumer<byte[]> creationListener;
    private Consumer<byte[]> missListener;

    private long hits;
    private long misses;

    /** The encoding thresholds of this node's values (CONFIG's hash-max-listpack-entries and the like). */
    public EncodingLimits limits() {
        return limits;
    }

    public Keyspace(Clock clock) {
        this.clock = clock;
    }

    public void expiryListener(ExpiryListener listener) {
        this.expiryListener = listener;
    }

    /** Told of each key created (null: nobody listens, the common case). */
    public void creationListener(Consumer<byte[]> listener) {
        this.creationListener = listener;
    }

    /** Told of each key a read finds absent (null: nobody listens, the common case). */
    public void missListener(Consumer<byte[]> listener) {
        this.missListener = listener;
    }

    /** Masters delete what expired; replicas only hide it and wait for the master's DEL. */
    public void masterMode(boolean master) {
        this.master = master;
    }

    /**
     * While clients are paused (CLIENT PAUSE), a master deletes no expired key either, as Redis
     * would otherwise propagate DELs meanwhile: they read as absent and go once it ends.
     */
    public void pauseExpiry(boolean paused) {
        this.expiryPaused = paused;
    }

    /**
     * While a replica applies its master's stream, keys count as live until the master deletes
     * them, as Redis exempts the master link from expiry.
     */
    public void applyingMasterStream(boolean applying) {
        this.applyingMasterStream = applying;
    }

    /** Whether the command running came from this replica's master (Redis's mustObeyClient). */
    public boolean isApplyingMasterStream() {
        return applyingMasterStream;
    }

    /** Counts accesses per key for OBJECT FREQ, as Redis does under an LFU maxmemory-policy. */
    public void trackFrequency(boolean track) {
        this.trackFrequency = track;
    }

    /**
     * Turns the memory estimate of the dataset on or off. Turned on, every key is priced once;
     * from then on {@link #account} prices the keys writes touch and deletions take their share
     * off, so {@link #datasetBytes} costs nothing. Off, nothing is priced on writes.
     */
    public void accounting(boolean on) {
        if (on && !accounting) {
            datasetBytes = 0;
            for (HashMap<Key, Entry> map : slots) {
                if (map != null) {
                    for (Entry e : map.values()) {
                        e.accountedBytes = MemoryEstimate.ofEntry(e, ACCOUNTING_SAMPLES);
                        datasetBytes += e.accountedBytes;
                    }
                }
            }
        }
        accounting = on;
    }

    public boolean accounting() {
        return accounting;
    }

    /** Prices a key a write touched again (nothing when it is gone: its deletion took its share off). */
    public void account(byte[] key) {
        HashMap<Key, Entry> map = slots[KeySlot.of(key)];
        if (map == null) {
            return;
        }
        probe.reset(key);
        Entry e = map.get(probe);
        if (e != null) {
            long bytes = MemoryEstimate.ofEntry(e, ACCOUNTING_SAMPLES);
            datasetBytes += bytes - e.accountedBytes;
            e.accountedBytes = bytes;
        }
    }

    /**
     * The memory estimate of every stored key (expired ones not yet reclaimed too, as in Redis):
     * kept up to date while accounting, otherwise priced now, key by key.
     */
    public long datasetBytes() {
        if (accounting) {
            return datasetBytes;
        }
        long bytes = 0;
        for (HashMap<Key, Entry> map : slots) {
            if (map != null) {
                for (Entry e : map.values()) {
                    bytes += MemoryEstimate.ofEntry(e, ACCOUNTING_SAMPLES);
                }
            }
        }
        return bytes;
    }

    public long now() {
        return clock.currentTimeMillis();
    }

    /** The live entry for a key, or null; touches its access time. */
    public Entry lookup(byte[] key) {
        Entry e = find(key);
        if (e != null) {
            long now = clock.currentTimeMillis();
            e.lastAccessMillis = now;
            if (trackFrequency) {
                AccessFrequency.touch(e, now);
            }
        }
        return e;
    }

    /**
     * A read of a key (Redis's lookupKeyRead): the live entry, touched, or null, which the miss
     * listener hears of. Commands that go on to write the key use {@link #lookup} instead.
     */
    public Entry read(byte[] key) {
        Entry e = lookup(key);
        counted(key, e);
        return e;
    }

    /** A read's outcome in the hit and miss counts (INFO's keyspace_hits and keyspace_misses), a miss told to the listener. */
    private void counted(byte[] key, Entry e) {
        if (e != null) {
            hits++;
            return;
        }
        misses++;
        if (missListener != null) {
            missListener.accept(key);
        }
    }

    /** The reads that found their key since the counts were last reset. */
    public long hits() {
        return hits;
    }

    /** The reads that did not find their key since the counts were last reset. */
    public long misses() {
        return misses;
    }

    /** CONFIG RESETSTAT: the hit and miss counts start again. */
    public void resetReadCounts() {
        hits = 0;
        misses = 0;
    }

    /** A read that leaves the access time alone (EXISTS, TYPE, TTL): misses are heard of. */
    public Entry readUntouched(byte[] key) {
        Entry e = find(key);
        counted(key, e);
        return e;
    }

    /** OBJECT's read: counted as a hit or miss, but no access time and no key-miss event, as in Redis. */
    public Entry inspect(byte[] key) {
        Entry e = find(key);
        if (e != null) {
            hits++;
        } else {
            misses++;
        }
        return e;
    }

    /** The live entry for a key, or null, leaving its access time alone (TTL, TYPE, OBJECT). */
    public Entry peek(byte[] key) {
        return find(key);
    }

    public boolean exists(byte[] key) {
        return find(key) != null;
    }

    /** Whether the key is stored, expired or not: no lazy expiry happens here (WATCH's checks). */
    public boolean isStored(byte[] key) {
        return stored(key) != null;
    }

    /** Whether the key is stored but past its expiry time, not yet deleted. */
    public boolean isLogicallyExpired(byte[] key) {
        Entry e = stored(key);
        return e != null && e.expireAtMillis != Entry.NO_EXPIRY && e.expireAtMillis <= clock.currentTimeMillis();
    }

    /** The stored entry, expired or not, untouched (eviction's candidates). */
    public Entry stored(byte[] key) {
        HashMap<Key, Entry> map = slots[KeySlot.of(key)];
        return map == null ? null : map.get(new Key(key));
    }

    private Entry find(byte[] key) {
        HashMap<Key, Entry> map = slots[KeySlot.of(key)];
        if (map == null) {
            return null;
        }
        probe.reset(key);
        Entry e = map.get(probe);
        if (e == null) {
            return null;
        }
        if (e.expireAtMillis != Entry.NO_EXPIRY && !applyingMasterStream && e.expireAtMillis <= clock.currentTimeMillis()) {
            if (master && !expiryPaused) {
                expire(map, e);
            }
            return null;
        }
        return e;
    }

    /** Stores a value with no TTL, replacing whatever the key held (SET semantics). */
    public Entry put(byte[] key, Object value) {
        return put(key, value, Entry.NO_EXPIRY);
    }

    /** Stores a value with the given absolute expiry (or {@link Entry#NO_EXPIRY}). */
    public Entry put(byte[] key, Object value, long expireAtMillis) {
        int slot = KeySlot.of(key);
        HashMap<Key, Entry> map = slots[slot];
        if (map == null) {
            map = slots[slot] = new HashMap<>();
        }
        probe.reset(key);
        Entry e = map.get(probe);
        long now = clock.currentTimeMillis();
        if (e != null && master && !applyingMasterStream && e.expireAtMillis != Entry.NO_EXPIRY
                && e.expireAtMillis <= now) {
            // Its time came: it expires (as Redis's write lookup makes it) and a new key takes its place.
            expire(map, e);
            e = null;
        }
        if (e == null) {
            Key k = new Key(key);
            e = new Entry(k, value, now);
            map.put(k, e);
            entries.add(slot, e);
            size++;
            if (creationListener != null) {
                creationListener.accept(key);
            }
        } else {
            e.value = value;
            e.rawEncoding = false;
            e.lastAccessMillis = now;
            if (e.expireAtMillis != Entry.NO_EXPIRY) {
                volatiles.remove(e);
                e.expireAtMillis = Entry.NO_EXPIRY;
            }
        }
        if (expireAtMillis != Entry.NO_EXPIRY) {
            expireAt(e, expireAtMillis);
        }
        return e;
    }

    /** Replaces an entry's value and keeps its TTL (KEEPTTL, INCR, APPEND, SETRANGE). */
    public void update(Entry entry, Object value) {
        entry.value = value;
        entry.rawEncoding = false;
    }

    /** Replaces a string as changed in place (APPEND, SETRANGE): Redis then keeps it raw. */
    public void updateInPlace(Entry entry, byte[] value) {
        entry.value = value;
        entry.rawEncoding = true;
    }

    /**
     * RESTORE's IDLETIME and FREQ: under an LFU policy the frequency counter is set (when
     * given), under any other the idle time.
     */
    public void restoreAccess(Entry entry, boolean lfu, long idleSeconds, long frequency) {
        if (lfu) {
            if (frequency >= 0) {
                entry.lfuCounter = (int) frequency;
                entry.lfuMinutes = AccessFrequency.minutes(clock.currentTimeMillis());
            }
        } else if (idleSeconds >= 0) {
            entry.lastAccessMillis = clock.currentTimeMillis() - idleSeconds * 1000;
        }
    }

    /** COPY: the copy keeps the original's encoding. */
    public void copyEncoding(Entry from, Entry to) {
        to.rawEncoding = from.rawEncoding;
    }

    public void expireAt(Entry entry, long expireAtMillis) {
        if (entry.expireAtMillis == Entry.NO_EXPIRY) {
            volatiles.add(entry);
        }
        entry.expireAtMillis = expireAtMillis;
        expirations.add(new Expiration(expireAtMillis, entry.key));
        if (expirations.size() > 2 * volatiles.size() + 1024) {
            rebuildExpirations();
        }
    }

    /** Removes a key's TTL; true when it had one. */
    public boolean persist(Entry entry) {
        if (entry.expireAtMillis == Entry.NO_EXPIRY) {
            return false;
        }
        entry.expireAtMillis = Entry.NO_EXPIRY;
        volatiles.remove(entry);
        return true;
    }

    /** Deletes a live key; true when it existed. */
    public boolean delete(byte[] key) {
        Entry e = find(key);
        if (e == null) {
            return false;
        }
        remove(slots[KeySlot.of(key)], e);
        return true;
    }

    private void remove(HashMap<Key, Entry> map, Entry e) {
        map.remove(e.key);
        entries.remove(KeySlot.of(e.key.bytes()), e);
        datasetBytes -= e.accountedBytes;
        size--;
        if (e.expireAtMillis != Entry.NO_EXPIRY) {
            volatiles.remove(e);
        }
    }

    private void expire(HashMap<Key, Entry> map, Entry e) {
        remove(map, e);
        expiryListener.expired(e.key.bytes());
    }

    /** Deletes every key. */
    public void clear() {
        java.util.Arrays.fill(slots, null);
        entries.clear();
        expirations.clear();
        size = 0;
        volatiles.clear();
        datasetBytes = 0;
    }

    /** Keys stored, including expired ones not yet reclaimed, as Redis's DBSIZE counts them. */
    public int size() {
        return size;
    }

    public int volatileKeys() {
        return volatiles.size();
    }

    public int countInSlot(int slot) {
        HashMap<Key, Entry> map = slots[slot];
        return map == null ? 0 : map.size();
    }

    public List<byte[]> keysInSlot(int slot, int max) {
        HashMap<Key, Entry> map = slots[slot];
        List<byte[]> keys = new ArrayList<>();
        if (map != null) {
            for (Key k : map.keySet()) {
                if (keys.size() >= max) {
                    break;
                }
                keys.add(k.bytes());
            }
        }
        return keys;
    }

    /** Visits every live entry of one slot. */
    public void forEachInSlot(int slot, Consumer<Entry> visitor) {
        HashMap<Key, Entry> map = slots[slot];
        if (map == null) {
            return;
        }
        long now = clock.currentTimeMillis();
        for (Entry e : map.values()) {
            if (e.expireAtMillis == Entry.NO_EXPIRY || e.expireAtMillis > now) {
                visitor.accept(e);
            }
        }
    }

    /**
     * One SCAN step: visits about {@code count} live entries from {@code cursor} on and returns
     * the cursor to continue from, 0 once every slot is done (see {@link SlotEntries#scan}).
     */
    public long scan(long cursor, long count, Consumer<Entry> visitor) {
        long now = clock.currentTimeMillis();
        return entries.scan(cursor, count, e -> {
            if (e.expireAtMillis == Entry.NO_EXPIRY || e.expireAtMillis > now) {
                visitor.accept(e);
            }
        });
    }

    /** Visits every live entry. */
    public void forEach(Consumer<Entry> visitor) {
        for (int slot = 0; slot < KeySlot.SLOTS; slot++) {
            forEachInSlot(slot, visitor);
        }
    }

    /** A random live key, or null when there is none: a uniform pick among the stored keys, retried past expired ones. */
    public byte[] randomKey() {
        for (int attempt = 0; attempt < 100 && size > 0; attempt++) {
            byte[] key = entries.random().key.bytes();
            if (find(key) != null) {
                return key;
            }
        }
        return null;
    }

    /**
     * Eviction: deletes a stored key, expired or not, without an expiry event; true when it was
     * there. The caller tells whoever must know.
     */
    public boolean evict(byte[] key) {
        HashMap<Key, Entry> map = slots[KeySlot.of(key)];
        Entry e = map == null ? null : map.get(new Key(key));
        if (e == null) {
            return false;
        }
        remove(map, e);
        return true;
    }

    /**
     * Fills {@code out} with up to its length stored entries taken from a random place, as Redis
     * samples a few neighbouring keys of its dictionary for eviction: from every key, or only
     * from keys with a TTL. Keys past their time and not yet reclaimed may be among them, as in
     * Redis. Returns how many were taken.
     */
    public int sample(boolean withTtlOnly, Entry[] out) {
        return withTtlOnly ? sampleWithTtl(out) : sampleAll(out);
    }

    /** Neighbouring entries from a random one on, in the order of slots, in time proportional to the sample. */
    private int sampleAll(Entry[] out) {
        return entries.fromRandom(out);
    }

    private int sampleWithTtl(Entry[] out) {
        return volatiles.sample(out);
    }

    /**
     * Reclaims keys whose time has come, at most {@code budget} of them, as Redis's active expire
     * cycle does. Only masters reclaim. Returns how many keys expired.
     */
    public int expireDue(int budget) {
        if (!master || expiryPaused) {
            return 0;
        }
        long now = clock.currentTimeMillis();
        int expired = 0;
        while (expired < budget) {
            Expiration head = expirations.peek();
            if (head == null || head.atMillis > now) {
                break;
            }
            expirations.poll();
            HashMap<Key, Entry> map = slots[KeySlot.of(head.key.bytes())];
            Entry e = map == null ? null : map.get(head.key);
            if (e != null && e.expireAtMillis == head.atMillis) {
                expire(map, e);
                expired++;
            }
        }
        return expired;
    }

    private void rebuildExpirations() {
        expirations.clear();
        for (HashMap<Key, Entry> map : slots) {
            if (map == null) {
                continue;
            }
            for (Entry e : map.values()) {
                if (e.expireAtMillis != Entry.NO_EXPIRY) {
                    expirations.add(new Expiration(e.expireAtMillis, e.key));
                }
            }
        }
    }

    /** Told of each key a master reclaims because its time came. */
    @FunctionalInterface
    public interface ExpiryListener {
        void expired(byte[] key);
    }

    private record Expiration(long atMillis, Key key) implements Comparable<Expiration> {
        @Override
        public int compareTo(Expiration other) {
            return Long.compare(atMillis, other.atMillis);
        }
    }
}
