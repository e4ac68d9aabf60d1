package dev.embeddedcluster.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What the nodes' TLS runs on: the server's key and certificate chain (leaf first), the CA that
 * signed it (which verifies client certificates too) and, when the CA's key was at hand, a client
 * key and certificate it signed; null then otherwise.
 */
public record TlsKeys(PrivateKey serverKey, List<X509Certificate> serverChain, X509Certificate ca,
                      PrivateKey clientKey, List<X509Certificate> clientChain) {
    public TlsKeys {
        serverChain = List.copyOf(serverChain);
        clientChain = clientChain == null ? null : List.copyOf(clientChain);
    }

    public boolean hasClientCertificate() {
        return clientKey != null;
    }
}
