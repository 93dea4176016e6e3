package dev.hookline.core.inbound.verify;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.Base64;
import java.util.List;

/**
 * Parses a configured JWT verification key: a JWK (JSON), a PEM {@code PUBLIC KEY} or a PEM {@code CERTIFICATE}.
 *
 * <p>Nimbus's own PEM parsing needs BouncyCastle, which we do not ship; the JDK reads X.509 SubjectPublicKeyInfo for
 * RSA, EC and Ed25519 directly. Private keys and symmetric JWKs are refused: a private key pasted into a source's
 * configuration is a leak to report, and an HMAC secret belongs in the secret field where it cannot be mixed up with
 * asymmetric algorithms.
 */
public final class PublicKeys {

    private static final String PUBLIC_KEY = "PUBLIC KEY";
    private static final String CERTIFICATE = "CERTIFICATE";

    private PublicKeys() {
    }

    /** @throws IllegalArgumentException with a message safe to show to the person who configured the key */
    public static JWK parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("key is empty");
        }
        String s = text.strip();
        if (s.startsWith("{")) {
            return fromJwk(s);
        }
        if (s.startsWith("-----BEGIN " + PUBLIC_KEY + "-----")) {
            return fromJdk(decodeSpki(pemBody(s, PUBLIC_KEY)));
        }
        if (s.startsWith("-----BEGIN " + CERTIFICATE + "-----")) {
            try {
                var cert = CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(
                        s.getBytes(StandardCharsets.US_ASCII)));
                return fromJdk(cert.getPublicKey());
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("not a valid X.509 certificate");
            }
        }
        throw new IllegalArgumentException("expected a JWK, a PEM PUBLIC KEY or a PEM CERTIFICATE");
    }

    private static JWK fromJwk(String json) {
        JWK jwk;
        try {
            jwk = JWK.parse(json);
        } catch (ParseException e) {
            throw new IllegalArgumentException("not a valid JWK");
        }
        if (jwk.isPrivate()) {
            throw new IllegalArgumentException("JWK contains private key material; configure the public key only");
        }
        if (!(jwk instanceof RSAKey || jwk instanceof ECKey
                || jwk instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve()))) {
            throw new IllegalArgumentException("JWK must be an RSA, EC or Ed25519 public key");
        }
        return jwk;
    }

    private static String pemBody(String pem, String label) {
        String end = "-----END " + label + "-----";
        int endAt = pem.indexOf(end);
        if (endAt < 0) {
            throw new IllegalArgumentException("PEM has no END line");
        }
        return pem.substring(("-----BEGIN " + label + "-----").length(), endAt).replaceAll("\\s", "");
    }

    private static PublicKey decodeSpki(String base64) {
        X509EncodedKeySpec spec;
        try {
            spec = new X509EncodedKeySpec(Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("PEM body is not base64");
        }
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(spec);
            } catch (GeneralSecurityException ignored) {
                // Try the next key type: SubjectPublicKeyInfo names its algorithm, but only the right factory reads it.
            }
        }
        throw new IllegalArgumentException("PEM is not an RSA, EC or Ed25519 public key");
    }

    private static JWK fromJdk(PublicKey key) {
        try {
            return switch (key) {
                case RSAPublicKey rsa -> new RSAKey.Builder(rsa).build();
                case ECPublicKey ec -> {
                    Curve curve = Curve.forECParameterSpec(ec.getParams());
                    if (curve == null) {
                        throw new IllegalArgumentException("unsupported EC curve");
                    }
                    yield new ECKey.Builder(curve, ec).build();
                }
                default -> new OctetKeyPair.Builder(Curve.Ed25519,
                        Base64URL.encode(JdkEd25519Verifier.rawOf(key))).build();
            };
        } catch (JOSEException e) {
            throw new IllegalArgumentException("unsupported public key type");
        }
    }
}
