package dev.embeddedcluster.command.streams;

import dev.embeddedcluster.command.CommandHandler;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.NodeContext;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.command.notifications.EventClass;
import dev.embeddedcluster.keyspace.Entry;
import dev.embeddedcluster.keyspace.stream.ConsumerGroup;
import dev.embeddedcluster.keyspace.stream.PendingEntry;
import dev.embeddedcluster.keyspace.stream.StreamConsumer;
import dev.embeddedcluster.keyspace.stream.StreamEntry;
import dev.embeddedcluster.keyspace.stream.StreamId;
import dev.embeddedcluster.keyspace.stream.StreamValue;
import dev.embeddedcluster.resp.RespWriter;
import dev.embeddedcluster.util.RedisNumbers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * XREAD and XREADGROUP, blocking or not. A group read delivers new entries (recording them as
 * pending unless NOACK) or re-reads the consumer's pending history; it is never replicated
 * itself: replicas get the XCLAIM, XGROUP SETID and XGROUP CREATECONSUMER it amounts to.
 */
final class StreamReads {
    /** How many entries a blocked read without COUNT gets, as in Redis. */
    private static final long BLOCKED_DEFAULT_COUNT = 1000;

    private StreamReads() {
    }

    static void register(BiConsumer<String, CommandHandler> registry) {
        registry.accept("xread", r -> read(r, false));
        registry.accept("xreadgroup", r -> read(r, true));
    }

    /** An entry read, or a pending ID whose entry was deleted (replied as [id, nil]). */
    private record Item(StreamId id, StreamEntry entry) {
        void write(RespWriter w) {
            if (entry != null) {
                StreamCommands.writeEntry(w, entry);
            } else {
                w.arrayHeader(2);
                w.bulk(id.toString());
                w.nullArray();
            }
        }
    }

    /**
     * What one key contributed to a read, and whether its group got a new consumer (whose event
     * Redis publishes while writing the reply, after the key).
     */
    private record Served(byte[] key, List<Item> items, boolean consumerCreated) {
    }

    private static final class Options {
        long timeout = -1;
        long count;
        int streamsIndex;
        int streams;
        boolean noAck;
        byte[] group;
        byte[] consumer;
    }

    private static void read(Request r, boolean grouped) {
        Options o = parseOptions(r, grouped);
        if (o == null) {
            return;
        }
        StreamId[] after = new StreamId[o.streams];
        ConsumerGroup[] groups = new ConsumerGroup[o.streams];
        for (int k = 0; k < o.streams; k++) {
            byte[] key = r.arg(o.streamsIndex + k);
            int idIndex = o.streamsIndex + o.streams + k;
            StreamValue stream = StreamCommands.read(r, key);
            if (stream == StreamCommands.WRONG_TYPE) {
                return;
            }
            if (o.group != null) {
                groups[k] = stream == null ? null : stream.group(o.group);
                if (groups[k] == null) {
                    r.latin1Error(Errors.noKeyOrGroupInXreadgroup(r.cString(o.streamsIndex + k), Request.cString(o.group)));
                    return;
                }
            }
            if (r.is(idIndex, "$")) {
                if (grouped) {
                    r.reply().error(Errors.XREADGROUP_DOLLAR);
                    return;
                }
                after[k] = stream == null ? StreamId.ZERO : stream.lastId();
            } else if (r.is(idIndex, ">")) {
                if (!grouped) {
                    r.reply().error(Errors.XREAD_GREATER_THAN);
                    return;
                }
                after[k] = StreamId.MAX;
            } else {
                after[k] = StreamIds.parseOrReply(r, idIndex, 0, true);
                if (after[k] == null) {
                    return;
                }
            }
        }
        List<Served> served = new ArrayList<>();
        for (int k = 0; k < o.streams; k++) {
            byte[] key = r.arg(o.streamsIndex + k);
            // Read again, as Redis does (a missing key is a second key miss).
            Entry entry = r.keyspace().read(key);
            if (entry == null) {
                continue;
            }
            StreamValue stream = (StreamValue) entry.value();
            boolean[] consumerCreated = new boolean[1];
            List<Item> items = serveNow(r.node(), key, stream, o, groups[k], after[k], consumerCreated);
            if (items != null) {
                served.add(new Served(key, items, consumerCreated[0]));
            }
        }
        if (!served.isEmpty()) {
            RespWriter reply = r.reply();
            if (reply.protocol() == 3) {
                reply.mapHeader(served.size());
            } else {
                reply.arrayHeader(served.size());
            }
            for (Served s : served) {
                writeServed(reply, s, () -> r.notify(EventClass.STREAM, "xgroup-createconsumer", s.key()));
            }
        } else if (o.timeout != -1) {
            block(r, o, after);
        } else {
            r.reply().nullArray();
        }
    }

    /** One key's part of the reply; {@code announceConsumer} publishes the consumer's creation, when it was created. */
    private static void writeServed(RespWriter reply, Served s, Runnable announceConsumer) {
        if (reply.protocol() != 3) {
            reply.arrayHeader(2);
        }
        reply.bulk(s.key());
        if (s.consumerCreated()) {
            announceConsumer.run();
        }
        reply.arrayHeader(s.items().size());
        s.items().forEach(item -> item.write(reply));
    }

    /** The options before STREAMS; null after replying the error. */
    private static Options parseOptions(Request r, boolean grouped) {
        Options o = new Options();
        for (int i = 1; i < r.argc(); i++) {
            int more = r.argc() - i - 1;
            if (r.is(i, "block") && more > 0) {
                Long timeout = RedisNumbers.parseLong(r.arg(++i));
                if (timeout == null) {
                    r.reply().error(Errors.TIMEOUT_NOT_INTEGER);
                    return null;
                }
                if (timeout < 0) {
                    r.reply().error(Errors.TIMEOUT_NEGATIVE);
                    return null;
                }
                if (timeout > 0 && timeout > Long.MAX_VALUE - r.now()) {
                    r.reply().error(Errors.TIMEOUT_OUT_OF_RANGE);
                    return null;
                }
                o.timeout = timeout;
            } else if (r.is(i, "count") && more > 0) {
                Long count = RedisNumbers.parseLong(r.arg(++i));
                if (count == null) {
                    r.reply().error(Errors.NOT_INTEGER);
                    return null;
                }
                o.count = Math.max(count, 0);
            } else if (r.is(i, "streams") && more > 0) {
                o.streamsIndex = i + 1;
                int arguments = r.argc() - o.streamsIndex;
                if (arguments % 2 != 0) {
                    r.reply().error(Errors.XREAD_UNBALANCED);
                    return null;
                }
                o.streams = arguments / 2;
                break;
            } else if (r.is(i, "group") && more >= 2) {
                if (!grouped) {
                    r.reply().error(Errors.XREAD_GROUP_OPTION);
                    return null;
                }
                o.group = r.arg(i + 1);
                o.consumer = r.arg(i + 2);
                i += 2;
            } else if (r.is(i, "noack")) {
                if (!grouped) {
                    r.reply().error(Errors.XREAD_NOACK_OPTION);
                    return null;
                }
                o.noAck = true;
            } else {
                r.reply().error(Errors.SYNTAX);
                return null;
            }
        }
        if (o.streamsIndex == 0) {
            r.reply().error(Errors.SYNTAX);
            return null;
        }
        if (grouped && o.group == null) {
            r.reply().error(Errors.XREADGROUP_MISSING_GROUP);
            return null;
        }
        return o;
    }

    /** What a read gets from one stream right away, or null when it has nothing (for now). */
    private static List<Item> serveNow(NodeContext node, byte[] key, StreamValue stream, Options o, ConsumerGroup group,
                                       StreamId after, boolean[] consumerCreated) {
        if (group != null) {
            if (!after.equals(StreamId.MAX)) {
                StreamConsumer consumer = consumer(node, key, o, group, consumerCreated);
                return history(node, stream, consumer, after, o.count);
            }
            if (stream.length() > 0 && stream.lastLiveId().compareTo(group.lastId) > 0) {
                StreamConsumer consumer = consumer(node, key, o, group, consumerCreated);
                return deliver(node, key, stream, o, group, consumer, group.lastId, o.count);
            }
            return null;
        }
        if (stream.length() > 0 && stream.lastLiveId().compareTo(after) > 0) {
            return items(stream.range(after.next(), StreamId.MAX, o.count, false));
        }
        return null;
    }

    private static List<Item> items(List<StreamEntry> entries) {
        List<Item> items = new ArrayList<>(entries.size());
        entries.forEach(e -> items.add(new Item(e.id(), e)));
        return items;
    }

    /**
     * The reading consumer, seen now, or created (and, for NOACK reads, the creation replicated);
     * {@code created} tells which.
     */
    private static StreamConsumer consumer(NodeContext node, byte[] key, Options o, ConsumerGroup group, boolean[] created) {
        long now = node.clock().currentTimeMillis();
        StreamConsumer consumer = group.consumerOrCreate(o.consumer, now, created);
        consumer.seenTime = now;
        if (created[0] && o.noAck) {
            GroupPropagation.consumerCreated(node.replication(), key, o.group, o.consumer);
        }
        return consumer;
    }

    /**
     * New entries after {@code after} for a group: the group's position and entries-read move,
     * and each entry becomes pending with the consumer unless NOACK.
     */
    private static List<Item> deliver(NodeContext node, byte[] key, StreamValue stream, Options o, ConsumerGroup group,
                                      StreamConsumer consumer, StreamId after, long count) {
        long now = node.clock().currentTimeMillis();
        StreamId start = after.next();
        List<StreamEntry> entries = start == null ? List.of() : stream.range(start, StreamId.MAX, count, false);
        boolean positionMoved = false;
        for (StreamEntry entry : entries) {
            StreamId id = entry.id();
            if (id.compareTo(group.lastId) > 0) {
                if (group.entriesRead != ConsumerGroup.UNKNOWN_ENTRIES_READ && !stream.rangeHasTombstones(id, null)) {
                    group.entriesRead++;
                } else if (stream.entriesAdded() != 0) {
                    group.entriesRead = stream.estimateEntriesUpTo(id);
                }
                group.lastId = id;
                positionMoved |= o.noAck;
            }
            if (!o.noAck) {
                PendingEntry pending = group.deliver(id, consumer, now);
                GroupPropagation.claim(node.replication(), key, o.group, group, id, pending);
            }
        }
        if (positionMoved) {
            GroupPropagation.groupPosition(node.replication(), key, o.group, group);
        }
        return items(entries);
    }

    /** The consumer's pending entries after {@code after}, each counted as delivered again. */
    private static List<Item> history(NodeContext node, StreamValue stream, StreamConsumer consumer, StreamId after, long count) {
        long now = node.clock().currentTimeMillis();
        List<Item> items = new ArrayList<>();
        StreamId start = after.next();
        if (start == null) {
            return items;
        }
        for (Map.Entry<StreamId, PendingEntry> e : consumer.pending().tailMap(start, true).entrySet()) {
            if (count != 0 && items.size() >= count) {
                break;
            }
            StreamEntry entry = stream.find(e.getKey());
            if (entry != null) {
                e.getValue().deliveryTime = now;
                e.getValue().deliveryCount++;
            }
            items.add(new Item(e.getKey(), entry));
        }
        return items;
    }

    /**
     * Waits for entries above the IDs read (a group's own position for XREADGROUP); the key
     * that gets them first is served alone. A group destroyed meanwhile ends the wait with
     * Redis's NOGROUP error; for XREADGROUP, a stream deleted or overwritten by another type with
     * UNBLOCKED (XREAD keeps waiting, as in Redis).
     */
    private static void block(Request r, Options o, StreamId[] after) {
        NodeContext node = r.node();
        byte[][] keys = Arrays.copyOfRange(r.args(), o.streamsIndex, o.streamsIndex + o.streams);
        long count = o.count != 0 ? o.count : BLOCKED_DEFAULT_COUNT;
        node.blockedPops().block(r, keys, o.timeout, StreamValue.class, (key, stream) -> {
            if (o.group == null) {
                return stream.lastId().compareTo(after[indexOf(keys, key)]) > 0;
            }
            ConsumerGroup group = stream.group(o.group);
            return group == null || stream.lastId().compareTo(group.lastId) > 0;
        }, (key, stream) -> {
            List<Item> items;
            if (o.group == null) {
                StreamId start = after[indexOf(keys, key)].next();
                items = items(stream.range(start, StreamId.MAX, count, false));
            } else {
                ConsumerGroup group = stream.group(o.group);
                if (group == null) {
                    return w -> w.error(Errors.XGROUP_GONE);
                }
                boolean[] created = new boolean[1];
                StreamConsumer consumer = consumer(node, key, o, group, created);
                if (created[0]) {
                    node.keyspaceEvents().notify(EventClass.STREAM, "xgroup-createconsumer", key);
                }
                items = deliver(node, key, stream, o, group, consumer, group.lastId, count);
            }
            Served served = new Served(key, items, false);
            return w -> {
                if (w.protocol() == 3) {
                    w.mapHeader(1);
                } else {
                    w.arrayHeader(1);
                }
                writeServed(w, served, () -> { });
            };
        }, RespWriter::nullArray, o.group == null ? null : w -> w.error(Errors.STREAM_KEY_GONE));
    }

    private static int indexOf(byte[][] keys, byte[] key) {
        for (int i = 0; i < keys.length; i++) {
            if (Arrays.equals(keys[i], key)) {
                return i;
            }
        }
        throw new IllegalStateException("not a key of this read");
    }
}
