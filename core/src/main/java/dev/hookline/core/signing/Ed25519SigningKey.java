package dev.hookline.core.signing;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.SecureRandomSpi;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * An Ed25519 key pair for Standard Webhooks {@code v1a} signatures, stored as {@code whsk_} + base64 of the 32-byte
 * RFC 8032 private seed (everything else is derived from the seed, so the seed is all we need to keep).
 *
 * <p>The JDK has no public API to derive an Ed25519 public key from a seed. Its key-pair generator, however, builds the
 * private key from exactly 32 bytes of its {@link SecureRandom} and derives the public point from them; feeding it a
 * one-shot random that yields our seed gives the standard derivation without implementing curve arithmetic here. The
 * result is checked, so a JDK that ever consumed randomness differently would fail loudly instead of signing with a
 * different key.
 */
public final class Ed25519SigningKey {

    public static final String PREFIX = "whsk_";
    public static final int SEED_LENGTH = 32;

    private final byte[] seed;
    private final PrivateKey privateKey;
    private final Ed25519PublicKey publicKey;

    private Ed25519SigningKey(byte[] seed) {
        if (seed.length != SEED_LENGTH) {
            throw new IllegalArgumentException("Ed25519 seed must be 32 bytes, got " + seed.length);
        }
        this.seed = seed.clone();
        KeyPair pair = derive(this.seed);
        if (!(pair.getPrivate() instanceof EdECPrivateKey edPrivate)
                || !MessageDigest.isEqual(edPrivate.getBytes().orElse(new byte[0]), this.seed)) {
            throw new IllegalStateException("JDK Ed25519 key generation did not use the supplied seed");
        }
        this.privateKey = pair.getPrivate();
        this.publicKey = Ed25519PublicKey.fromJdk(pair.getPublic());
    }

    /** Production callers pass a {@link SecureRandom}; tests may pass a seeded generator. */
    public static Ed25519SigningKey generate(RandomGenerator random) {
        Objects.requireNonNull(random, "random");
        byte[] seed = new byte[SEED_LENGTH];
        random.nextBytes(seed);
        try {
            return new Ed25519SigningKey(seed);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    public static Ed25519SigningKey fromSeed(byte[] seed) {
        return new Ed25519SigningKey(Objects.requireNonNull(seed, "seed"));
    }

    /** Accepts {@code whsk_<base64 seed>} or the bare base64 seed. */
    public static Ed25519SigningKey parse(String encoded) {
        Objects.requireNonNull(encoded, "encoded");
        String body = encoded.strip();
        if (body.startsWith(PREFIX)) {
            body = body.substring(PREFIX.length());
        }
        byte[] seed;
        try {
            seed = Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("signing key is not valid base64");
        }
        return new Ed25519SigningKey(seed);
    }

    public Ed25519PublicKey publicKey() {
        return publicKey;
    }

    /** The storable form; seal it (SecretBox) before it touches a database. */
    public String encoded() {
        return PREFIX + Base64.getEncoder().encodeToString(seed);
    }

    byte[] sign(byte[] content) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(privateKey);
            signer.update(content);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /** Shows only the public half so logs can identify the key without exposing it. */
    @Override
    public String toString() {
        return "Ed25519SigningKey[" + PREFIX + "<redacted>, public=" + publicKey.encoded() + "]";
    }

    private static KeyPair derive(byte[] seed) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, new SeedRandom(seed));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks Ed25519", e);
        }
    }

    /** A SecureRandom that hands out the seed once and refuses anything else, so misuse cannot go unnoticed. */
    private static final class SeedRandom extends SecureRandom {
        private SeedRandom(byte[] seed) {
            super(new OneShotSpi(seed), null);
        }
    }

    private static final class OneShotSpi extends SecureRandomSpi {
        private byte[] seed;

        private OneShotSpi(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        protected void engineSetSeed(byte[] ignored) {
            // Seeding must not change what we hand out.
        }

        @Override
        protected void engineNextBytes(byte[] bytes) {
            if (seed == null || bytes.length != seed.length) {
                throw new IllegalStateException("unexpected randomness request during Ed25519 derivation");
            }
            System.arraycopy(seed, 0, bytes, 0, seed.length);
            Arrays.fill(seed, (byte) 0);
            seed = null;
        }

        @Override
        protected byte[] engineGenerateSeed(int numBytes) {
            throw new UnsupportedOperationException();
        }
    }
}
