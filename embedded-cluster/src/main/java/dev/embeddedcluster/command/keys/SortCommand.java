package dev.embeddedcluster.command.keys;

import dev.embeddedcluster.command.CommandHandler;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.command.notifications.EventClass;
import dev.embeddedcluster.keyspace.Entry;
import dev.embeddedcluster.keyspace.ListValue;
import dev.embeddedcluster.keyspace.ScoreSkipList;
import dev.embeddedcluster.keyspace.SetValue;
import dev.embeddedcluster.keyspace.SortedSetValue;
import dev.embeddedcluster.util.RedisNumbers;
import dev.embeddedcluster.util.Strtod;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * SORT and SORT_RO as a cluster node runs them: BY with a pattern and GET are refused (they
 * would read other keys), so BY only ever means "do not sort" here; numbers compare as doubles
 * (equal ones by their bytes), ALPHA compares bytes; LIMIT and DESC apply; STORE writes a list.
 */
final class SortCommand {
    private SortCommand() {
    }

    static void register(BiConsumer<String, CommandHandler> registry) {
        registry.accept("sort", r -> sort(r, false));
        registry.accept("sort_ro", r -> sort(r, true));
    }

    private static void sort(Request r, boolean readOnly) {
        boolean descending = false;
        boolean alpha = false;
        boolean dontSort = false;
        long limitStart = 0;
        long limitCount = -1;
        byte[] storeKey = null;
        for (int j = 2; j < r.argc(); j++) {
            int left = r.argc() - j - 1;
            if (r.is(j, "asc")) {
                descending = false;
            } else if (r.is(j, "desc")) {
                descending = true;
            } else if (r.is(j, "alpha")) {
                alpha = true;
            } else if (r.is(j, "limit") && left >= 2) {
                Long start = RedisNumbers.parseLong(r.arg(j + 1));
                Long count = start == null ? null : RedisNumbers.parseLong(r.arg(j + 2));
                if (count == null) {
                    r.reply().error(Errors.NOT_INTEGER);
                    return;
                }
                limitStart = start;
                limitCount = count;
                j += 2;
            } else if (!readOnly && r.is(j, "store") && left >= 1) {
                storeKey = r.arg(++j);
            } else if (r.is(j, "by") && left >= 1) {
                if (r.text(j + 1).indexOf('*') >= 0) {
                    r.reply().error(Errors.SORT_BY_IN_CLUSTER);
                    return;
                }
                dontSort = true;
                j++;
            } else if (r.is(j, "get") && left >= 1) {
                r.reply().error(Errors.SORT_GET_IN_CLUSTER);
                return;
            } else {
                r.reply().error(Errors.SYNTAX);
                return;
            }
        }
        Entry entry = r.keyspace().read(r.arg(1));
        Object value = entry == null ? new ListValue(r.keyspace().limits()) : entry.value();
        if (!(value instanceof ListValue) && !(value instanceof SetValue) && !(value instanceof SortedSetValue)) {
            r.reply().error(Errors.WRONG_TYPE);
            return;
        }
        if (value instanceof SortedSetValue sortedSet) {
            // Redis converts the sorted set it sorts to a skiplist, in place.
            sortedSet.convertToSkiplist();
        }
        if (dontSort && value instanceof SetValue && storeKey != null) {
            // A set's order is its hash table's: stored results are sorted to be deterministic.
            dontSort = false;
            alpha = true;
        }
        int length = length(value);
        long start = Math.min(Math.max(limitStart, 0), length);
        long count = Math.min(Math.max(limitCount, -1), length);
        long end = count < 0 ? length - 1 : start + count - 1;
        if (start >= length) {
            start = length - 1;
            end = length - 2;
        }
        if (end >= length) {
            end = length - 1;
        }
        List<byte[]> elements = elements(value, dontSort, descending);
        if (!dontSort) {
            Comparator<byte[]> order = alpha ? Arrays::compareUnsigned : numericOrder(elements, r);
            if (order == null) {
                return;
            }
            elements.sort(descending ? order.reversed() : order);
        }
        List<byte[]> selected = end >= start ? elements.subList((int) start, (int) end + 1) : List.of();
        if (storeKey == null) {
            r.reply().arrayHeader(selected.size());
            selected.forEach(r.reply()::bulk);
            return;
        }
        if (selected.isEmpty()) {
            if (r.keyspace().delete(storeKey)) {
                r.propagate();
                r.notify(EventClass.GENERIC, "del", storeKey);
            }
        } else {
            ListValue stored = new ListValue(r.keyspace().limits());
            selected.forEach(stored::addLast);
            boolean existed = r.keyspace().lookup(storeKey) != null;
            r.keyspace().put(storeKey, stored);
            if (!existed) {
                r.node().blockedPops().keyCreated(storeKey);
            }
            r.propagate();
            r.notify(EventClass.LIST, "sortstore", storeKey);
        }
        r.reply().integer(selected.size());
    }

    private static int length(Object value) {
        if (value instanceof ListValue list) {
            return list.size();
        }
        return value instanceof SetValue set ? set.size() : ((SortedSetValue) value).size();
    }

    /** The elements in the value's own order (for a sorted set left unsorted, reversed by DESC as Redis does). */
    private static List<byte[]> elements(Object value, boolean dontSort, boolean descending) {
        List<byte[]> elements = new ArrayList<>();
        if (value instanceof ListValue list) {
            for (int i = 0; i < list.size(); i++) {
                elements.add(list.get(descending && dontSort ? list.size() - 1 - i : i));
            }
        } else if (value instanceof SetValue set) {
            elements.addAll(set.members());
        } else {
            SortedSetValue sortedSet = (SortedSetValue) value;
            boolean backwards = dontSort && descending;
            for (ScoreSkipList.Node n = backwards ? sortedSet.last() : sortedSet.first(); n != null;
                 n = backwards ? n.previous() : n.next()) {
                elements.add(n.member());
            }
        }
        return elements;
    }

    /**
     * Numbers first by value, equal ones by their bytes; null after replying Redis's error when
     * an element is not a number.
     */
    private static Comparator<byte[]> numericOrder(List<byte[]> elements, Request r) {
        java.util.IdentityHashMap<byte[], Double> scores = new java.util.IdentityHashMap<>();
        for (byte[] element : elements) {
            Double score = Strtod.parseSortKey(element);
            if (score == null) {
                r.reply().error(Errors.SORT_NOT_NUMBERS);
                return null;
            }
            scores.put(element, score);
        }
        return (a, b) -> {
            double x = scores.get(a);
            double y = scores.get(b);
            if (x != y) {
                return x < y ? -1 : 1;
            }
            return Arrays.compareUnsigned(a, b);
        };
    }
}
