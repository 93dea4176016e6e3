package dev.hookline.core.signing;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The verifying half of a Standard Webhooks asymmetric ({@code v1a}) key, exchanged as {@code whpk_} + base64 of the
 * 32 raw Ed25519 public-key bytes (RFC 8032 encoding).
 *
 * <p>The JDK only speaks X.509 SubjectPublicKeyInfo for Ed25519, whose DER is a fixed 12-byte header followed by the
 * raw key, so converting is a matter of adding or removing that header rather than re-encoding the curve point.
 */
public final class Ed25519PublicKey {

    public static final String PREFIX = "whpk_";
    public static final int RAW_LENGTH = 32;
    private static final byte[] X509_HEADER = HexFormat.of().parseHex("302a300506032b6570032100");

    private final byte[] raw;
    private final PublicKey jdkKey;

    private Ed25519PublicKey(byte[] raw) {
        if (raw.length != RAW_LENGTH) {
            throw new IllegalArgumentException("Ed25519 public key must be 32 bytes, got " + raw.length);
        }
        this.raw = raw.clone();
        byte[] der = new byte[X509_HEADER.length + RAW_LENGTH];
        System.arraycopy(X509_HEADER, 0, der, 0, X509_HEADER.length);
        System.arraycopy(raw, 0, der, X509_HEADER.length, RAW_LENGTH);
        try {
            this.jdkKey = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a valid Ed25519 public key", e);
        }
    }

    public static Ed25519PublicKey fromRaw(byte[] raw) {
        return new Ed25519PublicKey(Objects.requireNonNull(raw, "raw"));
    }

    /** Accepts {@code whpk_<base64>} or the bare base64 of the raw key. */
    public static Ed25519PublicKey parse(String encoded) {
        Objects.requireNonNull(encoded, "encoded");
        String body = encoded.strip();
        if (body.startsWith(PREFIX)) {
            body = body.substring(PREFIX.length());
        }
        try {
            return new Ed25519PublicKey(Base64.getDecoder().decode(body));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("public key is not a whpk_ base64 Ed25519 key", e);
        }
    }

    static Ed25519PublicKey fromJdk(PublicKey key) {
        byte[] der = key.getEncoded();
        if (der.length != X509_HEADER.length + RAW_LENGTH
                || !Arrays.equals(der, 0, X509_HEADER.length, X509_HEADER, 0, X509_HEADER.length)) {
            throw new IllegalArgumentException("not an Ed25519 X.509 public key");
        }
        return new Ed25519PublicKey(Arrays.copyOfRange(der, X509_HEADER.length, der.length));
    }

    public String encoded() {
        return PREFIX + Base64.getEncoder().encodeToString(raw);
    }

    public byte[] rawBytes() {
        return raw.clone();
    }

    /** False for any malformed signature too: a verifier must treat "cannot check" exactly like "does not match". */
    boolean verify(byte[] content, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(jdkKey);
            verifier.update(content);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ed25519PublicKey other && Arrays.equals(raw, other.raw);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(raw);
    }

    /** Public keys are not secret, so showing them helps operators match keys with receivers. */
    @Override
    public String toString() {
        return "Ed25519PublicKey[" + encoded() + "]";
    }
}
