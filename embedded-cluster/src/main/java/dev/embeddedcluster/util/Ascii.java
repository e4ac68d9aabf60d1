package dev.embeddedcluster.util;

import java.nio.charset.StandardCharsets;

/** Allocation-free ASCII helpers for matching keywords in raw arguments. */
public final class Ascii {
    private Ascii() {
    }

    public static boolean equalsIgnoreCase(byte[] arg, String lowerCase) {
        int n = lowerCase.length();
        if (arg.length != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            int b = arg[i];
            if (b >= 'A' && b <= 'Z') {
                b += 32;
            }
            if (b != lowerCase.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    public static String lower(byte[] arg) {
        return new String(arg, StandardCharsets.UTF_8).toLowerCase(java.util.Locale.ROOT);
    }

    public static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
