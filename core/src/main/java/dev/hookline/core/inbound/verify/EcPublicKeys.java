package dev.hookline.core.inbound.verify;

import com.nimbusds.jose.jwk.Curve;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Reads a sender's P-256 verification key as vendors hand it out: base64 of the DER SubjectPublicKeyInfo (SendGrid's
 * dashboard shows it so), with or without the PEM {@code PUBLIC KEY} armour.
 */
final class EcPublicKeys {

    private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String END = "-----END PUBLIC KEY-----";

    private EcPublicKeys() {
    }

    /** @throws IllegalArgumentException with a message safe to show to whoever configured the key */
    static PublicKey parseP256(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("key is empty");
        }
        String body = text.strip();
        if (body.startsWith(BEGIN)) {
            int end = body.indexOf(END);
            if (end < 0) {
                throw new IllegalArgumentException("PEM has no END line");
            }
            body = body.substring(BEGIN.length(), end);
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(body.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not base64");
        }
        PublicKey key;
        try {
            key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an EC public key (base64 DER SubjectPublicKeyInfo or PEM)");
        }
        if (!(key instanceof ECPublicKey ec) || !Curve.P_256.equals(Curve.forECParameterSpec(ec.getParams()))) {
            throw new IllegalArgumentException("must be a P-256 (prime256v1) key");
        }
        return key;
    }
}
