package dev.embeddedcluster.tls;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** The certificates the DER encoder writes, read back by the JDK's own X.509 parser and PKIX validator. */
class ThrowawayCaTest {
    private final TlsKeys keys = ThrowawayCa.issue(List.of("10.1.2.3", "node.example", "0.0.0.0"));

    @Test
    void theCaIsASelfSignedCaCertificateForSigningCertificates() throws Exception {
        X509Certificate ca = keys.ca();
        ca.verify(ca.getPublicKey());
        assertThat(ca.getVersion()).isEqualTo(3);
        assertThat(ca.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(ca.getSubjectX500Principal()).isEqualTo(ca.getIssuerX500Principal());
        assertThat(ca.getSubjectX500Principal().getName()).isEqualTo("CN=embedded-cluster throwaway CA");
        assertThat(ca.getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
        // keyCertSign (5) and cRLSign (6) only
        assertThat(ca.getKeyUsage()).startsWith(false, false, false, false, false, true, true);
        assertThat(ca.getCriticalExtensionOIDs()).containsExactlyInAnyOrder("2.5.29.19", "2.5.29.15");
    }

    @Test
    void theServerCertificateIsSignedByTheCaAndNamesLocalhostAndTheGivenHosts() throws Exception {
        X509Certificate server = keys.serverChain().get(0);
        server.verify(keys.ca().getPublicKey());
        assertThat(server.getIssuerX500Principal()).isEqualTo(keys.ca().getSubjectX500Principal());
        assertThat(server.getBasicConstraints()).isEqualTo(-1);
        assertThat(server.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(server.getSubjectAlternativeNames()).containsExactly(
                List.of(2, "localhost"), List.of(7, "127.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1"),
                List.of(7, "10.1.2.3"), List.of(2, "node.example"));
        assertThat(server.getNonCriticalExtensionOIDs()).containsExactly("2.5.29.17");
        assertThat(server.getNotBefore().toInstant()).isBefore(Instant.now());
        assertThat(server.getNotAfter().toInstant()).isAfter(Instant.now().plus(Duration.ofDays(300)));
        assertThat(keys.serverChain()).containsExactly(server, keys.ca());
    }

    @Test
    void bothChainsValidateAgainstTheCaAsPkixDoesInATlsHandshake() throws Exception {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(keys.ca(), null)));
        parameters.setRevocationEnabled(false);
        for (List<X509Certificate> chain : List.of(keys.serverChain(), keys.clientChain())) {
            assertThatCode(() -> CertPathValidator.getInstance("PKIX")
                    .validate(factory.generateCertPath(chain.subList(0, 1)), parameters)).doesNotThrowAnyException();
        }
        assertThat(keys.clientChain().get(0).getSubjectAlternativeNames()).isNull();
    }

    @Test
    void pemTextReadsBackToTheSameCertificates() throws Exception {
        String pem = Pem.certificates(keys.serverChain());
        assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("-----END CERTIFICATE-----\n");
        assertThat(List.copyOf(CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))))
                .isEqualTo(keys.serverChain());
        assertThat(Pem.privateKey(keys.serverKey())).startsWith("-----BEGIN PRIVATE KEY-----\n");
    }

    @Test
    void derLengthsAndNamedBitsFollowX690() {
        assertThat(Der.tagged(0x04, new byte[127])).startsWith(0x04, 127);
        assertThat(Der.tagged(0x04, new byte[128])).startsWith(0x04, 0x81, 0x80);
        assertThat(Der.tagged(0x04, new byte[300])).startsWith(0x04, 0x82, 0x01, 0x2c);
        assertThat(Der.oid("1.2.840.10045.4.3.2")).containsExactly(0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02);
        // keyCertSign and cRLSign: bits 5 and 6, one unused bit
        assertThat(Der.namedBits(5, 6)).containsExactly(0x03, 0x02, 0x01, 0x06);
        assertThat(Der.namedBits(0)).containsExactly(0x03, 0x02, 0x07, 0x80);
        assertThat(Der.time(Instant.parse("2026-12-07T23:30:00Z"))).startsWith(0x17, 13);
        assertThat(Der.time(Instant.parse("2050-01-01T00:00:00Z"))).startsWith(0x18, 15);
    }
}
