package dev.hookline.core.crypto;

import dev.hookline.core.crypto.SealedSecretException.Kind;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Objects;
import java.util.random.RandomGenerator;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM envelope for secrets at rest: {@code v1.<keyId>.<b64url nonce>.<b64url ciphertext+tag>}.
 *
 * <p>The key id travels with the ciphertext so a rotated ring still opens old records. The version and key id are
 * authenticated too (they are prepended to the associated data), so neither can be edited without detection.
 * Callers bind each value to its record with {@link #associatedData(String, String)}: a ciphertext copied into another
 * tenant's or resource's row then fails to open instead of leaking that secret there.
 *
 * <p>Nonces are 96 random bits per seal. Random nonces are safe for far more than 2^32 seals per key, well beyond what
 * endpoint and source secrets will ever see before rotation.
 */
public final class SecretBox {

    public static final String VERSION = "v1";
    static final int NONCE_BYTES = 12;
    static final int TAG_BITS = 128;

    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64URL_DECODER = Base64.getUrlDecoder();

    private final MasterKeyRing ring;
    private final RandomGenerator random;

    /** Production callers pass a {@link java.security.SecureRandom}; tests may pass a predictable generator. */
    public SecretBox(MasterKeyRing ring, RandomGenerator random) {
        this.ring = Objects.requireNonNull(ring, "ring");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Canonical associated data for a record: tenant and resource id, NUL-separated so no two pairs collide. */
    /** The ring, for other uses of the master key inside this package (cursor sealing). */
    MasterKeyRing ring() {
        return ring;
    }

    public static byte[] associatedData(String tenantId, String resourceId) {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(resourceId, "resourceId");
        if (tenantId.indexOf('\0') >= 0 || resourceId.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("ids must not contain NUL");
        }
        return (tenantId + '\0' + resourceId).getBytes(StandardCharsets.UTF_8);
    }

    public String seal(byte[] plaintext, byte[] associatedData) {
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(associatedData, "associatedData");
        String keyId = ring.currentKeyId();
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] ciphertext = crypt(Cipher.ENCRYPT_MODE, ring.currentKey(), nonce, keyId, associatedData, plaintext);
        return VERSION + "." + keyId + "." + B64URL.encodeToString(nonce) + "." + B64URL.encodeToString(ciphertext);
    }

    public String sealString(String plaintext, byte[] associatedData) {
        return seal(plaintext.getBytes(StandardCharsets.UTF_8), associatedData);
    }

    /** @throws SealedSecretException when malformed, sealed under an unknown key, or not authentic for this AAD */
    public byte[] open(String sealed, byte[] associatedData) {
        Objects.requireNonNull(associatedData, "associatedData");
        Parts parts = parse(sealed);
        SecretKey key = ring.key(parts.keyId()).orElseThrow(() -> new SealedSecretException(Kind.UNKNOWN_KEY,
                "sealed with key " + parts.keyId() + ", which is not in the master key ring"));
        try {
            return crypt(Cipher.DECRYPT_MODE, key, parts.nonce(), parts.keyId(), associatedData, parts.ciphertext());
        } catch (AuthenticationFailure e) {
            throw new SealedSecretException(Kind.AUTHENTICATION_FAILED,
                    "sealed value does not authenticate (tampered, moved to another record, or wrong key)");
        }
    }

    public String openString(String sealed, byte[] associatedData) {
        return new String(open(sealed, associatedData), StandardCharsets.UTF_8);
    }

    /** True when the value was sealed under a key other than the current one and should be re-sealed on next write. */
    public boolean needsReseal(String sealed) {
        return !parse(sealed).keyId().equals(ring.currentKeyId());
    }

    /** Opens and seals again under the current key (with a fresh nonce). */
    public String reseal(String sealed, byte[] associatedData) {
        return seal(open(sealed, associatedData), associatedData);
    }

    private record Parts(String keyId, byte[] nonce, byte[] ciphertext) {
    }

    private static Parts parse(String sealed) {
        if (sealed == null) {
            throw new SealedSecretException(Kind.MALFORMED, "no sealed value");
        }
        String[] parts = sealed.split("\\.", -1);
        if (parts.length != 4 || !VERSION.equals(parts[0]) || !MasterKeyRing.isValidKeyId(parts[1])) {
            throw new SealedSecretException(Kind.MALFORMED, "not a " + VERSION + " sealed value");
        }
        byte[] nonce;
        byte[] ciphertext;
        try {
            nonce = B64URL_DECODER.decode(parts[2]);
            ciphertext = B64URL_DECODER.decode(parts[3]);
        } catch (IllegalArgumentException e) {
            throw new SealedSecretException(Kind.MALFORMED, "sealed value is not base64url");
        }
        if (nonce.length != NONCE_BYTES || ciphertext.length < TAG_BITS / 8) {
            throw new SealedSecretException(Kind.MALFORMED, "sealed value has the wrong nonce or tag length");
        }
        return new Parts(parts[1], nonce, ciphertext);
    }

    private static byte[] crypt(int mode, SecretKey key, byte[] nonce, String keyId, byte[] associatedData,
                                byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD((VERSION + "." + keyId + ".").getBytes(StandardCharsets.UTF_8));
            cipher.updateAAD(associatedData);
            return cipher.doFinal(input);
        } catch (AEADBadTagException e) {
            throw new AuthenticationFailure();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed", e);
        }
    }

    /** Internal signal so only a tag mismatch, not every crypto error, becomes AUTHENTICATION_FAILED. */
    private static final class AuthenticationFailure extends RuntimeException {
        AuthenticationFailure() {
            super(null, null, false, false);
        }
    }
}
