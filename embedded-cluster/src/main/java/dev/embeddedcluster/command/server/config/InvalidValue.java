package dev.embeddedcluster.command.server.config;

/** A CONFIG SET value a parameter refuses; the message is Redis's text after "CONFIG SET failed ... - ". */
public final class InvalidValue extends Exception {
    public InvalidValue(String message) {
        super(message, null, false, false);
    }
}
