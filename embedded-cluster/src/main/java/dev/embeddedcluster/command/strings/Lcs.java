package dev.embeddedcluster.command.strings;

import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.keyspace.Entry;
import dev.embeddedcluster.resp.RespWriter;
import dev.embeddedcluster.util.RedisNumbers;

import java.util.ArrayList;
import java.util.List;

/** LCS: the longest common subsequence of two strings, with Redis's match ranges (walked from the end). */
final class Lcs {
    private Lcs() {
    }

    static void execute(Request r) {
        // Redis reads both keys before it looks at the options.
        byte[] a = string(r, r.arg(1));
        byte[] b = string(r, r.arg(2));
        if (a == null || b == null) {
            r.reply().error(Errors.LCS_KEYS_NOT_STRINGS);
            return;
        }
        boolean len = false;
        boolean idx = false;
        boolean withMatchLen = false;
        long minMatchLen = 0;
        for (int i = 3; i < r.argc(); i++) {
            boolean hasNext = i + 1 < r.argc();
            if (r.is(i, "idx")) {
                idx = true;
            } else if (r.is(i, "len")) {
                len = true;
            } else if (r.is(i, "withmatchlen")) {
                withMatchLen = true;
            } else if (r.is(i, "minmatchlen") && hasNext) {
                Long parsed = RedisNumbers.parseLong(r.arg(++i));
                if (parsed == null) {
                    r.reply().error(Errors.NOT_INTEGER);
                    return;
                }
                minMatchLen = Math.max(parsed, 0);
            } else {
                r.reply().error(Errors.SYNTAX);
                return;
            }
        }
        if (len && idx) {
            r.reply().error(Errors.LCS_LEN_WITH_IDX);
            return;
        }
        int[][] table = new int[a.length + 1][b.length + 1];
        for (int i = 1; i <= a.length; i++) {
            for (int j = 1; j <= b.length; j++) {
                table[i][j] = a[i - 1] == b[j - 1] ? table[i - 1][j - 1] + 1 : Math.max(table[i - 1][j], table[i][j - 1]);
            }
        }
        int lcsLength = table[a.length][b.length];
        if (len) {
            r.reply().integer(lcsLength);
            return;
        }
        byte[] result = new byte[lcsLength];
        List<long[]> matches = new ArrayList<>();
        int i = a.length;
        int j = b.length;
        int k = lcsLength;
        int aStart = a.length;
        int aEnd = 0;
        int bStart = 0;
        int bEnd = 0;
        while (i > 0 && j > 0) {
            boolean emit = false;
            if (a[i - 1] == b[j - 1]) {
                result[--k] = a[i - 1];
                if (aStart == a.length) {
                    aStart = aEnd = i - 1;
                    bStart = bEnd = j - 1;
                } else if (aStart == i && bStart == j) {
                    aStart--;
                    bStart--;
                } else {
                    emit = true;
                }
                if (aStart == 0 || bStart == 0) {
                    emit = true;
                }
                i--;
                j--;
            } else {
                if (table[i - 1][j] > table[i][j - 1]) {
                    i--;
                } else {
                    j--;
                }
                if (aStart != a.length) {
                    emit = true;
                }
            }
            if (emit) {
                long matchLength = aEnd - aStart + 1;
                if (minMatchLen == 0 || matchLength >= minMatchLen) {
                    matches.add(new long[] {aStart, aEnd, bStart, bEnd, matchLength});
                }
                aStart = a.length;
            }
        }
        RespWriter reply = r.reply();
        if (!idx) {
            reply.bulk(result);
            return;
        }
        reply.mapHeader(2);
        reply.bulk("matches");
        reply.arrayHeader(matches.size());
        for (long[] m : matches) {
            reply.arrayHeader(withMatchLen ? 3 : 2);
            reply.arrayHeader(2);
            reply.integer(m[0]);
            reply.integer(m[1]);
            reply.arrayHeader(2);
            reply.integer(m[2]);
            reply.integer(m[3]);
            if (withMatchLen) {
                reply.integer(m[4]);
            }
        }
        reply.bulk("len");
        reply.integer(lcsLength);
    }

    /** A key's string, the empty string when missing, null when it holds another type. */
    private static byte[] string(Request r, byte[] key) {
        Entry e = r.keyspace().read(key);
        if (e == null) {
            return new byte[0];
        }
        return e.value() instanceof byte[] bytes ? bytes : null;
    }
}
