package dev.embeddedcluster.command.acl;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * ACL LOG: the latest refusals, newest first. A refusal like one of the ten newest (same reason,
 * context, object and user, within a minute) counts on that entry and moves it to the front.
 */
public final class AclLog {
    private static final long GROUPING_MILLIS = 60_000;
    private static final int SCANNED = 10;

    /** One entry: how often, why ("command", "key", "channel", "auth"), where ("toplevel", "multi", "lua"). */
    public static final class Entry {
        private long count = 1;
        private final String reason;
        private final String context;
        private final String object;
        private final String username;
        private long createdMillis;
        private String clientInfo;

        Entry(String reason, String context, String object, String username, long createdMillis, String clientInfo) {
            this.reason = reason;
            this.context = context;
            this.object = object;
            this.username = username;
            this.createdMillis = createdMillis;
            this.clientInfo = clientInfo;
        }

        public long count() {
            return count;
        }

        public String reason() {
            return reason;
        }

        public String context() {
            return context;
        }

        public String object() {
            return object;
        }

        public String username() {
            return username;
        }

        public long createdMillis() {
            return createdMillis;
        }

        public String clientInfo() {
            return clientInfo;
        }

        private boolean sameAs(Entry other) {
            return reason.equals(other.reason) && context.equals(other.context)
                    && Math.abs(createdMillis - other.createdMillis) <= GROUPING_MILLIS
                    && object.equals(other.object) && username.equals(other.username);
        }
    }

    private final Deque<Entry> entries = new ArrayDeque<>();

    public void add(String reason, String context, String object, String username, long nowMillis, String clientInfo,
                    long maxLength) {
        Entry entry = new Entry(reason, context, object, username, nowMillis, clientInfo);
        int scanned = 0;
        for (Iterator<Entry> it = entries.iterator(); it.hasNext() && scanned < SCANNED; scanned++) {
            Entry existing = it.next();
            if (existing.sameAs(entry)) {
                it.remove();
                existing.count++;
                existing.createdMillis = nowMillis;
                existing.clientInfo = clientInfo;
                entries.addFirst(existing);
                return;
            }
        }
        entries.addFirst(entry);
        while (entries.size() > maxLength) {
            entries.removeLast();
        }
    }

    /** The newest {@code count} entries, newest first. */
    public List<Entry> newest(long count) {
        List<Entry> newest = new ArrayList<>();
        for (Entry entry : entries) {
            if (newest.size() >= count) {
                break;
            }
            newest.add(entry);
        }
        return newest;
    }

    public void reset() {
        entries.clear();
    }
}
