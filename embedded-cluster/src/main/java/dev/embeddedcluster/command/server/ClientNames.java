package dev.embeddedcluster.command.server;

import dev.embeddedcluster.command.Errors;
/** The rule Redis applies to CLIENT SETNAME and HELLO SETNAME. */
public final class ClientNames {
    private ClientNames() {
    }

    /** Printable ASCII without spaces; the empty name is allowed and clears the name. */
    public static boolean valid(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '!' || c > '~') {
                return false;
            }
        }
        return true;
    }
}
