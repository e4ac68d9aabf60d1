package dev.embeddedcluster.tls;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A certificate authority made up for one cluster: its own EC P-256 key, a server certificate
 * whose subjectAltName covers localhost, 127.0.0.1 and the given host names, and a client
 * certificate for client authentication. Valid from an hour ago (clocks of the tests' clients
 * may lag) for a year.
 */
public final class ThrowawayCa {
    private static final Duration BACKDATED = Duration.ofHours(1);
    private static final Duration VALIDITY = Duration.ofDays(365);

    private ThrowawayCa() {
    }

    public static TlsKeys issue(List<String> hostNames) {
        Instant notBefore = Instant.now().minus(BACKDATED).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Instant notAfter = notBefore.plus(VALIDITY);
        KeyPair caPair = ecKeyPair();
        CertificateIssuer ca = new CertificateIssuer("embedded-cluster throwaway CA", caPair.getPrivate());
        X509Certificate caCertificate = ca.selfSignedCa(caPair, notBefore, notAfter);
        Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        hostNames.stream().filter(name -> !name.isEmpty() && !isWildcard(name)).forEach(names::add);
        KeyPair server = ecKeyPair();
        X509Certificate serverCertificate = ca.leaf("embedded-cluster node", server.getPublic(), List.copyOf(names), notBefore, notAfter);
        KeyPair client = ecKeyPair();
        X509Certificate clientCertificate = ca.leaf("embedded-cluster client", client.getPublic(), List.of(), notBefore, notAfter);
        return new TlsKeys(server.getPrivate(), List.of(serverCertificate, caCertificate), caCertificate,
                client.getPrivate(), List.of(clientCertificate, caCertificate));
    }

    /** 0.0.0.0 and :: name every address, none in particular. */
    private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("*");
    }

    private static KeyPair ecKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make EC P-256 keys", e);
        }
    }
}
