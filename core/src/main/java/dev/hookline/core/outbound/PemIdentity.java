package dev.hookline.core.outbound;

import dev.hookline.core.problem.Problem.FieldError;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a client identity from PEM with the JDK alone: an X.509 certificate chain (leaf first) and an unencrypted
 * PKCS#8 private key ({@code BEGIN PRIVATE KEY}; RSA, EC or Ed25519). The key must belong to the leaf certificate
 * (checked by signing and verifying a challenge), and the leaf must be valid now. Errors name the field and never
 * echo the key.
 */
public final class PemIdentity {
    /** PEM of a chain and key together stays well below this; more is not a certificate. */
    public static final int MAX_PEM_CHARS = 64 * 1024;
    static final int MAX_CHAIN = 10;
    private static final Pattern KEY_BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]*PRIVATE KEY)-----\\s*([A-Za-z0-9+/=\\s]+?)-----END \\1-----");
    private static final Pattern CERT_BLOCK = Pattern.compile(
            "-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\\s]+?-----END CERTIFICATE-----");

    /** A parsed identity with what the API shows of it. */
    public record Parsed(ClientIdentity identity, String subject, String issuer, Instant notAfter, String fingerprintSha256) {
    }

    /** Why the PEM is refused; {@code field} names what to fix. */
    public static final class InvalidPem extends Exception {
        private final FieldError error;

        public InvalidPem(String field, String message) {
            super(message);
            this.error = new FieldError(field, message);
        }

        public FieldError error() {
            return error;
        }
    }

    private PemIdentity() {
    }

    public static Parsed parse(String certificatePem, String privateKeyPem, Instant now) throws InvalidPem {
        if (certificatePem == null || certificatePem.isBlank()) {
            throw new InvalidPem("certificate", "is required (PEM, leaf first, then any intermediates)");
        }
        if (privateKeyPem == null || privateKeyPem.isBlank()) {
            throw new InvalidPem("private_key", "is required (PEM, unencrypted PKCS#8: BEGIN PRIVATE KEY)");
        }
        if (certificatePem.length() > MAX_PEM_CHARS || privateKeyPem.length() > MAX_PEM_CHARS) {
            throw new InvalidPem(certificatePem.length() > MAX_PEM_CHARS ? "certificate" : "private_key",
                    "must be at most " + MAX_PEM_CHARS + " characters");
        }
        List<X509Certificate> chain = certificates(certificatePem);
        X509Certificate leaf = chain.getFirst();
        if (now.isAfter(leaf.getNotAfter().toInstant())) {
            throw new InvalidPem("certificate", "expired on " + leaf.getNotAfter().toInstant());
        }
        if (now.isBefore(leaf.getNotBefore().toInstant())) {
            throw new InvalidPem("certificate", "is not valid before " + leaf.getNotBefore().toInstant());
        }
        PrivateKey key = privateKey(privateKeyPem, leaf.getPublicKey());
        if (!belongsTo(key, leaf.getPublicKey())) {
            throw new InvalidPem("private_key", "does not belong to the (first) certificate");
        }
        String fingerprint;
        try {
            fingerprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(leaf.getEncoded()));
            MessageDigest pair = MessageDigest.getInstance("SHA-256");
            for (X509Certificate c : chain) {
                pair.update(c.getEncoded());
            }
            pair.update(key.getEncoded());
            return new Parsed(new ClientIdentity(chain, key, HexFormat.of().formatHex(pair.digest())),
                    leaf.getSubjectX500Principal().getName(), leaf.getIssuerX500Principal().getName(),
                    leaf.getNotAfter().toInstant(), fingerprint);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 or certificate encoding unavailable", e);
        }
    }

    /** Certificate and key in one PEM text (how an identity is sealed, and how a Secrets Manager secret may hold it). */
    public static Parsed parseBundle(String pem, Instant now) throws InvalidPem {
        Matcher key = KEY_BLOCK.matcher(pem == null ? "" : pem);
        if (!key.find()) {
            throw new InvalidPem("private_key", "no PEM private key block found");
        }
        String keyPem = key.group();
        return parse(pem.substring(0, key.start()) + pem.substring(key.end()), keyPem, now);
    }

    private static List<X509Certificate> certificates(String pem) throws InvalidPem {
        List<X509Certificate> chain = new ArrayList<>();
        Matcher m = CERT_BLOCK.matcher(pem);
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            while (m.find()) {
                if (chain.size() == MAX_CHAIN) {
                    throw new InvalidPem("certificate", "must hold at most " + MAX_CHAIN + " certificates");
                }
                chain.add((X509Certificate) factory.generateCertificate(
                        new ByteArrayInputStream(m.group().getBytes(StandardCharsets.US_ASCII))));
            }
        } catch (CertificateException | ClassCastException e) {
            throw new InvalidPem("certificate", "is not a valid PEM X.509 certificate");
        }
        if (chain.isEmpty()) {
            throw new InvalidPem("certificate", "no PEM certificate block (BEGIN CERTIFICATE) found");
        }
        return chain;
    }

    private static PrivateKey privateKey(String pem, PublicKey certKey) throws InvalidPem {
        Matcher m = KEY_BLOCK.matcher(pem);
        if (!m.find()) {
            throw new InvalidPem("private_key", "no PEM private key block found");
        }
        if (!m.group(1).equals("PRIVATE KEY")) {
            throw new InvalidPem("private_key", "must be an unencrypted PKCS#8 key (BEGIN PRIVATE KEY), not "
                    + m.group(1) + "; convert it with: openssl pkcs8 -topk8 -nocrypt");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(2));
        } catch (IllegalArgumentException e) {
            throw new InvalidPem("private_key", "is not valid base64 PEM");
        }
        String algorithm = switch (certKey.getAlgorithm()) {
            case "EdDSA", "Ed25519" -> "Ed25519";
            default -> certKey.getAlgorithm();
        };
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new InvalidPem("private_key", "is not a " + algorithm + " PKCS#8 private key matching the certificate");
        }
    }

    private static boolean belongsTo(PrivateKey key, PublicKey publicKey) throws InvalidPem {
        String algorithm = switch (publicKey.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519" -> "Ed25519";
            default -> throw new InvalidPem("certificate", "has a " + publicKey.getAlgorithm()
                    + " key; RSA, EC and Ed25519 are supported");
        };
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
