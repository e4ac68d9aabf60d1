package dev.embeddedcluster;

import java.util.Locale;

/**
 * Whether the nodes of a TLS cluster ask clients for a certificate, as Redis's
 * {@code tls-auth-clients}: {@link #YES} (Redis's default) refuses a client without a certificate
 * signed by the cluster's CA at the handshake, {@link #OPTIONAL} checks one if the client gives
 * it, {@link #NO} never asks.
 */
public enum TlsAuthClients {
    YES, NO, OPTIONAL;

    /** The value CONFIG GET tls-auth-clients shows. */
    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
