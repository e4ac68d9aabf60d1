package dev.embeddedcluster.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * protected-mode as Redis 7.0 applies it when it accepts a connection: while the parameter is
 * yes and the default user has the nopass flag (whether enabled or not), a connection from an
 * address other than loopback receives the DENIED error and is closed, before anything it sent
 * is read. The bind address plays no part (Redis 7.0 refuses such a connection bound to 0.0.0.0
 * or to the very address it came from); the refusal counts in rejected_connections only.
 */
final class ProtectedMode extends ChannelInboundHandlerAdapter {
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

    private final Node node;

    private ProtectedMode(Node node) {
        this.node = node;
    }

    /** The handler for a new connection: the refusal when protected mode applies to it, else {@code accepted}. */
    static io.netty.channel.ChannelHandler gate(Node node, Channel client, io.netty.channel.ChannelHandler accepted) {
        return refuses(node, client) ? new ProtectedMode(node) : accepted;
    }

    private static boolean refuses(Node node, Channel client) {
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

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        node.stats().rejectedConnections++;
        ctx.writeAndFlush(Unpooled.wrappedBuffer(DENIED)).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
