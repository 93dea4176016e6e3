package dev.hookline.core.inbound.verify;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;

/**
 * EdDSA/Ed25519 JWS verification on the JDK's own Ed25519. Nimbus's {@code Ed25519Verifier} needs Google Tink, an
 * optional dependency we do not ship; the JDK has had Ed25519 since 15, so a small adapter avoids the extra library.
 */
final class JdkEd25519Verifier implements JWSVerifier {

    /** DER SubjectPublicKeyInfo prefix for Ed25519; the raw 32-byte key follows it. */
    private static final byte[] X509_HEADER = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final int RAW_LENGTH = 32;

    private final PublicKey key;
    private final JCAContext jcaContext = new JCAContext();

    JdkEd25519Verifier(OctetKeyPair jwk) throws JOSEException {
        if (!Curve.Ed25519.equals(jwk.getCurve())) {
            throw new JOSEException("only Ed25519 OKP keys are supported");
        }
        this.key = toJdk(jwk.getX().decode());
    }

    static PublicKey toJdk(byte[] raw) throws JOSEException {
        if (raw.length != RAW_LENGTH) {
            throw new JOSEException("Ed25519 public key must be 32 bytes");
        }
        byte[] der = new byte[X509_HEADER.length + RAW_LENGTH];
        System.arraycopy(X509_HEADER, 0, der, 0, X509_HEADER.length);
        System.arraycopy(raw, 0, der, X509_HEADER.length, RAW_LENGTH);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new JOSEException("not a valid Ed25519 public key", e);
        }
    }

    /** Inverse of {@link #toJdk}: the raw key from a JDK (X.509-encoded) Ed25519 public key. */
    static byte[] rawOf(PublicKey key) throws JOSEException {
        byte[] der = key.getEncoded();
        if (der.length != X509_HEADER.length + RAW_LENGTH
                || !Arrays.equals(der, 0, X509_HEADER.length, X509_HEADER, 0, X509_HEADER.length)) {
            throw new JOSEException("not an Ed25519 public key");
        }
        return Arrays.copyOfRange(der, X509_HEADER.length, der.length);
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
        return Set.of(JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);
    }

    @Override
    public JCAContext getJCAContext() {
        return jcaContext;
    }

    @Override
    public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) {
        if (!supportedJWSAlgorithms().contains(header.getAlgorithm())) {
            return false;
        }
        // We understand no critical header parameters, and RFC 7515 says such a token must be rejected.
        if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(signingInput);
            return verifier.verify(signature.decode());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
