package dev.embeddedcluster.server;

import dev.embeddedcluster.command.MigrateTargets;
import dev.embeddedcluster.util.Ascii;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;

import java.io.ByteArrayOutputStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * MIGRATE's connections to its targets, as Redis 7.0 keeps them: one cached connection per
 * host:port (at most 64; a new one past that closes one at random), closed after 10 seconds
 * unused, remembering the database it last selected. Unlike Redis, which blocks while it talks
 * to the target, the connections run on the node's own event loop: the exchanges to one target
 * go one after the other, and the node serves other clients meanwhile. As Redis, a connection
 * that fails before any RESTORE was answered (a cached one the target closed, say) is opened
 * again once, unless it timed out. Node thread only.
 */
final class MigrateConnections implements MigrateTargets {
    static final int MAX_CACHED = 64;
    static final long IDLE_CLOSE_NANOS = TimeUnit.SECONDS.toNanos(10);
    static final String CONNECTING = "IOERR error or timeout connecting to the client";
    static final String WRITING = "IOERR error or timeout writing to target instance";
    static final String READING = "IOERR error or timeout reading to target instance";
    private static final byte[] SELECT = Ascii.bytes("SELECT");

    private final Node node;
    private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();

    MigrateConnections(Node node) {
        this.node = node;
    }

    /** Closes the connections unused for longer than the cache keeps them; run every second. */
    void closeIdle() {
        long now = System.nanoTime();
        for (Endpoint endpoint : new ArrayList<>(endpoints.values())) {
            if (endpoint.channel != null && endpoint.current == null && now - endpoint.lastUseNanos > IDLE_CLOSE_NANOS) {
                endpoint.close();
            }
        }
    }

    @Override
    public int cachedSockets() {
        int count = 0;
        for (Endpoint endpoint : endpoints.values()) {
            if (endpoint.channel != null) {
                count++;
            }
        }
        return count;
    }

    @Override
    public javax.net.SocketFactory blockingSockets() {
        return node.tls() == null ? javax.net.SocketFactory.getDefault() : node.tls().blockingClientSockets();
    }

    @Override
    public void exchange(String host, int port, long timeoutMillis, Batch batch, Consumer<Result> done) {
        if (!node.loop().inEventLoop()) {
            node.loop().execute(() -> exchange(host, port, timeoutMillis, batch, done));
            return;
        }
        Endpoint endpoint = endpoints.computeIfAbsent(host + ":" + port, name -> new Endpoint(host, port));
        endpoint.queue.add(new Exchange(batch, timeoutMillis, done));
        endpoint.next();
    }

    private final class Exchange {
        final Batch batch;
        final long timeoutMillis;
        final Consumer<Result> done;
        boolean mayRetry = true;
        boolean authSent;
        boolean selectSent;
        boolean written;
        final List<String> lines = new ArrayList<>();
        ScheduledFuture<?> timer;

        Exchange(Batch batch, long timeoutMillis, Consumer<Result> done) {
            this.batch = batch;
            this.timeoutMillis = timeoutMillis;
            this.done = done;
        }

        int expected() {
            return (authSent ? 1 : 0) + (selectSent ? 1 : 0) + batch.restores().size();
        }

        int restoresRead() {
            return Math.max(0, lines.size() - (authSent ? 1 : 0) - (selectSent ? 1 : 0));
        }

        Result result(String ioError) {
            int at = 0;
            String auth = authSent && lines.size() > at ? lines.get(at++) : null;
            String select = selectSent && lines.size() > at ? lines.get(at++) : null;
            return new Result(ioError, auth, select, List.copyOf(lines.subList(Math.min(at, lines.size()), lines.size())));
        }
    }

    /** One host:port: its cached connection, if any, and the MIGRATEs waiting for it in order. */
    private final class Endpoint {
        final String host;
        final int port;
        Channel channel;
        long lastDb = -1;
        long lastUseNanos;
        final ArrayDeque<Exchange> queue = new ArrayDeque<>();
        Exchange current;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        Endpoint(String host, int port) {
            this.host = host;
            this.port = port;
        }

        void next() {
            if (current != null || queue.isEmpty()) {
                return;
            }
            current = queue.poll();
            attempt(current);
        }

        void attempt(Exchange exchange) {
            lastUseNanos = System.nanoTime();
            if (channel != null && channel.isActive()) {
                send(exchange);
                return;
            }
            if (channel != null) {
                close();
            }
            makeRoom();
            Bootstrap bootstrap = new Bootstrap()
                    .group(node.loop())
                    .channel(node.transport().socketChannel())
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(exchange.timeoutMillis, Integer.MAX_VALUE))
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new io.netty.channel.ChannelInitializer<io.netty.channel.Channel>() {
                        @Override
                        protected void initChannel(io.netty.channel.Channel target) {
                            // On a TLS cluster MIGRATE reaches its target over TLS, as Redis with tls-cluster yes.
                            if (node.tls() != null) {
                                target.pipeline().addLast(node.tls().clientHandler(target.alloc(), host, port));
                            }
                            target.pipeline().addLast(new Replies(Endpoint.this));
                        }
                    });
            ChannelFuture connecting;
            try {
                connecting = bootstrap.connect(host, port);
            } catch (RuntimeException invalid) {
                finish(exchange, CONNECTING);
                return;
            }
            connecting.addListener(f -> {
                if (exchange != current) {
                    return;
                }
                if (f.isSuccess()) {
                    channel = connecting.channel();
                    lastDb = -1;
                    send(exchange);
                } else if (refused(f.cause())) {
                    // Redis connects without waiting for the handshake: a refusal shows when it writes.
                    failed(exchange, WRITING, true);
                } else {
                    finish(exchange, CONNECTING);
                }
            });
        }

        /** A refusal (not a timeout, an unknown host or an unreachable network, which fail the connect itself). */
        private static boolean refused(Throwable cause) {
            return cause instanceof ConnectException && !(cause instanceof ConnectTimeoutException)
                    && cause.getMessage() != null && cause.getMessage().contains("refused");
        }

        private void makeRoom() {
            List<Endpoint> open = new ArrayList<>();
            for (Endpoint endpoint : endpoints.values()) {
                if (endpoint.channel != null) {
                    open.add(endpoint);
                }
            }
            if (open.size() >= MAX_CACHED) {
                open.get(ThreadLocalRandom.current().nextInt(open.size())).close();
            }
        }

        void send(Exchange exchange) {
            List<byte[][]> commands = new ArrayList<>();
            Batch batch = exchange.batch;
            exchange.authSent = batch.auth() != null;
            if (exchange.authSent) {
                commands.add(batch.auth());
            }
            exchange.selectSent = lastDb != batch.db();
            if (exchange.selectSent) {
                commands.add(new byte[][] {SELECT, Ascii.bytes(Long.toString(batch.db()))});
            }
            commands.addAll(batch.restores());
            exchange.lines.clear();
            exchange.written = false;
            line.reset();
            ByteBuf out = CommandEncoding.encode(commands);
            restartTimer(exchange);
            channel.writeAndFlush(out).addListener(f -> {
                if (exchange != current) {
                    return;
                }
                if (f.isSuccess()) {
                    exchange.written = true;
                } else {
                    failed(exchange, WRITING, true);
                }
            });
        }

        void restartTimer(Exchange exchange) {
            if (exchange.timer != null) {
                exchange.timer.cancel(false);
            }
            exchange.timer = node.loop().schedule(() -> {
                if (exchange == current) {
                    failed(exchange, exchange.written ? READING : WRITING, false);
                }
            }, exchange.timeoutMillis, TimeUnit.MILLISECONDS);
        }

        /** A line of the target's reply arrived. */
        void replyLine(String text) {
            Exchange exchange = current;
            if (exchange == null) {
                return; // nothing asked: the target talks out of turn
            }
            exchange.lines.add(text);
            if (exchange.lines.size() < exchange.expected()) {
                restartTimer(exchange);
                return;
            }
            boolean targetError = exchange.lines.stream().anyMatch(l -> l.startsWith("-"));
            lastDb = targetError ? -1 : exchange.batch.db();
            finish(exchange, null);
        }

        void closedByPeer(Channel closed) {
            if (closed != channel) {
                return;
            }
            Exchange exchange = current;
            if (exchange != null) {
                failed(exchange, exchange.written ? READING : WRITING, true);
            }
        }

        /**
         * The connection failed: it is closed; the exchange starts again on a new one when nothing
         * of it was answered yet and it did not time out (once), or ends with the IOERR.
         */
        void failed(Exchange exchange, String error, boolean retryable) {
            close();
            if (retryable && exchange.mayRetry && exchange.restoresRead() == 0) {
                exchange.mayRetry = false;
                attempt(exchange);
                return;
            }
            finish(exchange, error);
        }

        void finish(Exchange exchange, String ioError) {
            if (exchange.timer != null) {
                exchange.timer.cancel(false);
            }
            current = null;
            Result result = exchange.result(ioError);
            if (ioError != null && result.restoreReplies().size() < exchange.batch.restores().size()) {
                close();
            }
            // Through the node's queue: a script may have the node at this moment.
            node.execute(() -> exchange.done.accept(result));
            next();
        }

        void close() {
            if (channel != null) {
                Channel closing = channel;
                channel = null;
                lastDb = -1;
                closing.close();
            }
            line.reset();
        }

        void bytes(ByteBuf in) {
            while (in.isReadable()) {
                byte b = in.readByte();
                if (b != '\n') {
                    line.write(b);
                    continue;
                }
                byte[] raw = line.toByteArray();
                line.reset();
                int length = raw.length > 0 && raw[raw.length - 1] == '\r' ? raw.length - 1 : raw.length;
                replyLine(new String(raw, 0, length, StandardCharsets.UTF_8));
            }
        }
    }

    /** Reads the target's replies line by line, on the node's loop. */
    private static final class Replies extends ChannelInboundHandlerAdapter {
        private final Endpoint endpoint;

        Replies(Endpoint endpoint) {
            this.endpoint = endpoint;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            try {
                if (ctx.channel() == endpoint.channel) {
                    endpoint.bytes(in);
                }
            } finally {
                in.release();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            endpoint.closedByPeer(ctx.channel());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
