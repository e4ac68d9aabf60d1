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
 * The socket transport: native epoll where Netty ships it for this platform and the JVM lets us
 * load it quietly, NIO elsewhere or when the system property {@code embeddedcluster.transport=nio}
 * asks for it.
 */
public enum Transport {
    EPOLL, NIO;

    public static Transport best() {
        if ("nio".equalsIgnoreCase(System.getProperty("embeddedcluster.transport"))) {
            return NIO;
        }
        if (!nativeAccessEnabled()) {
            return NIO;
        }
        try {
            return Epoll.isAvailable() ? EPOLL : NIO;
        } catch (Throwable unavailable) {
            return NIO;
        }
    }

    /**
     * From JDK 24 on, loading a native library from a module without native access prints a
     * warning on the user's console (and future JDKs refuse it): there we load it only where the
     * user enabled it ({@code --enable-native-access=ALL-UNNAMED}, or the standalone jar's manifest).
     */
    private static boolean nativeAccessEnabled() {
        if (Runtime.version().feature() < 24) {
            return true;
        }
        Module module = Transport.class.getModule();
        try {
            return (Boolean) Module.class.getMethod("isNativeAccessEnabled").invoke(module);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /** A group of one thread: a node's loop. */
    public MultiThreadIoEventLoopGroup newNodeLoop(String threadName) {
        IoHandlerFactory factory = this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory(threadName, true), factory);
    }

    /** The channel of an outgoing connection (MIGRATE's to its target). */
    public Class<? extends io.netty.channel.Channel> socketChannel() {
        return this == EPOLL ? io.netty.channel.epoll.EpollSocketChannel.class : io.netty.channel.socket.nio.NioSocketChannel.class;
    }

    public Class<? extends ServerChannel> serverChannel() {
        return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }
}
