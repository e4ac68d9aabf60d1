package dev.embeddedcluster.server;

import io.netty.channel.Channel;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * protected-mode as Redis 7.0 applies it when it accepts a connection: while the parameter is
 * yes and the default user has the nopass flag (whether enabled or not), a connection from an
 * address other than loopback receives the DENIED error and is closed, before anything it sent
 * is read. The bind address plays no part (Redis 7.0 refuses such a connection bound to 0.0.0.0
 * or to the very address it came from); the refusal counts in rejected_connections only.
 */
final class ProtectedMode {
    static final byte[] DENIED = ("-DENIED Redis is running in protected mode because protected mode is enabled and no "
            + "password is set for the default user. In this mode connections are only accepted from the loopback "
            + "interface. If you want to connect from external computers to Redis you may adopt one of the following "
            + "solutions: 1) Just disable protected mode sending the command 'CONFIG SET protected-mode no' from the "
            + "loopback interface by connecting to Redis from the same host the server is running, however MAKE SURE "
            + "Redis is not publicly accessible from internet if you do so. Use CONFIG REWRITE to make this change "
            + "permanent. 2) Alternatively you can just disable the protected mode by editing the Redis configuration "
            + "file, and setting the protected mode option to 'no', and then restarting the server. 3) If you started "
            + "the server manually just for testing, restart it with the '--protected-mode no' option. 4) Setup a an "
            + "authentication password for the default user. NOTE: You only need to do one of the above things in "
            + "order for the server to start accepting connections from the outside.\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    private ProtectedMode() {
    }

    /** Whether the new connection is to be refused (after maxclients, as Redis checks that first). */
    static boolean refuses(Node node, Channel client) {
        if (!"yes".equals(node.config().get("protected-mode"))) {
            return false;
        }
        node.acl().followRequirePass(node.config().requirePass());
        if (!node.acl().defaultUser().nopass()) {
            return false;
        }
        return client.remoteAddress() instanceof InetSocketAddress peer && peer.getAddress() != null
                && !peer.getAddress().isLoopbackAddress();
    }
}
