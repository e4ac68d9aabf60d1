package dev.embeddedcluster.keyspace;

import java.util.Arrays;

/** A key's bytes with their hash, for use in hash maps. The bytes are never modified. */
public final class Key {
    private byte[] bytes;
    private int hash;

    public Key(byte[] bytes) {
        reset(bytes);
    }

    /** Repoints a lookup probe; only probes that never enter a map are reset. */
    void reset(byte[] newBytes) {
        this.bytes = newBytes;
        this.hash = Arrays.hashCode(newBytes);
    }

    public byte[] bytes() {
        return bytes;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Key k && k.hash == hash && Arrays.equals(k.bytes, bytes);
    }

    @Override
    public String toString() {
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }
}
