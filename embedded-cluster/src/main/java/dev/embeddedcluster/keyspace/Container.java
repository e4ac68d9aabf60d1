package dev.embeddedcluster.keyspace;

/** A value made of elements (a list, a sorted set): Redis deletes the key when it empties. */
public interface Container {
    boolean isEmpty();
}
