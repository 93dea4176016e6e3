package dev.hookline.core.crypto;

import java.security.GeneralSecurityException;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An HMAC keyed once and copied for each computation.
 *
 * <p>Why: {@code Mac.getInstance} plus {@code init} (a provider lookup, a reflective constructor, a second lookup for
 * the digest, the key schedule) cost as much as hashing a 1 KiB body. A keyed prototype pays that once; each use takes
 * a {@link Mac#clone() clone}, which only copies the digest state. The prototype is never updated after construction,
 * so concurrent clones only read it; each clone belongs to one computation on one thread.
 *
 * <p>The key material lives exactly as long as the object that holds this (a signing secret, say): nothing is kept in
 * a thread-local or a static cache, so a rotated or deleted secret leaves no keyed state behind once it is dropped.
 * A provider whose MACs cannot be cloned gets a fresh {@code Mac} per use instead, as before.
 */
public final class KeyedMac {

    private final String algorithm;
    private final byte[] key;
    private final Mac prototype;

    public KeyedMac(String algorithm, byte[] key) {
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        this.key = Objects.requireNonNull(key, "key").clone();
        Mac keyed = fresh();
        // Absorbing the empty string makes the clone start past the inner pad: HMAC(k, "" || m) = HMAC(k, m).
        keyed.update(new byte[0]);
        this.prototype = cloneable(keyed) ? keyed : null;
    }

    /** A keyed {@code Mac} for one computation on the calling thread. */
    public Mac newMac() {
        if (prototype != null) {
            try {
                return (Mac) prototype.clone();
            } catch (CloneNotSupportedException e) {
                // Checked at construction; a provider that changes its mind still gets a correct MAC below.
            }
        }
        return fresh();
    }

    /** The MAC of the concatenation of {@code parts}, each fed in turn so large bodies are not copied. */
    public byte[] mac(byte[]... parts) {
        Mac mac = newMac();
        for (byte[] part : parts) {
            mac.update(part);
        }
        return mac.doFinal();
    }

    private Mac fresh() {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " unavailable", e);
        }
    }

    private static boolean cloneable(Mac mac) {
        try {
            mac.clone();
            return true;
        } catch (CloneNotSupportedException e) {
            return false;
        }
    }

    /** Key material never reaches a log. */
    @Override
    public String toString() {
        return "KeyedMac[" + algorithm + ", <redacted>]";
    }
}
