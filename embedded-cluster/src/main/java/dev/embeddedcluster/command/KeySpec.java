package dev.embeddedcluster.command;

import java.util.ArrayList;
import java.util.List;

/**
 * One key specification of a command, as Redis 7.0 describes it in COMMAND INFO: how to find where
 * the keys begin ({@link BeginSearch}: a fixed index or the argument after a keyword) and how to find
 * the keys from there ({@link FindKeys}: a range or a count argument), plus flags telling how the
 * keys are accessed.
 *
 * @param flags        bit set of {@link Flag}s
 * @param beginSearch  where the search for keys begins
 * @param findKeys     which arguments from there are keys
 * @param notes        free text shown as "notes" by COMMAND INFO, or null
 */
public record KeySpec(int flags, BeginSearch beginSearch, FindKeys findKeys, String notes) {

    /** Key spec flags, in the order COMMAND INFO lists them, with its spelling. */
    public enum Flag {
        RO("RO"),
        RW("RW"),
        OW("OW"),
        RM("RM"),
        ACCESS("access"),
        UPDATE("update"),
        INSERT("insert"),
        DELETE("delete"),
        NOT_KEY("not_key"),
        INCOMPLETE("incomplete"),
        VARIABLE_FLAGS("variable_flags");

        private static final Flag[] VALUES = values();

        private final String text;

        Flag(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        public int bit() {
            return 1 << ordinal();
        }

        /** The flag with this COMMAND INFO name, or null. */
        public static Flag fromText(String text) {
            for (Flag flag : VALUES) {
                if (flag.text.equals(text)) {
                    return flag;
                }
            }
            return null;
        }

        /** The names of the flags set in {@code bits}, in COMMAND INFO order. */
        public static List<String> names(int bits) {
            List<String> names = new ArrayList<>(Integer.bitCount(bits));
            for (Flag flag : VALUES) {
                if ((bits & flag.bit()) != 0) {
                    names.add(flag.text);
                }
            }
            return names;
        }
    }

    /** Where the search for keys begins. */
    public sealed interface BeginSearch permits Index, Keyword, UnknownBegin {
    }

    /** Keys begin at a fixed argument index (the command name is index 0). */
    public record Index(int index) implements BeginSearch {
    }

    /**
     * Keys begin right after a keyword, searched case-insensitively from {@code startFrom}: forwards
     * when positive, backwards from the end when negative.
     */
    public record Keyword(String keyword, int startFrom) implements BeginSearch {
    }

    /** Redis cannot tell where keys begin; the command has its own key-finding logic. */
    public record UnknownBegin() implements BeginSearch {
    }

    /** Which arguments, from where the search began, are keys. */
    public sealed interface FindKeys permits Range, KeyNum, UnknownFind {
    }

    /**
     * Keys up to {@code lastKey} (relative to the first key when >= 0, from the end when negative),
     * every {@code keyStep} arguments; a non-zero {@code limit} with lastKey -1 keeps only
     * 1/limit of the remaining arguments.
     */
    public record Range(int lastKey, int keyStep, int limit) implements FindKeys {
    }

    /**
     * The argument at {@code keyNumIdx} (relative to the begin) is the number of keys; the first key
     * is at {@code firstKey} (relative to the begin), then one every {@code keyStep} arguments.
     */
    public record KeyNum(int keyNumIdx, int firstKey, int keyStep) implements FindKeys {
    }

    /** Redis cannot tell which arguments are keys. */
    public record UnknownFind() implements FindKeys {
    }

    public boolean has(Flag flag) {
        return (flags & flag.bit()) != 0;
    }

    /** The names of this spec's flags as COMMAND INFO lists them. */
    public List<String> flagNames() {
        return Flag.names(flags);
    }

    /** Our text form: FLAGS/BEGIN/FIND, as in commands.txt. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        List<String> names = flagNames();
        b.append(names.isEmpty() ? "-" : String.join(",", names)).append('/');
        if (beginSearch instanceof Index index) {
            b.append("index:").append(index.index());
        } else if (beginSearch instanceof Keyword keyword) {
            b.append("keyword:").append(keyword.keyword()).append(':').append(keyword.startFrom());
        } else {
            b.append("unknown");
        }
        b.append('/');
        if (findKeys instanceof Range range) {
            b.append("range:").append(range.lastKey()).append(':').append(range.keyStep()).append(':').append(range.limit());
        } else if (findKeys instanceof KeyNum keyNum) {
            b.append("keynum:").append(keyNum.keyNumIdx()).append(':').append(keyNum.firstKey()).append(':').append(keyNum.keyStep());
        } else {
            b.append("unknown");
        }
        return b.toString();
    }
}
