package dev.embeddedcluster;

import dev.embeddedcluster.server.Node;
import dev.embeddedcluster.server.TlsContexts;
import dev.embeddedcluster.tls.Pem;
import dev.embeddedcluster.tls.ThrowawayCa;
import dev.embeddedcluster.tls.TlsKeys;

import java.nio.file.Path;
import java.util.List;

/**
 * The TLS of one cluster, set up once when it starts: its keys (made by a throwaway CA, or the
 * user's), their files, and the contexts every node's port and MIGRATE connections use.
 */
final class ClusterTls {
    /** What the builder asked for: null files for certificates made at start. */
    record Request(Path certificateChain, Path privateKey, Path caCertificate, TlsAuthClients authClients) {
        static Request generated(TlsAuthClients authClients) {
            return new Request(null, null, null, authClients);
        }

        Request with(TlsAuthClients mode) {
            return new Request(certificateChain, privateKey, caCertificate, mode);
        }
    }

    private final TlsMaterial material;
    private final TlsContexts contexts;
    private final TlsAuthClients authClients;

    private ClusterTls(TlsMaterial material, TlsAuthClients authClients) {
        this.material = material;
        this.contexts = new TlsContexts(material.keys());
        this.authClients = authClients;
    }

    /** Makes (or reads) the keys; the host names go into a made server certificate. */
    static ClusterTls start(Request request, List<String> hostNames) {
        TlsKeys keys = request.certificateChain() == null
                ? ThrowawayCa.issue(hostNames)
                : new TlsKeys(Pem.readPrivateKey(request.privateKey()), Pem.readCertificates(request.certificateChain()),
                        Pem.readCertificates(request.caCertificate()).get(0), null, null);
        return new ClusterTls(TlsMaterial.write(keys), request.authClients());
    }

    TlsMaterial material() {
        return material;
    }

    void configure(Node node) {
        node.useTls(contexts, authClients.configValue(), material.serverCertificateFile().toString(),
                material.serverKeyFile().toString(), material.caFile().toString());
    }

    void close() {
        material.delete();
    }
}
