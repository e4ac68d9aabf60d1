package dev.embeddedcluster.command.scripting;

/**
 * Why a library could not be loaded, restored or joined: Redis's text, without the "ERR " every
 * such reply gets. Texts may carry any byte of the code they quote, one char per byte (ISO-8859-1).
 */
final class FunctionException extends Exception {
    private static final long serialVersionUID = 1L;

    FunctionException(String message) {
        super(message, null, false, false);
    }
}
