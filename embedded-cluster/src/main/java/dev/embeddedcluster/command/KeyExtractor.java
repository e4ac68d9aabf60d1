package dev.embeddedcluster.command;

import dev.embeddedcluster.util.Ascii;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Finds the key arguments of a command from its key specs alone, as Redis 7.0's
 * {@code getKeysUsingKeySpecs} does: begin search by index or keyword, then a range (negative last
 * key counted from the end, optional limit) or a count argument (keynum).
 *
 * <p>As in Redis, a spec that cannot be satisfied by the arguments (a keyword search that finds no
 * keyword is simply skipped; but a range running past the end, an unparsable or negative key
 * count, an unknown or incomplete spec) makes the whole extraction fail, which here means no keys:
 * the command then reports its own syntax or arity error. Redis 7.0 falls back to a per-command C
 * function in that case for a few commands (SORT, MIGRATE, EVAL, ZUNION...); of ours, SORT's STORE
 * key and MIGRATE's KEYS need one, reproduced in {@link #sortKeyPositions} and {@link #migrateKeyPositions},
 * and the key count commands' one in {@link #keyCountFallback}.
 *
 * <p>Arrays returned are shared and must not be modified.
 */
public final class KeyExtractor {
    /** No keys. */
    public static final int[] NONE = new int[0];

    private static final int CACHED_LAST = 64;
    /** RANGES[step - 1][last]: {1, 1 + step, ..., <= last}, for step 1 and 2 (DEL, MGET, MSET...). */
    private static final int[][][] RANGES = new int[2][CACHED_LAST][];
    private static final int[] ONE = {1};
    private static final int[] TWO = {2};
    private static final int[] ONE_TWO = {1, 2};

    static {
        for (int step = 1; step <= 2; step++) {
            for (int last = 1; last < CACHED_LAST; last++) {
                int[] positions = new int[(last - 1) / step + 1];
                for (int i = 0; i < positions.length; i++) {
                    positions[i] = 1 + i * step;
                }
                RANGES[step - 1][last] = positions;
            }
        }
    }

    private KeyExtractor() {
    }

    /** Whether the command has at least one key spec that is not marked not_key. */
    public static boolean hasKeys(CommandSpec spec) {
        return spec.hasKeys;
    }

    /**
     * The indices in {@code args} (args[0] being the command name, for a subcommand args[1] its
     * name) of the key arguments, in key spec order. Allocation-free for fixed key positions (GET,
     * SET, COPY...) and for DEL/MGET/MSET-like commands with fewer than 64 arguments.
     */
    public static int[] keyPositions(CommandSpec spec, byte[][] args) {
        if (spec.sortKeys) {
            return sortKeyPositions(args);
        }
        if (spec.sortedKeyOnly) {
            return ONE;
        }
        if (spec.migrateKeys) {
            return migrateKeyPositions(args);
        }
        int[] fixed = spec.fixedKeys;
        if (fixed != null) {
            // Every spec is index + range with lastkey >= 0: a last key beyond the arguments is an
            // invalid spec for Redis, which then returns no key at all.
            return args.length > spec.fixedKeysLast ? fixed : NONE;
        }
        KeySpec[] specs = spec.keySpecArray();
        if (specs.length == 1) {
            int[] found = single(spec, specs[0], args);
            return found == NONE && specs[0].findKeys() instanceof KeySpec.KeyNum ? keyCountFallback(specs, args) : found;
        }
        Positions out = new Positions();
        for (KeySpec keySpec : specs) {
            if (!collect(spec, keySpec, args, out, 0)) {
                return keyCountFallback(specs, args);
            }
        }
        return out.toArray();
    }

    /**
     * Where a key count spec fails (a count that is no string2ll number, or more keys than
     * arguments), Redis 7.0 asks the command's own function (EVAL's, FCALL's, ZUNIONSTORE's,
     * SINTERCARD's, LMPOP's...), which reads the count with C's atoi: leading blanks, a sign,
     * the digits up to the first other character ("1e3" is 1). Its keys, then a destination key.
     */
    private static int[] keyCountFallback(KeySpec[] specs, byte[][] args) {
        KeySpec.KeyNum keyNum = null;
        int begin = 0;
        int store = 0;
        for (KeySpec keySpec : specs) {
            if (!(keySpec.beginSearch() instanceof KeySpec.Index index)) {
                return NONE;
            }
            if (keySpec.findKeys() instanceof KeySpec.KeyNum found) {
                keyNum = found;
                begin = index.index();
            } else {
                store = index.index();
            }
        }
        int countIndex = begin + (keyNum == null ? 0 : keyNum.keyNumIdx());
        if (keyNum == null || countIndex >= args.length || keyNum.keyStep() <= 0) {
            return NONE;
        }
        int count = atoi(args[countIndex]);
        int first = begin + keyNum.firstKey();
        if (count < 1 || count > (args.length - first) / keyNum.keyStep()) {
            return NONE;
        }
        int[] positions = new int[store > 0 ? count + 1 : count];
        for (int i = 0; i < count; i++) {
            positions[i] = first + i * keyNum.keyStep();
        }
        if (store > 0) {
            positions[count] = store;
        }
        return positions;
    }

    /** C's atoi: strtol's value (clamped to 64 bits) cast to an int. */
    static int atoi(byte[] s) {
        int i = 0;
        while (i < s.length && (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r'))) {
            i++;
        }
        boolean negative = i < s.length && s[i] == '-';
        if (i < s.length && (s[i] == '-' || s[i] == '+')) {
            i++;
        }
        long value = 0;
        for (; i < s.length && s[i] >= '0' && s[i] <= '9'; i++) {
            int digit = s[i] - '0';
            if (value > (Long.MAX_VALUE - digit) / 10) {
                value = negative ? Long.MIN_VALUE : Long.MAX_VALUE;
                return (int) value;
            }
            value = value * 10 + digit;
        }
        return (int) (negative ? -value : value);
    }

    /**
     * SORT's keys as Redis finds them for routing: the sorted key, and the argument after the
     * last STORE, skipping LIMIT's two arguments and BY's and GET's one.
     */
    static int[] sortKeyPositions(byte[][] args) {
        int store = -1;
        for (int i = 2; i < args.length; i++) {
            if (Ascii.equalsIgnoreCase(args[i], "limit")) {
                i += 2;
            } else if (Ascii.equalsIgnoreCase(args[i], "get") || Ascii.equalsIgnoreCase(args[i], "by")) {
                i++;
            } else if (Ascii.equalsIgnoreCase(args[i], "store") && i + 1 < args.length) {
                store = i + 1;
            }
        }
        return store < 0 ? ONE : new int[] {1, store};
    }

    /**
     * MIGRATE's keys as Redis finds them: the key argument, or with KEYS every argument after it
     * (none when the key argument is not empty then), skipping AUTH's password and AUTH2's
     * username and password on the way.
     */
    static int[] migrateKeyPositions(byte[][] args) {
        for (int i = 6; i < args.length; i++) {
            if (Ascii.equalsIgnoreCase(args[i], "keys")) {
                if (args[3].length > 0) {
                    return NONE;
                }
                int[] positions = new int[args.length - i - 1];
                for (int k = 0; k < positions.length; k++) {
                    positions[k] = i + 1 + k;
                }
                return positions;
            }
            if (Ascii.equalsIgnoreCase(args[i], "auth")) {
                i++;
            } else if (Ascii.equalsIgnoreCase(args[i], "auth2")) {
                i += 2;
            }
        }
        return args.length > 3 ? new int[] {3} : NONE;
    }

    private static int[] single(CommandSpec spec, KeySpec keySpec, byte[][] args) {
        if (keySpec.has(KeySpec.Flag.NOT_KEY)) {
            return NONE;
        }
        // The common variadic case: keys from 1 to (argc + lastkey), every step.
        if (!keySpec.has(KeySpec.Flag.INCOMPLETE)
                && keySpec.beginSearch() instanceof KeySpec.Index index && index.index() == 1
                && keySpec.findKeys() instanceof KeySpec.Range range && range.lastKey() < 0
                && range.limit() == 0 && (range.keyStep() == 1 || range.keyStep() == 2)) {
            int last = args.length + range.lastKey();
            if (last < 1) {
                return NONE;
            }
            if (last < CACHED_LAST) {
                return RANGES[range.keyStep() - 1][last];
            }
        }
        Positions out = new Positions();
        return collect(spec, keySpec, args, out, 0) ? out.toArray() : NONE;
    }

    /**
     * Adds the keys one spec finds; false when the spec is invalid for these arguments (Redis's
     * {@code goto invalid_spec}), which voids the whole extraction.
     */
    private static boolean collect(CommandSpec spec, KeySpec keySpec, byte[][] args, Positions out, int specIndex) {
        if (keySpec.has(KeySpec.Flag.NOT_KEY)) {
            return true;
        }
        int argc = args.length;
        int first;
        KeySpec.BeginSearch begin = keySpec.beginSearch();
        if (begin instanceof KeySpec.Index index) {
            first = index.index();
        } else if (begin instanceof KeySpec.Keyword keyword) {
            first = findKeyword(keyword, args);
            if (first == 0) {
                return true; // keyword not found: this spec has no keys
            }
        } else {
            return false;
        }

        int last;
        int step;
        KeySpec.FindKeys find = keySpec.findKeys();
        if (find instanceof KeySpec.Range range) {
            step = range.keyStep();
            if (range.lastKey() >= 0) {
                last = first + range.lastKey();
            } else if (range.limit() == 0) {
                last = argc + range.lastKey();
            } else {
                last = first + ((argc - first) / range.limit() + range.lastKey());
            }
        } else if (find instanceof KeySpec.KeyNum keyNum) {
            step = keyNum.keyStep();
            int numIndex = first + keyNum.keyNumIdx();
            if (numIndex >= argc || numIndex < 0) {
                return false;
            }
            long numKeys = parseCount(args[numIndex]);
            if (numKeys < 0) {
                return false;
            }
            first += keyNum.firstKey();
            last = first + (int) numKeys - 1;
        } else {
            return false;
        }

        if (last >= argc || last < first || first >= argc) {
            return false;
        }
        if (step <= 0) {
            return false;
        }
        for (int i = first; i <= last; i += step) {
            if (i >= argc || i < first) {
                // Redis: commands with a negative arity skip the position (the command reports
                // the error itself); a fixed-arity built-in command never gets here.
                continue;
            }
            out.add(i, specIndex);
        }
        return !keySpec.has(KeySpec.Flag.INCOMPLETE);
    }

    /** Index just after the keyword, or 0 when not found, searched as Redis 7.0 does. */
    private static int findKeyword(KeySpec.Keyword keyword, byte[][] args) {
        int argc = args.length;
        int startFrom = keyword.startFrom();
        int start = startFrom > 0 ? startFrom : argc + startFrom;
        int end = startFrom > 0 ? argc - 1 : 0;
        String word = keyword.keyword();
        for (int i = start; i != end; i = start <= end ? i + 1 : i - 1) {
            if (i >= argc || i < 1) {
                break;
            }
            if (equalsIgnoreCase(args[i], word)) {
                return i + 1;
            }
        }
        return 0;
    }

    private static boolean equalsIgnoreCase(byte[] arg, String word) {
        int n = word.length();
        if (arg.length != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (lower(arg[i]) != lower(word.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }

    /**
     * A key count parsed like Redis's string2ll (optional '-', no leading zeros, no '+', no
     * spaces, within a signed 64-bit range); -1 when invalid or negative.
     */
    static long parseCount(byte[] s) {
        int len = s.length;
        if (len == 0 || len > 20) {
            return -1;
        }
        if (len == 1 && s[0] == '0') {
            return 0;
        }
        if (s[0] == '-') {
            return -1; // a valid negative number or not, Redis rejects it as a key count
        }
        if (s[0] < '1' || s[0] > '9') {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < len; i++) {
            int d = s[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            if (value > (Long.MAX_VALUE - d) / 10) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }

    /** A key position with the key spec flags that apply to it. */
    public record KeyReference(int position, int flags) {
        public List<String> flagNames() {
            return KeySpec.Flag.names(flags);
        }
    }

    /**
     * The key positions with their access flags, as COMMAND GETKEYSANDFLAGS reports them. For a
     * spec marked variable_flags the flags depend on the arguments: Redis computes them in a
     * per-command function, reproduced here for SET and BITFIELD (the only such commands in our
     * table; others keep their declared flags).
     * Not for the hot path.
     */
    public static List<KeyReference> keysAndFlags(CommandSpec spec, byte[][] args) {
        KeySpec[] specs = spec.keySpecArray();
        Positions out = new Positions();
        for (int s = 0; s < specs.length; s++) {
            if (!collect(spec, specs[s], args, out, s)) {
                return List.of();
            }
        }
        List<KeyReference> keys = new ArrayList<>(out.size);
        for (int k = 0; k < out.size; k++) {
            KeySpec keySpec = specs[out.specs[k]];
            int flags = keySpec.flags();
            if (keySpec.has(KeySpec.Flag.VARIABLE_FLAGS)) {
                flags = variableFlags(spec, args, flags);
            }
            keys.add(new KeyReference(out.positions[k], flags));
        }
        return Collections.unmodifiableList(keys);
    }

    private static int variableFlags(CommandSpec spec, byte[][] args, int declared) {
        switch (spec.fullName()) {
            case "set": {
                // Redis's setGetKeys: GET anywhere after the value makes the key read-write.
                for (int i = 3; i < args.length; i++) {
                    if (equalsIgnoreCase(args[i], "get")) {
                        return KeySpec.Flag.RW.bit() | KeySpec.Flag.ACCESS.bit() | KeySpec.Flag.UPDATE.bit();
                    }
                }
                return KeySpec.Flag.OW.bit() | KeySpec.Flag.UPDATE.bit();
            }
            case "bitfield":
                return bitfieldReadsOnly(args)
                        ? KeySpec.Flag.RO.bit() | KeySpec.Flag.ACCESS.bit()
                        : KeySpec.Flag.RW.bit() | KeySpec.Flag.ACCESS.bit() | KeySpec.Flag.UPDATE.bit();
            default:
                return declared;
        }
    }

    /**
     * Redis's bitfieldGetKeys: read-only when the arguments scan as GETs and OVERFLOWs only; a
     * SET, an INCRBY or anything it cannot scan (a syntax error) counts as a write.
     */
    private static boolean bitfieldReadsOnly(byte[][] args) {
        int i = 2;
        while (i < args.length) {
            int remaining = args.length - i - 1;
            if (equalsIgnoreCase(args[i], "get") && remaining >= 2) {
                i += 3;
            } else if (equalsIgnoreCase(args[i], "overflow") && remaining >= 1) {
                i += 2;
            } else {
                return false;
            }
        }
        return true;
    }

    /** Interns the fixed position arrays most commands share. */
    static int[] shared(int[] positions) {
        if (positions.length == 0) {
            return NONE;
        }
        if (positions.length == 1 && positions[0] == 1) {
            return ONE;
        }
        if (positions.length == 1 && positions[0] == 2) {
            return TWO;
        }
        if (positions.length == 2 && positions[0] == 1 && positions[1] == 2) {
            return ONE_TWO;
        }
        return positions;
    }

    private static final class Positions {
        int[] positions = new int[8];
        int[] specs = new int[8];
        int size;

        void add(int position, int spec) {
            if (size == positions.length) {
                positions = java.util.Arrays.copyOf(positions, size * 2);
                specs = java.util.Arrays.copyOf(specs, size * 2);
            }
            positions[size] = position;
            specs[size++] = spec;
        }

        int[] toArray() {
            return size == 0 ? NONE : java.util.Arrays.copyOf(positions, size);
        }
    }
}
