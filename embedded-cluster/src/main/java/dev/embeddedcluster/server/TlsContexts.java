package dev.embeddedcluster.server;

import dev.embeddedcluster.tls.TlsKeys;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;

import javax.net.ssl.SSLEngine;
import java.security.cert.X509Certificate;

/**
 * The TLS of a cluster's nodes, built once per cluster with the JDK's provider: the server side
 * of every node's port and the client side of the connections nodes open to each other (MIGRATE),
 * which present the client certificate when there is one, as Redis does with tls-cluster.
 */
public final class TlsContexts {
    private final SslContext server;
    private final SslContext client;
    private final javax.net.ssl.SSLSocketFactory blockingClient;

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
            this.blockingClient = blockingClientContext(keys, serverChain).getSocketFactory();
        } catch (java.security.GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** The same client side as {@link #clientHandler} for a blocking socket, which the JDK's own SSLContext serves. */
    private static javax.net.ssl.SSLContext blockingClientContext(TlsKeys keys, X509Certificate[] serverChain)
            throws java.security.GeneralSecurityException, java.io.IOException {
        char[] password = "embedded".toCharArray();
        java.security.KeyStore own = java.security.KeyStore.getInstance("PKCS12");
        own.load(null, null);
        if (keys.hasClientCertificate()) {
            own.setKeyEntry("client", keys.clientKey(), password, keys.clientChain().toArray(X509Certificate[]::new));
        } else {
            own.setKeyEntry("client", keys.serverKey(), password, serverChain);
        }
        java.security.KeyStore trusted = java.security.KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("ca", keys.ca());
        javax.net.ssl.KeyManagerFactory keyManagers = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(own, password);
        javax.net.ssl.TrustManagerFactory trust = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    javax.net.ssl.SSLSocketFactory blockingClientSockets() {
        return blockingClient;
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
