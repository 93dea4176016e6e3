package dev.hookline.core.inbound.verify;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;

/**
 * How the signed content is turned into the signature a sender writes: an HMAC with a shared secret, or a public-key
 * signature the sender makes with a private key only it holds (SendGrid's ECDSA P-256).
 */
public enum SignatureAlgorithm {
    HMAC_SHA1(HmacAlgorithm.SHA1, null),
    HMAC_SHA256(HmacAlgorithm.SHA256, null),
    HMAC_SHA512(HmacAlgorithm.SHA512, null),
    /** ECDSA on P-256 with SHA-256; the signature is DER-encoded (an ASN.1 SEQUENCE of r and s). */
    ECDSA_P256_SHA256(null, "SHA256withECDSA");

    private final HmacAlgorithm hmac;
    private final String jcaSignature;

    SignatureAlgorithm(HmacAlgorithm hmac, String jcaSignature) {
        this.hmac = hmac;
        this.jcaSignature = jcaSignature;
    }

    public static SignatureAlgorithm hmac(HmacAlgorithm algorithm) {
        return switch (algorithm) {
            case SHA1 -> HMAC_SHA1;
            case SHA256 -> HMAC_SHA256;
            case SHA512 -> HMAC_SHA512;
        };
    }

    /** True when verification needs the sender's secret; false when it needs the sender's public key. */
    public boolean symmetric() {
        return hmac != null;
    }

    byte[] mac(byte[] secret, byte[][] content) {
        return hmac.mac(secret, content);
    }

    /** False for any malformed signature or key mismatch: a forgery is never an exception. */
    boolean verify(PublicKey key, byte[][] content, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(jcaSignature);
            verifier.initVerify(key);
            for (byte[] part : content) {
                verifier.update(part);
            }
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
