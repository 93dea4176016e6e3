package dev.hookline.core.outbound;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The certificate chain and private key an endpoint presents to its receiver (mutual TLS). {@code cacheKey}
 * names the pair for connection reuse (a digest: never the key); {@code toString} shows only the subject.
 */
public record ClientIdentity(List<X509Certificate> chain, PrivateKey key, String cacheKey) {
    public ClientIdentity {
        chain = List.copyOf(chain);
    }

    @Override
    public String toString() {
        return "ClientIdentity[" + chain.getFirst().getSubjectX500Principal().getName() + "]";
    }
}
