package dev.embeddedcluster.server;

import dev.embeddedcluster.tls.TlsKeys;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import java.security.cert.X509Certificate;

/**
 * The TLS of a cluster's nodes, built once per cluster with the JDK's provider: the server side
 * of every node's port and the client side of the connections nodes open to each other (MIGRATE),
 * which present the client certificate when there is one, as Redis does with tls-cluster.
 */
public final class TlsContexts {
    private final SslContext server;
    private final SslContext client;

    public TlsContexts(TlsKeys keys) {
        try {
            X509Certificate[] serverChain = keys.serverChain().toArray(X509Certificate[]::new);
            // Every connection then asks for a certificate or not, as the node's tls-auth-clients says.
            this.server = SslContextBuilder.forServer(keys.serverKey(), serverChain)
                    .trustManager(keys.ca())
                    .clientAuth(ClientAuth.OPTIONAL)
                    .sslProvider(SslProvider.JDK)
                    .build();
            SslContextBuilder client = SslContextBuilder.forClient().trustManager(keys.ca()).sslProvider(SslProvider.JDK);
            if (keys.hasClientCertificate()) {
                client.keyManager(keys.clientKey(), keys.clientChain().toArray(X509Certificate[]::new));
            } else {
                client.keyManager(keys.serverKey(), serverChain);
            }
            this.client = client.build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /**
     * The handler of an accepted connection; {@code authClients} is tls-auth-clients: yes refuses
     * a client without a valid certificate at the handshake, optional checks one if it is given.
     */
    SslHandler serverHandler(ByteBufAllocator allocator, String authClients) {
        SSLEngine engine = server.newEngine(allocator);
        switch (authClients) {
            case "yes" -> engine.setNeedClientAuth(true);
            case "optional" -> engine.setWantClientAuth(true);
            default -> engine.setWantClientAuth(false);
        }
        return new SslHandler(engine);
    }

    SslHandler clientHandler(ByteBufAllocator allocator, String host, int port) {
        return client.newHandler(allocator, host, port);
    }
}
