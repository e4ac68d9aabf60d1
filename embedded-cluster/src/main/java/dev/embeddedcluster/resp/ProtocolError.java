package dev.embeddedcluster.resp;

/** A malformed request: Redis replies with the text and closes the connection. */
public record ProtocolError(String message) {
}
