package dev.hookline.local.testing;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

/**
 * A throwaway certificate authority for mutual TLS tests: issues receiver (server) certificates for 127.0.0.1 and
 * client certificates, as PEM the way a tenant would paste them. EC P-256 keys by default (fast), RSA on request.
 * {@link #shared()} is the one whose CA the local platform's sender trusts (OUTBOUND_EXTRA_CA_FILE).
 */
public final class TestPki {
    public record Issued(X509Certificate certificate, PrivateKey key, String certificatePem, String privateKeyPem) {
    }

    private static volatile TestPki shared;

    private final KeyPair caKeys;
    private final X509Certificate ca;
    private final SecureRandom random = new SecureRandom();

    public TestPki(String name) {
        try {
            caKeys = ec();
            X500Name subject = new X500Name("CN=" + name);
            Instant now = Instant.now();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial(), Date.from(now.minusSeconds(60)),
                    Date.from(now.plus(Duration.ofDays(2))), subject, caKeys.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            ca = sign(b, caKeys.getPrivate());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The CA the test platform's sender trusts, created once per JVM with its PEM in a temporary file. */
    public static TestPki shared() {
        if (shared == null) {
            synchronized (TestPki.class) {
                if (shared == null) {
                    shared = new TestPki("Hookline test CA");
                }
            }
        }
        return shared;
    }

    /** The CA certificate as a PEM file (for OUTBOUND_EXTRA_CA_FILE). */
    public Path caFile() {
        try {
            Path file = Files.createTempFile("hookline-test-ca", ".pem");
            file.toFile().deleteOnExit();
            Files.writeString(file, pem("CERTIFICATE", ca.getEncoded()));
            return file;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public X509Certificate ca() {
        return ca;
    }

    public String caPem() {
        try {
            return pem("CERTIFICATE", ca.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public Issued server() {
        return issue("CN=127.0.0.1", true, ec(), Duration.ofDays(1), Instant.now().minusSeconds(60));
    }

    public Issued client(String commonName) {
        return issue("CN=" + commonName, false, ec(), Duration.ofDays(1), Instant.now().minusSeconds(60));
    }

    public Issued rsaClient(String commonName) {
        return issue("CN=" + commonName, false, rsa(), Duration.ofDays(1), Instant.now().minusSeconds(60));
    }

    public Issued expiredClient(String commonName) {
        return issue("CN=" + commonName, false, ec(), Duration.ofHours(1), Instant.now().minus(Duration.ofDays(2)));
    }

    /** A receiver's TLS: this CA's server certificate, trusting client certificates from {@code clientCa} only. */
    public SSLContext receiverContext(X509Certificate clientCa) {
        try {
            Issued server = server();
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("server", server.key(), new char[0], new X509Certificate[]{server.certificate(), ca});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, new char[0]);
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("client-ca", clientCa);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Issued issue(String dn, boolean server, KeyPair keys, Duration life, Instant notBefore) {
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name(ca.getSubjectX500Principal().getName()),
                    serial(), Date.from(notBefore), Date.from(notBefore.plus(life)), new X500Name(dn), keys.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(server ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth));
            if (server) {
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[]{
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
            }
            X509Certificate cert = sign(b, caKeys.getPrivate());
            return new Issued(cert, keys.getPrivate(), pem("CERTIFICATE", cert.getEncoded()),
                    pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private BigInteger serial() {
        return new BigInteger(64, random);
    }

    private static KeyPair ec() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
