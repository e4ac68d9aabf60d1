package dev.embeddedcluster.command;

/**
 * Redis's glob matching (stringmatchlen): *, ?, [...] with ^ and ranges, and \ escapes, for
 * KEYS, SCAN MATCH, CONFIG GET and COMMAND LIST patterns.
 */
public final class Glob {
    private Glob() {
    }

    /** Whether {@code string} matches {@code pattern}, ignoring ASCII case when {@code nocase}. */
    public static boolean matches(byte[] pattern, byte[] string, boolean nocase) {
        return match(pattern, 0, pattern.length, string, 0, string.length, nocase, new boolean[1]);
    }

    private static boolean match(byte[] p, int pi, int pLen, byte[] s, int si, int sLen, boolean nocase, boolean[] skipLonger) {
        while (pLen > 0 && sLen > 0) {
            switch (p[pi]) {
                case '*': {
                    while (pLen > 1 && p[pi + 1] == '*') {
                        pi++;
                        pLen--;
                    }
                    if (pLen == 1) {
                        return true;
                    }
                    while (sLen > 0) {
                        if (match(p, pi + 1, pLen - 1, s, si, sLen, nocase, skipLonger)) {
                            return true;
                        }
                        if (skipLonger[0]) {
                            return false;
                        }
                        si++;
                        sLen--;
                    }
                    skipLonger[0] = true;
                    return false;
                }
                case '?':
                    si++;
                    sLen--;
                    break;
                case '[': {
                    pi++;
                    pLen--;
                    boolean not = pLen > 0 && p[pi] == '^';
                    if (not) {
                        pi++;
                        pLen--;
                    }
                    boolean matched = false;
                    while (true) {
                        if (pLen >= 2 && p[pi] == '\\') {
                            pi++;
                            pLen--;
                            if (p[pi] == s[si]) {
                                matched = true;
                            }
                        } else if (pLen == 0) {
                            pi--;
                            pLen++;
                            break;
                        } else if (p[pi] == ']') {
                            break;
                        } else if (pLen >= 3 && p[pi + 1] == '-') {
                            int start = fold(p[pi], nocase);
                            int end = fold(p[pi + 2], nocase);
                            int c = fold(s[si], nocase);
                            if (start > end) {
                                int t = start;
                                start = end;
                                end = t;
                            }
                            pi += 2;
                            pLen -= 2;
                            if (c >= start && c <= end) {
                                matched = true;
                            }
                        } else if (fold(p[pi], nocase) == fold(s[si], nocase)) {
                            matched = true;
                        }
                        pi++;
                        pLen--;
                    }
                    if (not) {
                        matched = !matched;
                    }
                    if (!matched) {
                        return false;
                    }
                    si++;
                    sLen--;
                    break;
                }
                case '\\':
                    if (pLen >= 2) {
                        pi++;
                        pLen--;
                    }
                    // fall through
                default:
                    if (fold(p[pi], nocase) != fold(s[si], nocase)) {
                        return false;
                    }
                    si++;
                    sLen--;
                    break;
            }
            pi++;
            pLen--;
            if (sLen == 0) {
                while (pLen > 0 && p[pi] == '*') {
                    pi++;
                    pLen--;
                }
                break;
            }
        }
        return pLen == 0 && sLen == 0;
    }

    private static int fold(int c, boolean nocase) {
        c &= 0xff;
        return nocase && c >= 'A' && c <= 'Z' ? c + 32 : c;
    }
}
