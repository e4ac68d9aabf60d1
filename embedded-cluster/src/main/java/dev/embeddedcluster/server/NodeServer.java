package dev.embeddedcluster.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;

import java.net.InetSocketAddress;

/**
 * A node's listening socket, bound on the node's own loop so that its clients share that thread.
 * The socket is bound before the node exists (its port is part of the node's identity), and
 * the node is attached before anyone learns the port.
 */
public final class NodeServer {
    private final EventLoopGroup group;
    private final Transport transport;
    private volatile Node node;
    private Channel channel;

    public NodeServer(EventLoopGroup group, Transport transport) {
        this.group = group;
        this.transport = transport;
    }

    /** Starts listening; the future completes when the socket is bound (or failed to). */
    public ChannelFuture bind(String host, int port) {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group, group)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, 511)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel client) {
                        if (node.paused()) {
                            client.pipeline().addLast(HeldTraffic.NAME, new HeldTraffic());
                        }
                        TlsContexts tls = node.tls();
                        if (tls != null) {
                            client.pipeline().addLast(tls.serverHandler(client.alloc(), node.config().get("tls-auth-clients")));
                            client.pipeline().addLast(TlsFailures.INSTANCE);
                        }
                        client.pipeline().addLast(new ClientConnection(node));
                    }
                });
        ChannelFuture bound = bootstrap.bind(host, port);
        channel = bound.channel();
        return bound;
    }

    public int boundPort() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    public void attach(Node node) {
        this.node = node;
    }

    public ChannelFuture close() {
        return channel.close();
    }
}
