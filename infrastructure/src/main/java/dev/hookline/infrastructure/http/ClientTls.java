package dev.hookline.infrastructure.http;

import dev.hookline.core.outbound.ClientIdentity;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

/**
 * TLS contexts for outbound sends: the JDK's trusted CAs (plus, in local and test runs, extra CAs from a PEM file)
 * and, for an endpoint with a client certificate, that one identity as the only key material.
 *
 * <p>The key manager presents the endpoint's certificate whatever CA names the receiver lists as acceptable (as curl
 * does): the JDK's default manager would silently send no certificate when the lists do not match, and the receiver
 * would answer with an opaque handshake failure.
 */
final class ClientTls {
    private static final String ALIAS = "endpoint";

    private ClientTls() {
    }

    /** Trust managers for the JDK's CAs plus those in {@code extraCaPem}; null (the JDK's default) without a file. */
    static TrustManager[] trust(Path extraCaPem) {
        if (extraCaPem == null) {
            return null;
        }
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            TrustManagerFactory system = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            system.init((KeyStore) null);
            int n = 0;
            for (TrustManager tm : system.getTrustManagers()) {
                if (tm instanceof X509TrustManager x509) {
                    for (X509Certificate ca : x509.getAcceptedIssuers()) {
                        store.setCertificateEntry("system-" + n++, ca);
                    }
                }
            }
            try (InputStream in = Files.newInputStream(extraCaPem)) {
                for (Certificate ca : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    store.setCertificateEntry("extra-" + n++, ca);
                }
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory.getTrustManagers();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read the extra CA file " + extraCaPem, e);
        }
    }

    static SSLContext context(TrustManager[] trust, ClientIdentity identity) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(identity == null ? null : new KeyManager[]{new OneIdentity(identity)}, trust, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is unavailable", e);
        }
    }

    /** Key material of exactly one identity, offered whatever the receiver asks for. */
    private static final class OneIdentity extends X509ExtendedKeyManager {
        private final X509Certificate[] chain;
        private final PrivateKey key;

        OneIdentity(ClientIdentity identity) {
            this.chain = identity.chain().toArray(X509Certificate[]::new);
            this.key = identity.key();
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[]{ALIAS};
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return ALIAS;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return ALIAS;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return ALIAS.equals(alias) ? chain.clone() : null;
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return ALIAS.equals(alias) ? key : null;
        }
    }
}
