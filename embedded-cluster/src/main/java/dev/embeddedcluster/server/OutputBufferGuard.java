package dev.embeddedcluster.server;

import dev.embeddedcluster.command.server.ClientLimits.OutputLimit;

/**
 * client-output-buffer-limit for one connection: over the hard limit the client is to be closed
 * at once; over the soft limit, once it has stayed over it for longer than the soft seconds (the
 * time counts from the first check that found it over, and starts again when it falls below).
 */
final class OutputBufferGuard {
    private long softSinceMillis = -1;

    boolean exceeded(long pendingBytes, OutputLimit limit, long nowMillis) {
        if (limit.hardBytes() != 0 && pendingBytes >= limit.hardBytes()) {
            return true;
        }
        if (limit.softBytes() == 0 || pendingBytes < limit.softBytes()) {
            softSinceMillis = -1;
            return false;
        }
        if (softSinceMillis < 0) {
            softSinceMillis = nowMillis;
            return false;
        }
        return nowMillis - softSinceMillis > limit.softMillis();
    }
}
