package dev.hookline.core.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.core.testing.SequenceRandom;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class SigningSecretTest {

    private static final String VECTOR_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @Test
    void generatesThirtyTwoBytesFromTheInjectedRandom() {
        SigningSecret secret = SigningSecret.generate(new SequenceRandom());
        // base64 of bytes 0x00..0x1f, computed independently.
        assertEquals("whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", secret.encoded());
        assertEquals(32, secret.keyBytes().length);
    }

    @Test
    void generatedSecretsDiffer() {
        SecureRandom random = new SecureRandom();
        assertNotEquals(SigningSecret.generate(random).encoded(), SigningSecret.generate(random).encoded());
    }

    @Test
    void parsesWithAndWithoutPrefix() {
        SigningSecret prefixed = SigningSecret.parse(VECTOR_SECRET);
        SigningSecret bare = SigningSecret.parse("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        assertEquals(prefixed, bare);
        assertEquals(VECTOR_SECRET, bare.encoded());
        assertEquals(24, bare.keyBytes().length);
    }

    @Test
    void refusesShortLongAndMalformedSecrets() {
        // 16 bytes: below the 24-byte floor.
        assertThrows(IllegalArgumentException.class, () -> SigningSecret.parse("whsec_AAECAwQFBgcICQoLDA0ODw=="));
        assertThrows(IllegalArgumentException.class, () -> SigningSecret.ofBytes(new byte[65]));
        assertThrows(IllegalArgumentException.class, () -> SigningSecret.parse("whsec_not base64!!"));
    }

    @Test
    void errorMessagesDoNotEchoTheInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SigningSecret.parse("whsec_s3cr3t$$$$"));
        assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
    }

    @Test
    void toStringIsRedacted() {
        SigningSecret secret = SigningSecret.parse(VECTOR_SECRET);
        String text = secret.toString();
        assertFalse(text.contains("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), text);
        assertTrue(text.contains("redacted"), text);
    }

    @Test
    void keyBytesAreDefensiveCopies() {
        SigningSecret secret = SigningSecret.parse(VECTOR_SECRET);
        secret.keyBytes()[0] ^= 1;
        assertEquals(VECTOR_SECRET, secret.encoded());
    }

    @Test
    void aSuppliedSecretMustBeWhsecAndTwentyFourToSixtyFourRandomBytes() {
        SecureRandom random = new SecureRandom();
        for (int n : new int[]{24, 32, 64}) {
            byte[] key = new byte[n];
            random.nextBytes(key);
            assertEquals(null, SigningSecret.supplyProblem("whsec_" + java.util.Base64.getEncoder().encodeToString(key)), "" + n);
        }
        byte[] short23 = new byte[23];
        random.nextBytes(short23);
        byte[] long65 = new byte[65];
        random.nextBytes(long65);
        String bare = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        assertTrue(SigningSecret.supplyProblem(bare).startsWith("must start with 'whsec_'"));
        assertTrue(SigningSecret.supplyProblem(null).startsWith("must start with 'whsec_'"));
        assertEquals("must encode 24 to 64 bytes, not 23",
                SigningSecret.supplyProblem("whsec_" + java.util.Base64.getEncoder().encodeToString(short23)));
        assertEquals("must encode 24 to 64 bytes, not 65",
                SigningSecret.supplyProblem("whsec_" + java.util.Base64.getEncoder().encodeToString(long65)));
        assertEquals("is not valid base64 after 'whsec_'", SigningSecret.supplyProblem("whsec_not base64!"));
        assertTrue(SigningSecret.supplyProblem("whsec_" + "A".repeat(44)).startsWith("repeats too few byte values"),
                "32 zero bytes are not a secret");
    }

    @Test
    void aSuppliedSecretsProblemNeverContainsIt() {
        String secret = "whsec_" + "QUJD".repeat(8) + "!";
        String problem = SigningSecret.supplyProblem(secret);
        assertFalse(problem.contains("QUJD"), problem);
    }
}
