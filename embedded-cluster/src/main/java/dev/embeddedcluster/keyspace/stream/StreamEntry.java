package dev.embeddedcluster.keyspace.stream;

/** One entry: its ID and its fields and values, alternating. Immutable but for the deletion mark. */
public final class StreamEntry {
    private final StreamId id;
    private final byte[][] fieldsAndValues;
    private final boolean sameFieldsAsMaster;
    boolean deleted;

    StreamEntry(StreamId id, byte[][] fieldsAndValues, boolean sameFieldsAsMaster) {
        this.id = id;
        this.fieldsAndValues = fieldsAndValues;
        this.sameFieldsAsMaster = sameFieldsAsMaster;
    }

    public StreamId id() {
        return id;
    }

    /** Field, value, field, value... */
    public byte[][] fieldsAndValues() {
        return fieldsAndValues;
    }

    /** Whether its field names are those of its node's master entry (stored without them). */
    public boolean sameFieldsAsMaster() {
        return sameFieldsAsMaster;
    }

    /** A deleted entry, kept in its node until the node goes. */
    public boolean isDeleted() {
        return deleted;
    }
}
