package dev.embeddedcluster.command.streams;

import dev.embeddedcluster.command.CommandHandler;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.command.TypedRead;
import dev.embeddedcluster.command.notifications.EventClass;
import dev.embeddedcluster.keyspace.stream.StreamEntry;
import dev.embeddedcluster.keyspace.stream.StreamId;
import dev.embeddedcluster.keyspace.stream.StreamValue;
import dev.embeddedcluster.resp.RespWriter;
import dev.embeddedcluster.util.RedisNumbers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

/** The stream commands on entries (Redis's t_stream.c): XADD, XLEN, XRANGE, XREVRANGE, XDEL, XTRIM, XSETID. */
public final class StreamCommands {
    private StreamCommands() {
    }

    public static void register(BiConsumer<String, CommandHandler> registry) {
        registry.accept("xadd", StreamCommands::add);
        registry.accept("xlen", StreamCommands::length);
        registry.accept("xrange", r -> range(r, false));
        registry.accept("xrevrange", r -> range(r, true));
        registry.accept("xdel", StreamCommands::delete);
        registry.accept("xtrim", StreamCommands::trim);
        registry.accept("xsetid", StreamCommands::setId);
        StreamReads.register(registry);
        GroupCommands.register(registry);
        StreamInfo.register(registry);
    }

    /** Marks "the key holds another type; WRONGTYPE was replied". */
    static final StreamValue WRONG_TYPE = new StreamValue(new dev.embeddedcluster.keyspace.EncodingLimits());

    /** The stream at a key: null when absent, {@link #WRONG_TYPE} after replying the error. */
    static StreamValue read(Request r, byte[] key) {
        return TypedRead.read(r, key, StreamValue.class, WRONG_TYPE);
    }

    /** The same for a command that writes the stream (no key miss reported). */
    static StreamValue readForWrite(Request r, byte[] key) {
        return TypedRead.forWrite(r, key, StreamValue.class, WRONG_TYPE);
    }

    /** An entry as Redis replies it: [id, [field, value, ...]]. */
    static void writeEntry(RespWriter reply, StreamEntry entry) {
        reply.arrayHeader(2);
        reply.bulk(entry.id().toString());
        byte[][] fieldsAndValues = entry.fieldsAndValues();
        reply.arrayHeader(fieldsAndValues.length);
        for (byte[] element : fieldsAndValues) {
            reply.bulk(element);
        }
    }

    static void writeEntries(RespWriter reply, List<StreamEntry> entries) {
        reply.arrayHeader(entries.size());
        entries.forEach(entry -> writeEntry(reply, entry));
    }

    private static void add(Request r) {
        TrimArguments arguments = TrimArguments.parse(r, true);
        if (arguments == null) {
            return;
        }
        int firstField = arguments.idIndex + 1;
        int fieldArguments = r.argc() - firstField;
        if (fieldArguments < 2 || fieldArguments % 2 == 1) {
            r.reply().error(Errors.wrongArity("xadd"));
            return;
        }
        if (arguments.id != null && arguments.seqGiven && arguments.id.isZero()) {
            r.reply().error(Errors.XADD_ID_ZERO);
            return;
        }
        byte[] key = r.arg(1);
        StreamValue stream = readForWrite(r, key);
        if (stream == WRONG_TYPE) {
            return;
        }
        if (stream == null) {
            if (arguments.noMakeStream) {
                r.reply().nullBulk();
                return;
            }
            stream = new StreamValue(r.keyspace().limits());
            r.keyspace().put(key, stream);
        }
        if (stream.lastId().equals(StreamId.MAX)) {
            r.reply().error(Errors.STREAM_EXHAUSTED);
            return;
        }
        StreamId id = nextId(r, stream, arguments);
        if (id == null || id.compareTo(stream.lastId()) <= 0) {
            r.reply().error(Errors.XADD_ID_TOO_SMALL);
            return;
        }
        stream.append(id, Arrays.copyOfRange(r.args(), firstField, r.argc()));
        r.reply().bulk(id.toString());
        long trimmed = arguments.trim(stream);
        byte[][] replicated = r.args().clone();
        arguments.rewriteForReplicas(replicated, stream);
        replicated[arguments.idIndex] = id.toString().getBytes();
        r.propagate(replicated);
        r.notify(EventClass.STREAM, "xadd", key);
        if (trimmed > 0) {
            r.notify(EventClass.STREAM, "xtrim", key);
        }
        r.node().blockedPops().keyCreated(key);
    }

    /** The ID an XADD gets: the next after the last one for "*" (by the clock), the next sequence for "ms-*". */
    private static StreamId nextId(Request r, StreamValue stream, TrimArguments arguments) {
        StreamId last = stream.lastId();
        if (arguments.id == null) {
            long now = r.now();
            return Long.compareUnsigned(now, last.ms()) > 0 ? new StreamId(now, 0) : last.next();
        }
        if (arguments.seqGiven) {
            return arguments.id;
        }
        if (last.ms() == arguments.id.ms()) {
            return last.seq() == -1L ? null : new StreamId(last.ms(), last.seq() + 1);
        }
        return arguments.id;
    }

    private static void length(Request r) {
        StreamValue stream = read(r, r.arg(1));
        if (stream != WRONG_TYPE) {
            r.reply().integer(stream == null ? 0 : stream.length());
        }
    }

    private static void range(Request r, boolean reverse) {
        StreamId start = StreamIds.intervalStart(r, reverse ? 3 : 2);
        if (start == null) {
            return;
        }
        StreamId end = StreamIds.intervalEnd(r, reverse ? 2 : 3);
        if (end == null) {
            return;
        }
        long count = -1;
        for (int j = 4; j < r.argc(); j++) {
            if (r.is(j, "count") && j + 1 < r.argc()) {
                Long parsed = RedisNumbers.parseLong(r.arg(++j));
                if (parsed == null) {
                    r.reply().error(Errors.NOT_INTEGER);
                    return;
                }
                count = Math.max(parsed, 0);
            } else {
                r.reply().error(Errors.SYNTAX);
                return;
            }
        }
        StreamValue stream = read(r, r.arg(1));
        if (stream == WRONG_TYPE) {
            return;
        }
        if (stream == null) {
            r.reply().arrayHeader(0);
        } else if (count == 0) {
            r.reply().nullArray();
        } else {
            writeEntries(r.reply(), stream.range(start, end, count == -1 ? 0 : count, reverse));
        }
    }

    private static void delete(Request r) {
        StreamValue stream = readForWrite(r, r.arg(1));
        if (stream == WRONG_TYPE) {
            return;
        }
        if (stream == null) {
            r.reply().integer(0);
            return;
        }
        List<StreamId> ids = new ArrayList<>();
        for (int j = 2; j < r.argc(); j++) {
            StreamId id = StreamIds.parseOrReply(r, j, 0, true);
            if (id == null) {
                return;
            }
            ids.add(id);
        }
        int deleted = stream.delete(ids);
        if (deleted > 0) {
            r.propagateChanges(deleted);
            r.notify(EventClass.STREAM, "xdel", r.arg(1));
        }
        r.reply().integer(deleted);
    }

    private static void trim(Request r) {
        TrimArguments arguments = TrimArguments.parse(r, false);
        if (arguments == null) {
            return;
        }
        StreamValue stream = readForWrite(r, r.arg(1));
        if (stream == WRONG_TYPE) {
            return;
        }
        if (stream == null) {
            r.reply().integer(0);
            return;
        }
        long deleted = arguments.trim(stream);
        if (deleted > 0) {
            byte[][] replicated = r.args().clone();
            arguments.rewriteForReplicas(replicated, stream);
            r.propagateChanges(deleted, replicated);
            r.notify(EventClass.STREAM, "xtrim", r.arg(1));
        }
        r.reply().integer(deleted);
    }

    private static void setId(Request r) {
        StreamId id = StreamIds.parseOrReply(r, 2, 0, true);
        if (id == null) {
            return;
        }
        Long entriesAdded = null;
        StreamId maxDeleted = StreamId.ZERO;
        for (int i = 3; i < r.argc(); i += 2) {
            boolean hasValue = i + 1 < r.argc();
            if (r.is(i, "entriesadded") && hasValue) {
                entriesAdded = RedisNumbers.parseLong(r.arg(i + 1));
                if (entriesAdded == null) {
                    r.reply().error(Errors.NOT_INTEGER);
                    return;
                }
                if (entriesAdded < 0) {
                    r.reply().error(Errors.ENTRIES_ADDED_NEGATIVE);
                    return;
                }
            } else if (r.is(i, "maxdeletedid") && hasValue) {
                maxDeleted = StreamIds.parseOrReply(r, i + 1, 0, true);
                if (maxDeleted == null) {
                    return;
                }
                if (id.compareTo(maxDeleted) < 0) {
                    r.reply().error(Errors.XSETID_BELOW_MAX_DELETED);
                    return;
                }
            } else {
                r.reply().error(Errors.SYNTAX);
                return;
            }
        }
        StreamValue stream = readForWrite(r, r.arg(1));
        if (stream == WRONG_TYPE) {
            return;
        }
        if (stream == null) {
            r.reply().error(Errors.NO_SUCH_KEY);
            return;
        }
        if (stream.length() > 0) {
            if (id.compareTo(stream.lastLiveId()) < 0) {
                r.reply().error(Errors.XSETID_BELOW_TOP);
                return;
            }
            if (entriesAdded != null && stream.length() > entriesAdded) {
                r.reply().error(Errors.XSETID_BELOW_LENGTH);
                return;
            }
        }
        stream.setLastId(id, entriesAdded, maxDeleted);
        r.propagate();
        r.reply().ok();
        r.notify(EventClass.STREAM, "xsetid", r.arg(1));
    }
}
