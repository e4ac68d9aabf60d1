package dev.embeddedcluster.command.acl;

import dev.embeddedcluster.command.CommandSpec;
import dev.embeddedcluster.command.CommandTable;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A dense number for every command and subcommand of the standard table, so that a user's
 * permitted commands are a bit set; with each one's category bits and its parent. Immutable.
 */
final class CommandIds {
    static final CommandIds STANDARD = new CommandIds(CommandTable.standard());

    private final CommandTable table;
    private final Map<CommandSpec, Integer> ids = new IdentityHashMap<>();
    private final List<CommandSpec> specs = new ArrayList<>();
    private final int[] categories;
    /** For each id, the ids of its subcommands (empty for most). */
    private final int[][] children;

    private CommandIds(CommandTable table) {
        this.table = table;
        List<int[]> kids = new ArrayList<>();
        for (CommandSpec spec : table.all()) {
            int id = add(spec);
            int[] sub = new int[spec.subcommands().size()];
            int n = 0;
            for (CommandSpec child : spec.subcommands()) {
                sub[n++] = add(child);
            }
            while (kids.size() <= id + n) {
                kids.add(new int[0]);
            }
            kids.set(id, sub);
        }
        this.children = kids.toArray(new int[0][]);
        this.categories = new int[specs.size()];
        for (int i = 0; i < categories.length; i++) {
            categories[i] = AclCategories.bits(specs.get(i).aclCategories());
        }
    }

    private int add(CommandSpec spec) {
        int id = specs.size();
        specs.add(spec);
        ids.put(spec, id);
        return id;
    }

    int size() {
        return specs.size();
    }

    /** The id of a command of the standard table; -1 for any other. */
    int id(CommandSpec spec) {
        Integer id = ids.get(spec);
        return id == null ? -1 : id;
    }

    CommandSpec spec(int id) {
        return specs.get(id);
    }

    int[] children(int id) {
        return children[id];
    }

    boolean inCategory(int id, int category) {
        return (categories[id] & (1 << category)) != 0;
    }

    /** A command by full name ("get", "client|list"), as ACL rules name it; null when unknown. */
    CommandSpec lookup(String fullName) {
        return table.lookupFullName(fullName);
    }
}
