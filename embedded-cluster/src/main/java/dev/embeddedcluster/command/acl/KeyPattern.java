package dev.embeddedcluster.command.acl;

import dev.embeddedcluster.command.Glob;

import java.nio.charset.StandardCharsets;

/** A key pattern of a selector with the access it grants: read, write or both (~ is both). */
record KeyPattern(String pattern, byte[] bytes, int permissions) {
    static final int READ = 1;
    static final int WRITE = 2;
    static final int ALL = READ | WRITE;

    static KeyPattern of(String pattern, int permissions) {
        return new KeyPattern(pattern, pattern.getBytes(StandardCharsets.UTF_8), permissions);
    }

    KeyPattern with(int more) {
        return new KeyPattern(pattern, bytes, permissions | more);
    }

    boolean grants(byte[] key, int needed) {
        return (permissions & needed) == needed && Glob.matches(bytes, key, false);
    }

    /** As ACL LIST and GETUSER show it: ~p, %R~p or %W~p. */
    String rule() {
        return switch (permissions) {
            case READ -> "%R~" + pattern;
            case WRITE -> "%W~" + pattern;
            default -> "~" + pattern;
        };
    }
}
