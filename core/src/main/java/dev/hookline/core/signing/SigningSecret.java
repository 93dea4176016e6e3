package dev.hookline.core.signing;

import java.security.MessageDigest;
import java.util.Base64;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A Standard Webhooks symmetric secret: {@code whsec_} followed by the base64 of the raw HMAC key bytes.
 *
 * <p>The spec asks for 24 to 64 bytes of key; we generate 32 (the HMAC-SHA256 block-size sweet spot) and refuse
 * shorter keys on parse because a short key is a misconfiguration we would rather surface than sign with.
 */
public final class SigningSecret {

    public static final String PREFIX = "whsec_";
    public static final int GENERATED_BYTES = 32;
    public static final int MIN_BYTES = 24;
    public static final int MAX_BYTES = 64;

    private final byte[] key;

    private SigningSecret(byte[] key) {
        if (key.length < MIN_BYTES || key.length > MAX_BYTES) {
            // The length is safe to reveal; the bytes are not.
            throw new IllegalArgumentException(
                    "signing secret must be " + MIN_BYTES + ".." + MAX_BYTES + " bytes, got " + key.length);
        }
        this.key = key.clone();
    }

    /** Production callers pass a {@link java.security.SecureRandom}; tests may pass a seeded generator. */
    public static SigningSecret generate(RandomGenerator random) {
        Objects.requireNonNull(random, "random");
        byte[] bytes = new byte[GENERATED_BYTES];
        random.nextBytes(bytes);
        return new SigningSecret(bytes);
    }

    /** Accepts {@code whsec_<base64>} or the bare base64, since receivers' tooling copies either form around. */
    public static SigningSecret parse(String encoded) {
        Objects.requireNonNull(encoded, "encoded");
        String body = encoded.strip();
        if (body.startsWith(PREFIX)) {
            body = body.substring(PREFIX.length());
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            // Never echo the input: it is (almost) a secret.
            throw new IllegalArgumentException("signing secret is not valid base64");
        }
        return new SigningSecret(bytes);
    }

    /** Fewer distinct byte values than this in a supplied key is a pattern ("AAAA…"), not randomness. */
    static final int MIN_DISTINCT_BYTES = 8;

    /**
     * What is wrong with a secret a tenant supplies for an endpoint, or null when it may sign: stricter than
     * {@link #parse}, which also reads the bare base64 that receivers' tooling copies around. The answer never contains
     * the secret.
     */
    public static String supplyProblem(String encoded) {
        if (encoded == null || !encoded.startsWith(PREFIX)) {
            return "must start with '" + PREFIX + "' followed by the base64 of " + MIN_BYTES + " to " + MAX_BYTES
                    + " random bytes";
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(encoded.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return "is not valid base64 after '" + PREFIX + "'";
        }
        if (bytes.length < MIN_BYTES || bytes.length > MAX_BYTES) {
            return "must encode " + MIN_BYTES + " to " + MAX_BYTES + " bytes, not " + bytes.length;
        }
        if (java.util.stream.IntStream.range(0, bytes.length).map(i -> bytes[i]).distinct().count() < MIN_DISTINCT_BYTES) {
            return "repeats too few byte values to be random; generate it with a secure random source";
        }
        return null;
    }

    public static SigningSecret ofBytes(byte[] key) {
        return new SigningSecret(Objects.requireNonNull(key, "key"));
    }

    /** The storable / showable-once form, {@code whsec_…}. */
    public String encoded() {
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** Package-private: only the signer and verifier ever need the raw key. */
    byte[] keyBytes() {
        return key.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SigningSecret other && MessageDigest.isEqual(key, other.key);
    }

    @Override
    public int hashCode() {
        // A constant keeps hash-based collections working without leaking anything derived from the key.
        return SigningSecret.class.hashCode();
    }

    /** Redacted so that a secret logged by accident (exception messages, debug output) reveals nothing. */
    @Override
    public String toString() {
        return "SigningSecret[" + PREFIX + "<redacted>]";
    }
}
