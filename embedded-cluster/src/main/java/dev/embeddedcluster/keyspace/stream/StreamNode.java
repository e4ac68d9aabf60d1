package dev.embeddedcluster.keyspace.stream;

import dev.embeddedcluster.keyspace.ListpackSize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One node of a stream, as Redis stores it: a listpack holding a master entry (the first
 * entry's field names) and then entries, deleted ones included until the node goes. Only its
 * size in bytes and its counts are modelled, since they decide when Redis starts a new node
 * and what approximate trimming removes.
 */
public final class StreamNode {
    final StreamId master;
    private final byte[][] masterFields;
    final List<StreamEntry> entries = new ArrayList<>();
    int live;
    int deleted;
    private int entryBytes;

    StreamNode(StreamId master, byte[][] fieldsAndValues) {
        this.master = master;
        this.masterFields = new byte[fieldsAndValues.length / 2][];
        for (int i = 0; i < masterFields.length; i++) {
            masterFields[i] = fieldsAndValues[2 * i];
        }
    }

    private StreamNode(byte[][] masterFields, StreamId master) {
        this.master = master;
        this.masterFields = masterFields;
    }

    static StreamNode withMasterFields(StreamId master, byte[][] masterFields) {
        return new StreamNode(masterFields, master);
    }

    /** The ID the node is keyed by, from which its entries' IDs are counted. */
    public StreamId master() {
        return master;
    }

    /** The field names of the node's master entry. */
    public byte[][] masterFields() {
        return masterFields;
    }

    /** Every entry the node holds, deleted ones included, in ID order. */
    public List<StreamEntry> entries() {
        return entries;
    }

    public int live() {
        return live;
    }

    public int deleted() {
        return deleted;
    }

    /** For loading a stored stream: appends an entry, deleted or not. */
    public void appendLoaded(StreamId id, byte[][] fieldsAndValues, boolean isDeleted) {
        append(id, fieldsAndValues);
        if (isDeleted) {
            markDeleted(lastEntry());
        }
    }

    /** lpBytes: header, the master entry's counts and fields, the entries. */
    int bytes() {
        int bytes = ListpackSize.EMPTY + ListpackSize.of(live) + ListpackSize.of(deleted)
                + ListpackSize.of(masterFields.length) + ListpackSize.of(0) + entryBytes;
        for (byte[] field : masterFields) {
            bytes += ListpackSize.of(field);
        }
        return bytes;
    }

    void append(StreamId id, byte[][] fieldsAndValues) {
        boolean sameFields = hasMasterFields(fieldsAndValues);
        StreamEntry entry = new StreamEntry(id, fieldsAndValues, sameFields);
        int fields = fieldsAndValues.length / 2;
        int size = ListpackSize.of(sameFields ? 2 : 0) + ListpackSize.of(id.ms() - master.ms())
                + ListpackSize.of(id.seq() - master.seq());
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            if (!sameFields) {
                size += ListpackSize.of(fieldsAndValues[i]);
            }
            size += ListpackSize.of(fieldsAndValues[i + 1]);
        }
        if (!sameFields) {
            size += ListpackSize.of(fields);
        }
        size += ListpackSize.of(fields + 3 + (sameFields ? 0 : fields + 1));
        entryBytes += size;
        entries.add(entry);
        live++;
    }

    private boolean hasMasterFields(byte[][] fieldsAndValues) {
        if (fieldsAndValues.length / 2 != masterFields.length) {
            return false;
        }
        for (int i = 0; i < masterFields.length; i++) {
            if (!Arrays.equals(masterFields[i], fieldsAndValues[2 * i])) {
                return false;
            }
        }
        return true;
    }

    /** The entry with this ID, deleted or not, or null. */
    StreamEntry find(StreamId id) {
        int low = 0;
        int high = entries.size() - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            int c = entries.get(middle).id().compareTo(id);
            if (c == 0) {
                return entries.get(middle);
            }
            if (c < 0) {
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        return null;
    }

    void markDeleted(StreamEntry entry) {
        entry.deleted = true;
        live--;
        deleted++;
    }

    StreamEntry lastEntry() {
        return entries.get(entries.size() - 1);
    }
}
