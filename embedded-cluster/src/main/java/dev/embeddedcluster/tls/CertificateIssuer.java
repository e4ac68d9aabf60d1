package dev.embeddedcluster.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * Writes and signs X.509 v3 certificates (RFC 5280) with ECDSA P-256 and SHA-256: the
 * TBSCertificate with a common name as subject and issuer, a validity, the subject's public key
 * and the extensions basicConstraints, keyUsage and, for a leaf, subjectAltName.
 */
final class CertificateIssuer {
    private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
    private static final String COMMON_NAME = "2.5.4.3";
    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String KEY_USAGE = "2.5.29.15";
    private static final String SUBJECT_ALT_NAME = "2.5.29.17";
    private static final int DIGITAL_SIGNATURE = 0;
    private static final int KEY_CERT_SIGN = 5;
    private static final int CRL_SIGN = 6;
    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String issuerName;
    private final PrivateKey issuerKey;

    CertificateIssuer(String issuerName, PrivateKey issuerKey) {
        this.issuerName = issuerName;
        this.issuerKey = issuerKey;
    }

    /** A self-signed CA certificate for this key pair, which must be the issuer's. */
    X509Certificate selfSignedCa(KeyPair pair, Instant notBefore, Instant notAfter) {
        byte[] extensions = Der.sequence(
                extension(BASIC_CONSTRAINTS, Der.sequence(Der.bool(true))),
                extension(KEY_USAGE, Der.namedBits(KEY_CERT_SIGN, CRL_SIGN)));
        return sign(issuerName, pair.getPublic(), notBefore, notAfter, extensions);
    }

    /** An end-entity certificate; names are DNS names or IP address literals (the subjectAltName). */
    X509Certificate leaf(String subjectName, PublicKey key, List<String> names, Instant notBefore, Instant notAfter) {
        byte[][] extensions = new byte[names.isEmpty() ? 2 : 3][];
        extensions[0] = extension(BASIC_CONSTRAINTS, Der.sequence());
        extensions[1] = extension(KEY_USAGE, Der.namedBits(DIGITAL_SIGNATURE));
        if (!names.isEmpty()) {
            extensions[2] = nonCriticalExtension(SUBJECT_ALT_NAME, subjectAltNames(names));
        }
        return sign(subjectName, key, notBefore, notAfter, Der.sequence(extensions));
    }

    private X509Certificate sign(String subjectName, PublicKey key, Instant notBefore, Instant notAfter, byte[] extensions) {
        byte[] algorithm = Der.sequence(Der.oid(ECDSA_WITH_SHA256));
        byte[] tbs = Der.sequence(
                Der.explicit(0, Der.integer(BigInteger.TWO)),
                Der.integer(new BigInteger(63, RANDOM).add(BigInteger.ONE)),
                algorithm,
                name(issuerName),
                Der.sequence(Der.time(notBefore), Der.time(notAfter)),
                name(subjectName),
                key.getEncoded(),
                Der.explicit(3, extensions));
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(issuerKey);
            signer.update(tbs);
            byte[] certificate = Der.sequence(tbs, algorithm, Der.bitString(signer.sign()));
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(certificate));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a certificate for " + subjectName, e);
        }
    }

    private static byte[] name(String commonName) {
        return Der.sequence(Der.set(Der.sequence(Der.oid(COMMON_NAME), Der.utf8(commonName))));
    }

    /** basicConstraints and keyUsage are critical, as RFC 5280 asks of a CA's. */
    private static byte[] extension(String oid, byte[] value) {
        return Der.sequence(Der.oid(oid), Der.bool(true), Der.octetString(value));
    }

    private static byte[] nonCriticalExtension(String oid, byte[] value) {
        return Der.sequence(Der.oid(oid), Der.octetString(value));
    }

    private static byte[] subjectAltNames(List<String> names) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String name : names) {
            out.writeBytes(isAddress(name)
                    ? Der.implicitPrimitive(IP_ADDRESS, address(name))
                    : Der.implicitPrimitive(DNS_NAME, name.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        }
        return Der.tagged(0x30, out.toByteArray());
    }

    /** An IPv4 or IPv6 literal (never a name that would need a lookup). */
    static boolean isAddress(String name) {
        return name.matches("[0-9.]+") && name.chars().filter(c -> c == '.').count() == 3 || name.contains(":");
    }

    private static byte[] address(String literal) {
        try {
            return InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + literal, e);
        }
    }
}
