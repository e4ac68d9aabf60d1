package dev.embeddedcluster.command.acl;

import java.util.List;
import java.util.Locale;

/** Redis 7.0's ACL command categories, in the order ACL CAT lists them and rules are rendered. */
public final class AclCategories {
    public static final List<String> NAMES = List.of("keyspace", "read", "write", "set", "sortedset", "list", "hash",
            "string", "bitmap", "hyperloglog", "geo", "stream", "pubsub", "admin", "fast", "slow", "blocking",
            "dangerous", "connection", "transaction", "scripting");

    private AclCategories() {
    }

    /** The category's index, ignoring case, or -1 when there is none of that name. */
    public static int index(String name) {
        return NAMES.indexOf(name.toLowerCase(Locale.ROOT));
    }

    /** The bit set of category indexes for a command's category names. */
    static int bits(List<String> categories) {
        int bits = 0;
        for (String category : categories) {
            int index = index(category);
            if (index >= 0) {
                bits |= 1 << index;
            }
        }
        return bits;
    }
}
