package dev.embeddedcluster.command.acl;

import java.util.Arrays;
import java.util.List;

/**
 * Renders a selector's permitted commands as rules, the way Redis 7.0 describes them: +@all or
 * -@all, then the categories that bring the most commands closer for the fewest exceptions,
 * chosen greedily, then each single command still different (in command table order, where Redis
 * follows its hash table's), then the first arguments allowed.
 */
final class CommandRules {
    private static final CommandIds IDS = CommandIds.STANDARD;

    private final Selector selector;
    private final long[] wanted;
    private final long[] built;
    private final StringBuilder rules = new StringBuilder();

    CommandRules(Selector selector) {
        this.selector = selector;
        this.wanted = selector.bits();
        this.built = new long[wanted.length];
    }

    String render() {
        boolean additive = !selector.futureCommands();
        rules.append(additive ? "-@all " : "+@all ");
        if (!additive) {
            Arrays.fill(built, -1L);
        }
        long[] remaining = wanted.clone();
        boolean[] applied = new boolean[AclCategories.NAMES.size()];
        while (true) {
            int best = -1;
            long fewestDifferent = Integer.MAX_VALUE;
            long mostSame = 0;
            for (int category = 0; category < applied.length; category++) {
                if (applied[category]) {
                    continue;
                }
                long on = 0;
                long off = 0;
                for (int id = 0; id < IDS.size(); id++) {
                    if (IDS.inCategory(id, category)) {
                        if (get(remaining, id)) {
                            on++;
                        } else {
                            off++;
                        }
                    }
                }
                long different = additive ? off : on;
                long same = additive ? on : off;
                if (same > different && (different < fewestDifferent || (different == fewestDifferent && same > mostSame))) {
                    best = category;
                    fewestDifferent = different;
                    mostSame = same;
                }
            }
            if (best < 0) {
                break;
            }
            for (int id = 0; id < IDS.size(); id++) {
                if (IDS.inCategory(id, best)) {
                    set(built, id, additive);
                    set(remaining, id, !additive);
                }
            }
            rules.append(additive ? "+@" : "-@").append(AclCategories.NAMES.get(best)).append(' ');
            applied[best] = true;
        }
        for (int id = 0; id < IDS.size(); id++) {
            if (!IDS.spec(id).isSubcommand()) {
                single(id);
            }
        }
        rules.setLength(rules.length() - 1);
        return rules.toString();
    }

    private void single(int id) {
        boolean allowed = get(wanted, id);
        if (allowed != get(built, id)) {
            rules.append(allowed ? '+' : '-').append(IDS.spec(id).fullName()).append(' ');
            setWithChildren(id, allowed);
        }
        for (int child : IDS.children(id)) {
            single(child);
        }
        List<String> firstArgs = selector.firstArgs(id);
        if (!allowed && firstArgs != null) {
            for (String arg : firstArgs) {
                rules.append('+').append(IDS.spec(id).fullName()).append('|').append(arg).append(' ');
            }
        }
    }

    private void setWithChildren(int id, boolean allowed) {
        set(built, id, allowed);
        for (int child : IDS.children(id)) {
            setWithChildren(child, allowed);
        }
    }

    private static boolean get(long[] bits, int id) {
        return (bits[id >>> 6] & (1L << id)) != 0;
    }

    private static void set(long[] bits, int id, boolean value) {
        if (value) {
            bits[id >>> 6] |= 1L << id;
        } else {
            bits[id >>> 6] &= ~(1L << id);
        }
    }
}
