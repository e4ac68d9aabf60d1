package dev.embeddedcluster.server;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;

import javax.net.ssl.SSLException;

/**
 * Closes a TLS connection whose handshake or records failed (no client certificate under
 * tls-auth-clients yes, plain text on the TLS port, an untrusted peer), as Redis drops such a
 * client with a line in its log: an expected event, not an error of the node's.
 */
@ChannelHandler.Sharable
final class TlsFailures extends ChannelInboundHandlerAdapter {
    static final TlsFailures INSTANCE = new TlsFailures();

    private TlsFailures() {
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable failure = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (failure instanceof SSLException) {
            ctx.close();
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }
}
