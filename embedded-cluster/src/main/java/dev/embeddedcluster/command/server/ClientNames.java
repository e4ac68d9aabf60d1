package dev.embeddedcluster.command.server;

/** The rule Redis applies to CLIENT SETNAME and HELLO SETNAME. */
public final class ClientNames {
    public static final String INVALID = "ERR Client names cannot contain spaces, newlines or special characters.";

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
