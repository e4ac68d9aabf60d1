package dev.embeddedcluster.command.streams;

import dev.embeddedcluster.command.CommandHandler;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.command.notifications.EventClass;
import dev.embeddedcluster.keyspace.stream.ConsumerGroup;
import dev.embeddedcluster.keyspace.stream.PendingEntry;
import dev.embeddedcluster.keyspace.stream.StreamConsumer;
import dev.embeddedcluster.keyspace.stream.StreamEntry;
import dev.embeddedcluster.keyspace.stream.StreamId;
import dev.embeddedcluster.keyspace.stream.StreamValue;
import dev.embeddedcluster.resp.RespWriter;
import dev.embeddedcluster.util.RedisNumbers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.function.BiConsumer;

/** Consumer groups: XGROUP, XACK, XPENDING, XCLAIM and XAUTOCLAIM. */
final class GroupCommands {
    private static final List<String> XGROUP_HELP = List.of(
            "XGROUP <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "CREATE <key> <group> <id|$> [MKSTREAM] [ENTRIESREAD <n>]",
            "    Makes a consumer group that reads the stream after <id>; MKSTREAM makes an empty stream if needed.",
            "CREATECONSUMER <key> <group> <consumer>",
            "    Adds a consumer to the group.",
            "DELCONSUMER <key> <group> <consumer>",
            "    Removes a consumer and its pending entries.",
            "DESTROY <key> <group>",
            "    Removes the group.",
            "SETID <key> <group> <id|$> [ENTRIESREAD <n>]",
            "    Moves the group's last delivered ID (and its entries-read count).",
            "HELP",
            "    This text.");

    private GroupCommands() {
    }

    static void register(BiConsumer<String, CommandHandler> registry) {
        for (String sub : List.of("create", "setid", "destroy", "createconsumer", "delconsumer")) {
            registry.accept("xgroup|" + sub, r -> group(r, sub));
        }
        registry.accept("xgroup|help", r -> r.reply().simpleArray(XGROUP_HELP));
        registry.accept("xack", GroupCommands::acknowledge);
        registry.accept("xpending", GroupCommands::pending);
        registry.accept("xclaim", GroupCommands::claim);
        registry.accept("xautoclaim", GroupCommands::autoClaim);
    }

    /** XGROUP's subcommands, checked in Redis's order: options, the key, the group, then the action. */
    private static void group(Request r, String sub) {
        boolean create = sub.equals("create");
        boolean makeStream = false;
        long entriesRead = ConsumerGroup.UNKNOWN_ENTRIES_READ;
        for (int i = 5; i < r.argc(); ) {
            if (create && r.is(i, "mkstream")) {
                makeStream = true;
                i++;
            } else if ((create || sub.equals("setid")) && r.is(i, "entriesread") && i + 1 < r.argc()) {
                Long parsed = RedisNumbers.parseLong(r.arg(i + 1));
                if (parsed == null) {
                    r.reply().error(Errors.NOT_INTEGER);
                    return;
                }
                if (parsed < 0 && parsed != ConsumerGroup.UNKNOWN_ENTRIES_READ) {
                    r.reply().error(Errors.ENTRIES_READ_INVALID);
                    return;
                }
                entriesRead = parsed;
                i += 2;
            } else {
                r.reply().error(Errors.subcommandSyntax(r.text(1), "xgroup"));
                return;
            }
        }
        byte[] key = r.arg(2);
        byte[] name = r.arg(3);
        StreamValue stream = StreamCommands.readForWrite(r, key);
        if (stream == StreamCommands.WRONG_TYPE) {
            return;
        }
        ConsumerGroup group = stream == null ? null : stream.group(name);
        if (!makeStream) {
            if (stream == null) {
                r.reply().error(Errors.XGROUP_KEY_MISSING);
                return;
            }
            if (group == null && !create && !sub.equals("destroy")) {
                r.latin1Error(Errors.noGroupForKey(r.cString(3), r.cString(2)));
                return;
            }
        }
        switch (sub) {
            case "create" -> create(r, stream, entriesRead);
            case "setid" -> setId(r, stream, group, entriesRead);
            case "destroy" -> {
                boolean destroyed = group != null && stream.destroyGroup(name);
                if (destroyed) {
                    r.propagate();
                    r.node().blockedPops().keyCreated(key);
                }
                r.reply().integer(destroyed ? 1 : 0);
                if (destroyed) {
                    r.notify(EventClass.STREAM, "xgroup-destroy", key);
                }
            }
            case "createconsumer" -> {
                boolean[] created = new boolean[1];
                group.consumerOrCreate(r.arg(4), r.now(), created);
                if (created[0]) {
                    r.propagate();
                    r.notify(EventClass.STREAM, "xgroup-createconsumer", key);
                }
                r.reply().integer(created[0] ? 1 : 0);
            }
            default -> {
                long pending = group.deleteConsumer(r.arg(4));
                if (pending >= 0) {
                    r.propagate();
                    r.notify(EventClass.STREAM, "xgroup-delconsumer", key);
                }
                r.reply().integer(Math.max(pending, 0));
            }
        }
    }

    private static void create(Request r, StreamValue stream, long entriesRead) {
        if (r.argc() > 8) {
            r.reply().error(Errors.subcommandSyntax(r.text(1), "xgroup"));
            return;
        }
        StreamId id;
        if (r.is(4, "$")) {
            id = stream == null ? StreamId.ZERO : stream.lastId();
        } else {
            id = StreamIds.parseOrReply(r, 4, 0, true);
            if (id == null) {
                return;
            }
        }
        if (stream == null) {
            stream = new StreamValue(r.keyspace().limits());
            r.keyspace().put(r.arg(2), stream);
        }
        if (stream.createGroup(r.arg(3), id, entriesRead) == null) {
            r.reply().error(Errors.BUSYGROUP);
            return;
        }
        r.propagate();
        r.reply().ok();
        r.notify(EventClass.STREAM, "xgroup-create", r.arg(2));
    }

    private static void setId(Request r, StreamValue stream, ConsumerGroup group, long entriesRead) {
        if (r.argc() != 5 && r.argc() != 7) {
            r.reply().error(Errors.subcommandSyntax(r.text(1), "xgroup"));
            return;
        }
        StreamId id = r.is(4, "$") ? stream.lastId() : StreamIds.parseOrReply(r, 4, 0, false);
        if (id == null) {
            return;
        }
        group.lastId = id;
        group.entriesRead = entriesRead;
        r.propagate();
        r.reply().ok();
        r.notify(EventClass.STREAM, "xgroup-setid", r.arg(2));
    }

    /** The group named in argument 2 of the stream at argument 1; null after replying NOGROUP (or WRONGTYPE). */
    private static ConsumerGroup existingGroup(Request r, StreamValue stream) {
        if (stream == StreamCommands.WRONG_TYPE) {
            return null;
        }
        ConsumerGroup group = stream == null ? null : stream.group(r.arg(2));
        if (group == null) {
            r.latin1Error(Errors.noKeyOrGroup(r.cString(1), r.cString(2)));
        }
        return group;
    }

    private static void acknowledge(Request r) {
        StreamValue stream = StreamCommands.read(r, r.arg(1));
        if (stream == StreamCommands.WRONG_TYPE) {
            return;
        }
        ConsumerGroup group = stream == null ? null : stream.group(r.arg(2));
        if (group == null) {
            r.reply().integer(0);
            return;
        }
        List<StreamId> ids = new ArrayList<>();
        for (int j = 3; j < r.argc(); j++) {
            StreamId id = StreamIds.parseOrReply(r, j, 0, true);
            if (id == null) {
                return;
            }
            ids.add(id);
        }
        int acknowledged = 0;
        for (StreamId id : ids) {
            if (group.acknowledge(id)) {
                acknowledged++;
            }
        }
        if (acknowledged > 0) {
            r.propagateChanges(acknowledged);
        }
        r.reply().integer(acknowledged);
    }

    private static void pending(Request r) {
        int argc = r.argc();
        if (argc != 3 && (argc < 6 || argc > 9)) {
            r.reply().error(Errors.SYNTAX);
            return;
        }
        long minIdle = 0;
        long count = 0;
        StreamId start = null;
        StreamId end = null;
        byte[] consumerName = null;
        if (argc >= 6) {
            int startIndex = 3;
            if (r.is(3, "idle")) {
                Long parsed = RedisNumbers.parseLong(r.arg(4));
                if (parsed == null) {
                    r.reply().error(Errors.NOT_INTEGER);
                    return;
                }
                minIdle = parsed;
                if (argc < 8) {
                    r.reply().error(Errors.SYNTAX);
                    return;
                }
                startIndex += 2;
            }
            Long parsedCount = RedisNumbers.parseLong(r.arg(startIndex + 2));
            if (parsedCount == null) {
                r.reply().error(Errors.NOT_INTEGER);
                return;
            }
            count = Math.max(parsedCount, 0);
            start = StreamIds.intervalStart(r, startIndex);
            if (start == null) {
                return;
            }
            end = StreamIds.intervalEnd(r, startIndex + 1);
            if (end == null) {
                return;
            }
            if (startIndex + 3 < argc) {
                consumerName = r.arg(startIndex + 3);
            }
        }
        ConsumerGroup group = existingGroup(r, StreamCommands.read(r, r.arg(1)));
        if (group == null) {
            return;
        }
        RespWriter reply = r.reply();
        if (argc == 3) {
            pendingSummary(reply, group);
            return;
        }
        NavigableMap<StreamId, PendingEntry> pel = group.pending();
        if (consumerName != null) {
            StreamConsumer consumer = group.consumer(consumerName);
            if (consumer == null) {
                reply.arrayHeader(0);
                return;
            }
            pel = consumer.pending();
        }
        long now = r.now();
        List<Map.Entry<StreamId, PendingEntry>> listed = new ArrayList<>();
        if (start.compareTo(end) <= 0) {
            for (Map.Entry<StreamId, PendingEntry> e : pel.subMap(start, true, end, true).entrySet()) {
                if (listed.size() >= count) {
                    break;
                }
                if (minIdle != 0 && now - e.getValue().deliveryTime < minIdle) {
                    continue;
                }
                listed.add(e);
            }
        }
        reply.arrayHeader(listed.size());
        for (Map.Entry<StreamId, PendingEntry> e : listed) {
            reply.arrayHeader(4);
            reply.bulk(e.getKey().toString());
            reply.bulk(e.getValue().consumer().name());
            reply.integer(Math.max(0, now - e.getValue().deliveryTime));
            reply.integer(e.getValue().deliveryCount);
        }
    }

    private static void pendingSummary(RespWriter reply, ConsumerGroup group) {
        reply.arrayHeader(4);
        reply.integer(group.pending().size());
        if (group.pending().isEmpty()) {
            reply.nullBulk();
            reply.nullBulk();
            reply.nullArray();
            return;
        }
        reply.bulk(group.pending().firstKey().toString());
        reply.bulk(group.pending().lastKey().toString());
        List<StreamConsumer> holding = new ArrayList<>();
        group.consumers().values().forEach(c -> {
            if (!c.pending().isEmpty()) {
                holding.add(c);
            }
        });
        reply.arrayHeader(holding.size());
        for (StreamConsumer consumer : holding) {
            reply.arrayHeader(2);
            reply.bulk(consumer.name());
            reply.bulkDecimal(consumer.pending().size());
        }
    }

    private static void claim(Request r) {
        StreamValue stream = StreamCommands.read(r, r.arg(1));
        ConsumerGroup group = existingGroup(r, stream);
        if (group == null) {
            return;
        }
        Long minIdle = RedisNumbers.parseLong(r.arg(4));
        if (minIdle == null) {
            r.reply().error(Errors.XCLAIM_MIN_IDLE);
            return;
        }
        List<StreamId> ids = new ArrayList<>();
        List<byte[]> idArguments = new ArrayList<>();
        int j = 5;
        for (; j < r.argc(); j++) {
            StreamIds.Parsed parsed = StreamIds.parse(r.arg(j), 0, true, false);
            if (parsed == null) {
                break;
            }
            ids.add(parsed.id());
            idArguments.add(r.arg(j));
        }
        long now = r.now();
        boolean force = false;
        boolean justId = false;
        long deliveryTime = -1;
        long retryCount = -1;
        StreamId lastId = StreamId.ZERO;
        for (; j < r.argc(); j++) {
            boolean more = j + 1 < r.argc();
            if (r.is(j, "force")) {
                force = true;
            } else if (r.is(j, "justid")) {
                justId = true;
            } else if ((r.is(j, "idle") || r.is(j, "time") || r.is(j, "retrycount")) && more) {
                String option = r.text(j).toUpperCase(java.util.Locale.ROOT);
                Long value = RedisNumbers.parseLong(r.arg(++j));
                if (value == null) {
                    r.reply().error(Errors.xclaimArgument(option));
                    return;
                }
                switch (option) {
                    case "IDLE" -> deliveryTime = now - value;
                    case "TIME" -> deliveryTime = value;
                    default -> retryCount = value;
                }
            } else if (r.is(j, "lastid") && more) {
                lastId = StreamIds.parseOrReply(r, ++j, 0, true);
                if (lastId == null) {
                    return;
                }
            } else {
                r.reply().error(Errors.xclaimOption(r.text(j)));
                return;
            }
        }
        boolean positionMoved = false;
        if (lastId.compareTo(group.lastId) > 0) {
            group.lastId = lastId;
            positionMoved = true;
        }
        if (deliveryTime == -1 || deliveryTime < 0 || deliveryTime > now) {
            deliveryTime = now;
        }
        long idle = Math.max(minIdle, 0);
        byte[] key = r.arg(1);
        StreamConsumer consumer = null;
        List<Runnable> replies = new ArrayList<>();
        RespWriter reply = r.reply();
        for (StreamId id : ids) {
            PendingEntry pending = group.pending().get(id);
            StreamEntry entry = stream.find(id);
            if (entry == null) {
                if (pending != null) {
                    GroupPropagation.claim(r.node().replication(), key, r.arg(2), group, id, pending);
                    positionMoved = false;
                    group.acknowledge(id);
                }
                continue;
            }
            if (force && pending == null) {
                pending = group.addOwnerless(id, now);
            }
            if (pending == null) {
                continue;
            }
            if (pending.consumer() != null && idle != 0 && now - pending.deliveryTime < idle) {
                continue;
            }
            if (consumer == null) {
                consumer = seenConsumer(r, group, now);
            }
            group.assign(id, pending, consumer);
            pending.deliveryTime = deliveryTime;
            if (retryCount >= 0) {
                pending.deliveryCount = retryCount;
            } else if (!justId) {
                pending.deliveryCount++;
            }
            boolean idOnly = justId;
            replies.add(() -> {
                if (idOnly) {
                    reply.bulk(id.toString());
                } else {
                    StreamCommands.writeEntry(reply, entry);
                }
            });
            GroupPropagation.claim(r.node().replication(), key, r.arg(2), group, id, pending);
            positionMoved = false;
        }
        if (positionMoved) {
            GroupPropagation.groupPosition(r.node().replication(), key, r.arg(2), group);
        }
        reply.arrayHeader(replies.size());
        replies.forEach(Runnable::run);
    }

    /** The consumer named in argument 3, looked up as claiming does: seen now, created (with its event) when absent. */
    private static StreamConsumer seenConsumer(Request r, ConsumerGroup group, long now) {
        boolean[] created = new boolean[1];
        StreamConsumer consumer = group.consumerOrCreate(r.arg(3), now, created);
        consumer.seenTime = now;
        if (created[0]) {
            // A change of its own, though replicas learn of the consumer from the claims.
            r.node().persistence().changed(1);
            r.notify(EventClass.STREAM, "xgroup-createconsumer", r.arg(1));
        }
        return consumer;
    }

    private static void autoClaim(Request r) {
        Long minIdle = RedisNumbers.parseLong(r.arg(4));
        if (minIdle == null) {
            r.reply().error(Errors.XAUTOCLAIM_MIN_IDLE);
            return;
        }
        StreamId start = StreamIds.intervalStart(r, 5);
        if (start == null) {
            return;
        }
        long count = 100;
        boolean justId = false;
        for (int j = 6; j < r.argc(); j++) {
            if (r.is(j, "count") && j + 1 < r.argc()) {
                Long parsed = RedisNumbers.parseLong(r.arg(++j));
                if (parsed == null || parsed < 1 || parsed > Long.MAX_VALUE / 16) {
                    r.reply().error(Errors.COUNT_MUST_BE_POSITIVE);
                    return;
                }
                count = parsed;
            } else if (r.is(j, "justid")) {
                justId = true;
            } else {
                r.reply().error(Errors.SYNTAX);
                return;
            }
        }
        StreamValue stream = StreamCommands.read(r, r.arg(1));
        ConsumerGroup group = existingGroup(r, stream);
        if (group == null) {
            return;
        }
        long now = r.now();
        long idle = Math.max(minIdle, 0);
        byte[] key = r.arg(1);
        long attempts = count * 10;
        List<StreamId> candidates = new ArrayList<>(group.pending().tailMap(start, true).keySet());
        List<StreamEntry> claimed = new ArrayList<>();
        List<StreamId> claimedIds = new ArrayList<>();
        List<StreamId> deleted = new ArrayList<>();
        StreamConsumer consumer = null;
        int next = 0;
        boolean exhausted = false;
        while (attempts-- > 0 && count > 0) {
            if (next == candidates.size()) {
                exhausted = true;
                break;
            }
            StreamId id = candidates.get(next++);
            PendingEntry pending = group.pending().get(id);
            StreamEntry entry = stream.find(id);
            if (entry == null) {
                GroupPropagation.claim(r.node().replication(), key, r.arg(2), group, id, pending);
                group.acknowledge(id);
                deleted.add(id);
                count--;
                continue;
            }
            if (idle != 0 && now - pending.deliveryTime < idle) {
                continue;
            }
            if (consumer == null) {
                consumer = seenConsumer(r, group, now);
            }
            group.assign(id, pending, consumer);
            pending.deliveryTime = now;
            if (!justId) {
                pending.deliveryCount++;
            }
            claimed.add(entry);
            claimedIds.add(id);
            count--;
            GroupPropagation.claim(r.node().replication(), key, r.arg(2), group, id, pending);
        }
        StreamId cursor = StreamId.ZERO;
        if (!exhausted && next < candidates.size()) {
            cursor = candidates.get(next);
        }
        RespWriter reply = r.reply();
        reply.arrayHeader(3);
        reply.bulk(cursor.toString());
        reply.arrayHeader(claimed.size());
        for (int i = 0; i < claimed.size(); i++) {
            if (justId) {
                reply.bulk(claimedIds.get(i).toString());
            } else {
                StreamCommands.writeEntry(reply, claimed.get(i));
            }
        }
        reply.arrayHeader(deleted.size());
        deleted.forEach(id -> reply.bulk(id.toString()));
    }
}
