package dev.embeddedcluster.command.streams;

import dev.embeddedcluster.command.CommandHandler;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.keyspace.stream.ConsumerGroup;
import dev.embeddedcluster.keyspace.stream.PendingEntry;
import dev.embeddedcluster.keyspace.stream.StreamConsumer;
import dev.embeddedcluster.keyspace.stream.StreamEntry;
import dev.embeddedcluster.keyspace.stream.StreamId;
import dev.embeddedcluster.keyspace.stream.StreamValue;
import dev.embeddedcluster.resp.RespWriter;
import dev.embeddedcluster.util.RedisNumbers;

import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/** XINFO STREAM (with FULL), XINFO GROUPS, XINFO CONSUMERS and XINFO HELP. */
final class StreamInfo {
    private static final List<String> HELP = List.of(
            "XINFO <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "CONSUMERS <key> <group>",
            "    The consumers of a group, with their pending counts and idle times.",
            "GROUPS <key>",
            "    The consumer groups of a stream.",
            "STREAM <key> [FULL [COUNT <count>]]",
            "    A stream's counters, first and last entries; FULL lists entries, groups and consumers.",
            "HELP",
            "    This text.");

    private StreamInfo() {
    }

    static void register(BiConsumer<String, CommandHandler> registry) {
        registry.accept("xinfo|stream", r -> withStream(r, StreamInfo::stream));
        registry.accept("xinfo|groups", r -> withStream(r, StreamInfo::groups));
        registry.accept("xinfo|consumers", r -> withStream(r, StreamInfo::consumers));
        registry.accept("xinfo|help", r -> r.reply().simpleArray(HELP));
    }

    private static void withStream(Request r, BiConsumer<Request, StreamValue> action) {
        StreamValue stream = StreamCommands.read(r, r.arg(2));
        if (stream == StreamCommands.WRONG_TYPE) {
            return;
        }
        if (stream == null) {
            r.reply().error(Errors.NO_SUCH_KEY);
            return;
        }
        action.accept(r, stream);
    }

    private static void stream(Request r, StreamValue stream) {
        boolean full = r.argc() > 3;
        long count = 10;
        if (full) {
            int options = r.argc() - 3;
            if ((options != 1 && options != 3) || !r.is(3, "full") || (options == 3 && !r.is(4, "count"))) {
                r.reply().error(Errors.subcommandSyntax(r.text(1), "xinfo"));
                return;
            }
            if (options == 3) {
                Long parsed = RedisNumbers.parseLong(r.arg(5));
                if (parsed == null) {
                    r.reply().error(Errors.NOT_INTEGER);
                    return;
                }
                count = parsed < 0 ? 10 : parsed;
            }
        }
        RespWriter w = r.reply();
        w.mapHeader(full ? 9 : 10);
        w.bulk("length");
        w.integer(stream.length());
        w.bulk("radix-tree-keys");
        w.integer(stream.nodeCount());
        w.bulk("radix-tree-nodes");
        w.integer(stream.radixTreeNodes());
        w.bulk("last-generated-id");
        w.bulk(stream.lastId().toString());
        w.bulk("max-deleted-entry-id");
        w.bulk(stream.maxDeletedId().toString());
        w.bulk("entries-added");
        w.integer(stream.entriesAdded());
        w.bulk("recorded-first-entry-id");
        w.bulk(stream.firstId().toString());
        if (!full) {
            w.bulk("groups");
            w.integer(stream.groups().size());
            w.bulk("first-entry");
            edgeEntry(w, stream.range(StreamId.ZERO, StreamId.MAX, 1, false));
            w.bulk("last-entry");
            edgeEntry(w, stream.range(StreamId.ZERO, StreamId.MAX, 1, true));
            return;
        }
        w.bulk("entries");
        StreamCommands.writeEntries(w, stream.range(StreamId.ZERO, StreamId.MAX, count, false));
        w.bulk("groups");
        w.arrayHeader(stream.groups().size());
        for (Map.Entry<byte[], ConsumerGroup> e : stream.groups().entrySet()) {
            fullGroup(w, stream, e.getKey(), e.getValue(), count);
        }
    }

    private static void edgeEntry(RespWriter w, List<StreamEntry> edge) {
        if (edge.isEmpty()) {
            w.nullBulk();
        } else {
            StreamCommands.writeEntry(w, edge.get(0));
        }
    }

    private static void fullGroup(RespWriter w, StreamValue stream, byte[] name, ConsumerGroup group, long count) {
        w.mapHeader(7);
        w.bulk("name");
        w.bulk(name);
        w.bulk("last-delivered-id");
        w.bulk(group.lastId.toString());
        entriesReadAndLag(w, stream, group);
        w.bulk("pel-count");
        w.integer(group.pending().size());
        w.bulk("pending");
        List<Map.Entry<StreamId, PendingEntry>> pending = limited(group.pending(), count);
        w.arrayHeader(pending.size());
        for (Map.Entry<StreamId, PendingEntry> p : pending) {
            w.arrayHeader(4);
            w.bulk(p.getKey().toString());
            w.bulk(p.getValue().consumer().name());
            w.integer(p.getValue().deliveryTime);
            w.integer(p.getValue().deliveryCount);
        }
        w.bulk("consumers");
        w.arrayHeader(group.consumers().size());
        for (StreamConsumer consumer : group.consumers().values()) {
            w.mapHeader(4);
            w.bulk("name");
            w.bulk(consumer.name());
            w.bulk("seen-time");
            w.integer(consumer.seenTime);
            w.bulk("pel-count");
            w.integer(consumer.pending().size());
            w.bulk("pending");
            List<Map.Entry<StreamId, PendingEntry>> own = limited(consumer.pending(), count);
            w.arrayHeader(own.size());
            for (Map.Entry<StreamId, PendingEntry> p : own) {
                w.arrayHeader(3);
                w.bulk(p.getKey().toString());
                w.integer(p.getValue().deliveryTime);
                w.integer(p.getValue().deliveryCount);
            }
        }
    }

    private static List<Map.Entry<StreamId, PendingEntry>> limited(Map<StreamId, PendingEntry> pending, long count) {
        return pending.entrySet().stream().limit(count == 0 ? Long.MAX_VALUE : count).toList();
    }

    /** "entries-read" (null when unknown) and "lag" (null when it cannot be told), as Redis computes them. */
    private static void entriesReadAndLag(RespWriter w, StreamValue stream, ConsumerGroup group) {
        w.bulk("entries-read");
        if (group.entriesRead != ConsumerGroup.UNKNOWN_ENTRIES_READ) {
            w.integer(group.entriesRead);
        } else {
            w.nullBulk();
        }
        w.bulk("lag");
        if (stream.entriesAdded() == 0) {
            w.integer(0);
        } else if (group.entriesRead != ConsumerGroup.UNKNOWN_ENTRIES_READ && !stream.rangeHasTombstones(group.lastId, null)) {
            w.integer(stream.entriesAdded() - group.entriesRead);
        } else {
            long read = stream.estimateEntriesUpTo(group.lastId);
            if (read != ConsumerGroup.UNKNOWN_ENTRIES_READ) {
                w.integer(stream.entriesAdded() - read);
            } else {
                w.nullBulk();
            }
        }
    }

    private static void groups(Request r, StreamValue stream) {
        RespWriter w = r.reply();
        w.arrayHeader(stream.groups().size());
        for (Map.Entry<byte[], ConsumerGroup> e : stream.groups().entrySet()) {
            ConsumerGroup group = e.getValue();
            w.mapHeader(6);
            w.bulk("name");
            w.bulk(e.getKey());
            w.bulk("consumers");
            w.integer(group.consumers().size());
            w.bulk("pending");
            w.integer(group.pending().size());
            w.bulk("last-delivered-id");
            w.bulk(group.lastId.toString());
            entriesReadAndLag(w, stream, group);
        }
    }

    private static void consumers(Request r, StreamValue stream) {
        ConsumerGroup group = stream.group(r.arg(3));
        if (group == null) {
            r.latin1Error(Errors.noGroupForKey(r.cString(3), r.cString(2)));
            return;
        }
        long now = r.now();
        RespWriter w = r.reply();
        w.arrayHeader(group.consumers().size());
        for (StreamConsumer consumer : group.consumers().values()) {
            w.mapHeader(3);
            w.bulk("name");
            w.bulk(consumer.name());
            w.bulk("pending");
            w.integer(consumer.pending().size());
            w.bulk("idle");
            w.integer(Math.max(0, now - consumer.seenTime));
        }
    }
}
