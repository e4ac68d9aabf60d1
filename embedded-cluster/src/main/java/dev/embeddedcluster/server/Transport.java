package dev.embeddedcluster.server;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The socket transport: native epoll where Netty ships it for this platform, NIO elsewhere or
 * when the system property {@code embeddedcluster.transport=nio} asks for it.
 */
public enum Transport {
    EPOLL, NIO;

    public static Transport best() {
        if ("nio".equalsIgnoreCase(System.getProperty("embeddedcluster.transport"))) {
            return NIO;
        }
        try {
            return Epoll.isAvailable() ? EPOLL : NIO;
        } catch (Throwable unavailable) {
            return NIO;
        }
    }

    /** A group of one thread: a node's loop. */
    public MultiThreadIoEventLoopGroup newNodeLoop(String threadName) {
        IoHandlerFactory factory = this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory(threadName, true), factory);
    }

    public Class<? extends ServerChannel> serverChannel() {
        return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }
}
