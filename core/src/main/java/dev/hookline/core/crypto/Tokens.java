package dev.hookline.core.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Bearer capabilities (API keys, ingest tokens): 256 random bits, base64url without padding so they survive URLs,
 * headers and copy-paste, behind a short prefix that says what kind of credential a leaked string is.
 *
 * <p>Only {@link #sha256Hex} of a token is stored. A fast unsalted hash is enough here because the input already
 * carries 256 bits of entropy: there is nothing to brute-force, and a deterministic hash lets us look a key up by it.
 */
public final class Tokens {

    /** 32 bytes = 256 bits, well above the 128-bit floor for capabilities. */
    public static final int RANDOM_BYTES = 32;

    private static final Base64.Encoder URL_ENCODER = Base64.getUrlEncoder().withoutPadding();

    private Tokens() {
    }

    /** Production callers pass a {@link java.security.SecureRandom}; tests may pass a seeded generator. */
    public static String generate(String prefix, RandomGenerator random) {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(random, "random");
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        return prefix + URL_ENCODER.encodeToString(bytes);
    }

    /** Lower-case hex SHA-256 of the token's UTF-8 bytes: the form we persist and look tokens up by. */
    public static String sha256Hex(String token) {
        Objects.requireNonNull(token, "token");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /**
     * Compares without an early exit on the first differing byte, so response timing cannot reveal how much of a
     * guess was right. Null never equals anything (a missing credential must not match a missing hash).
     */
    public static boolean constantTimeEquals(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
