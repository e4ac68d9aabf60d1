package dev.embeddedcluster;

import dev.embeddedcluster.tls.Pem;
import dev.embeddedcluster.tls.TlsKeys;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * What a test needs to talk to a TLS cluster: the CA to trust, as a {@link KeyStore}, a PKCS#12
 * file and PEM, and a client key and certificate signed by that CA for client authentication
 * ({@link TlsAuthClients}); also the server's certificate and key files the nodes run on. The
 * files live in a temporary directory until the cluster is closed. Key stores are PKCS#12, with
 * the password {@link #storePassword()}.
 */
public final class TlsMaterial {
    private static final String PASSWORD = "embedded-cluster";

    private final TlsKeys keys;
    private final Path directory;
    private final KeyStore trustStore;
    private final KeyStore clientKeyStore;

    private TlsMaterial(TlsKeys keys, Path directory) throws GeneralSecurityException, IOException {
        this.keys = keys;
        this.directory = directory;
        this.trustStore = emptyStore();
        trustStore.setCertificateEntry("embedded-cluster-ca", keys.ca());
        this.clientKeyStore = keys.hasClientCertificate() ? emptyStore() : null;
        if (clientKeyStore != null) {
            clientKeyStore.setKeyEntry("client", keys.clientKey(), PASSWORD.toCharArray(),
                    keys.clientChain().toArray(X509Certificate[]::new));
        }
    }

    /** Writes the files of these keys into a new temporary directory. */
    static TlsMaterial write(TlsKeys keys) {
        try {
            TlsMaterial material = new TlsMaterial(keys, Files.createTempDirectory("embedded-cluster-tls-"));
            material.writeFiles();
            return material;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the cluster's TLS files", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make the cluster's key stores", e);
        }
    }

    private void writeFiles() throws IOException, GeneralSecurityException {
        Files.writeString(caFile(), caPem());
        Files.writeString(serverCertificateFile(), Pem.certificates(keys.serverChain()));
        writePrivate(serverKeyFile(), Pem.privateKey(keys.serverKey()));
        store(trustStore, trustStoreFile());
        if (clientKeyStore != null) {
            Files.writeString(clientCertificateFile(), Pem.certificates(keys.clientChain()));
            writePrivate(clientKeyFile(), Pem.privateKey(keys.clientKey()));
            store(clientKeyStore, clientKeyStoreFile());
        }
    }

    /** Trusts the cluster's CA: every node's certificate verifies against it, host names included. */
    public KeyStore trustStore() {
        return trustStore;
    }

    /** {@link #trustStore()} as a PKCS#12 file (password {@link #storePassword()}). */
    public Path trustStoreFile() {
        return directory.resolve("truststore.p12");
    }

    /** The password of both key stores and their files. */
    public String storePassword() {
        return PASSWORD;
    }

    /** The CA certificate in PEM, as {@code redis-cli --tls --cacert} takes it. */
    public String caPem() {
        return Pem.certificates(java.util.List.of(keys.ca()));
    }

    public Path caFile() {
        return directory.resolve("ca.crt");
    }

    /**
     * A key store with the client's key and its certificate chain, signed by the cluster's CA, for
     * {@link TlsAuthClients#YES} or {@link TlsAuthClients#OPTIONAL}.
     *
     * @throws IllegalStateException when the cluster runs on certificates of the user's, whose CA's key it lacks
     */
    public KeyStore clientKeyStore() {
        requireClientCertificate();
        return clientKeyStore;
    }

    /** {@link #clientKeyStore()} as a PKCS#12 file (password {@link #storePassword()}). */
    public Path clientKeyStoreFile() {
        requireClientCertificate();
        return directory.resolve("client.p12");
    }

    /** The client certificate chain in PEM (redis-cli's {@code --cert}). */
    public Path clientCertificateFile() {
        requireClientCertificate();
        return directory.resolve("client.crt");
    }

    /** The client's private key, unencrypted PKCS#8 PEM (redis-cli's {@code --key}). */
    public Path clientKeyFile() {
        requireClientCertificate();
        return directory.resolve("client.key");
    }

    /** The nodes' certificate chain in PEM, as {@code tls-cert-file} shows it. */
    public Path serverCertificateFile() {
        return directory.resolve("server.crt");
    }

    /** The nodes' private key, as {@code tls-key-file} shows it. */
    public Path serverKeyFile() {
        return directory.resolve("server.key");
    }

    /** An SSLContext trusting the cluster's CA that presents the client certificate when a node asks for one. */
    public SSLContext sslContext() {
        return sslContext(true);
    }

    /** An SSLContext trusting the cluster's CA, with no client certificate (for {@link TlsAuthClients#NO}). */
    public SSLContext sslContextWithoutClientCertificate() {
        return sslContext(false);
    }

    private SSLContext sslContext(boolean withClientCertificate) {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore);
            KeyManagerFactory keyManagers = null;
            if (withClientCertificate && clientKeyStore != null) {
                keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keyManagers.init(clientKeyStore, PASSWORD.toCharArray());
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers == null ? null : keyManagers.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make an SSLContext", e);
        }
    }

    TlsKeys keys() {
        return keys;
    }

    /** Removes the files; the cluster does so when it is closed. */
    void delete() {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory: what is left goes with the others
        }
    }

    private void requireClientCertificate() {
        if (clientKeyStore == null) {
            throw new IllegalStateException("the cluster runs on the given certificates: no client certificate was made,"
                    + " as only the CA's own key could sign one");
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        return store;
    }

    private static void store(KeyStore store, Path file) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, PASSWORD.toCharArray());
        }
    }

    private static void writePrivate(Path file, String pem) throws IOException {
        Files.writeString(file, pem);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // the temporary directory is the user's own anyway
        }
    }
}
