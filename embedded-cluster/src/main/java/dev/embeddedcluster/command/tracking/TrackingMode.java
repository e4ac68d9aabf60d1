package dev.embeddedcluster.command.tracking;

import java.util.List;

/**
 * How a client tracks keys (CLIENT TRACKING ON ...): where its invalidations go, the mode
 * (default, BCAST with prefixes, OPTIN, OPTOUT), NOLOOP, and the state CLIENT CACHING and a
 * vanished redirection target leave.
 */
public final class TrackingMode {
    final long redirect;
    final boolean broadcast;
    final boolean optIn;
    final boolean optOut;
    final boolean noLoop;
    final List<byte[]> prefixes;
    /** CLIENT CACHING YES (OPTIN) or NO (OPTOUT) for the next command. */
    boolean caching;
    boolean brokenRedirect;

    TrackingMode(long redirect, boolean broadcast, boolean optIn, boolean optOut, boolean noLoop, List<byte[]> prefixes) {
        this.redirect = redirect;
        this.broadcast = broadcast;
        this.optIn = optIn;
        this.optOut = optOut;
        this.noLoop = noLoop;
        this.prefixes = prefixes;
    }

    public long redirect() {
        return redirect;
    }

    public boolean broadcast() {
        return broadcast;
    }

    public boolean brokenRedirect() {
        return brokenRedirect;
    }

    /** Whether the keys a read names are remembered for this client (OPTIN needs CACHING YES, OPTOUT not NO). */
    boolean remembersReads() {
        return !broadcast && !((optIn && !caching) || (optOut && caching));
    }
}
