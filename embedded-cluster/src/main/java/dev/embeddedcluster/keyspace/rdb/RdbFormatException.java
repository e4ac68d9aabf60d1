package dev.embeddedcluster.keyspace.rdb;

/** Input that is not a valid RDB encoding (Redis's "Bad data format" or a corrupt file). */
public final class RdbFormatException extends Exception {
    public RdbFormatException(String message) {
        super(message, null, false, false);
    }
}
