package dev.embeddedcluster.command.scripting;

import java.util.Locale;

/**
 * The flags a script declares in its shebang or a function at its registration (script.c's
 * scripts_flags_def), as bits, in the order Redis lists them.
 */
final class ScriptFlags {
    static final int NO_WRITES = 1;
    static final int ALLOW_OOM = 2;
    static final int ALLOW_STALE = 4;
    static final int NO_CLUSTER = 8;
    static final int ALLOW_CROSS_SLOT_KEYS = 16;

    private static final String[] NAMES = {"no-writes", "allow-oom", "allow-stale", "no-cluster", "allow-cross-slot-keys"};

    private ScriptFlags() {
    }

    /** The bit of a flag's exact name, or 0 for no flag. */
    static int bit(String name) {
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equals(name)) {
                return 1 << i;
            }
        }
        return 0;
    }

    /** The bit of a flag's name in any case, as function registration matches them, or 0. */
    static int bitIgnoringCase(String name) {
        return bit(name.toLowerCase(Locale.ROOT));
    }

    /** The names of the flags set in {@code flags}, in Redis's order. */
    static java.util.List<String> names(int flags) {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < NAMES.length; i++) {
            if ((flags & (1 << i)) != 0) {
                names.add(NAMES[i]);
            }
        }
        return names;
    }
}
