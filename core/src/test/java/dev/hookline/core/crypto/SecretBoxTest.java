package dev.hookline.core.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.core.testing.SequenceRandom;
import dev.hookline.core.crypto.SealedSecretException.Kind;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class SecretBoxTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final byte[] AAD = SecretBox.associatedData("ten_1", "ep_1");
    /** AES-256-GCM under HKDF(M1), nonce 00..0b, AAD "v1.k1." + "ten_1\0ep_1"; computed with pyca/cryptography. */
    private static final String SEALED_K1 =
            "v1.k1.AAECAwQFBgcICQoL.VMQSzUuy1I1D8iJgI0KexWEpMC2KDSpSIUMdK2FZ8Xtv39U9xMPtxfVJSStgZsd-pmseMg1R";
    private static final String SEALED_K2 =
            "v1.k2.DA0ODxAREhMUFRYX.nudEqNa883sCCRj4ub3M72db4yI8s-rCw-PvyFbwWe79PmA5e5AwNsV0uQ1Bz0AFoiQgxIWZ";

    private static final MasterKeyRing RING_K1 = MasterKeyRing.fromMaterial("k1", Map.of("k1", MasterKeyRingTest.M1));
    private static final MasterKeyRing RING_K2 = MasterKeyRing.fromMaterial("k2",
            Map.of("k1", MasterKeyRingTest.M1, "k2", MasterKeyRingTest.M2));

    @Test
    void sealMatchesAnIndependentAesGcmComputation() {
        SecretBox box = new SecretBox(RING_K1, new SequenceRandom());
        assertEquals(SEALED_K1, box.sealString(SECRET, AAD));
    }

    @Test
    void opensAnIndependentlySealedValue() {
        SecretBox box = new SecretBox(RING_K2, new SecureRandom());
        assertEquals(SECRET, box.openString(SEALED_K1, AAD));
        assertEquals(SECRET, box.openString(SEALED_K2, AAD));
    }

    @Test
    void roundTripsArbitraryBytesWithFreshNonces() {
        SecretBox box = new SecretBox(RING_K1, new SecureRandom());
        byte[] plaintext = {0, 1, 2, (byte) 0xff, 'x'};
        String a = box.seal(plaintext, AAD);
        String b = box.seal(plaintext, AAD);
        assertNotEquals(a, b, "each seal uses a fresh nonce");
        assertArrayEquals(plaintext, box.open(a, AAD));
        assertArrayEquals(plaintext, box.open(b, AAD));
        assertArrayEquals(new byte[0], box.open(box.seal(new byte[0], AAD), AAD));
    }

    @Test
    void sealedFormIsVersionKeyIdNonceCiphertext() {
        String sealed = new SecretBox(RING_K2, new SecureRandom()).sealString(SECRET, AAD);
        String[] parts = sealed.split("\\.");
        assertEquals(4, parts.length);
        assertEquals("v1", parts[0]);
        assertEquals("k2", parts[1]);
        assertEquals(16, parts[2].length(), "12 bytes base64url without padding");
        // 38 bytes of plaintext + 16-byte tag = 54 bytes = 72 base64url characters.
        assertEquals(72, parts[3].length());
        assertFalse(sealed.contains("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
    }

    @Test
    void anyFlippedBitIsDetected() {
        SecretBox box = new SecretBox(RING_K1, new SecureRandom());
        String[] parts = SEALED_K1.split("\\.");
        String flippedCiphertext = parts[0] + "." + parts[1] + "." + parts[2] + "." + flipFirstChar(parts[3]);
        String flippedNonce = parts[0] + "." + parts[1] + "." + flipFirstChar(parts[2]) + "." + parts[3];
        assertKind(Kind.AUTHENTICATION_FAILED, () -> box.open(flippedCiphertext, AAD));
        assertKind(Kind.AUTHENTICATION_FAILED, () -> box.open(flippedNonce, AAD));
    }

    @Test
    void ciphertextMovedToAnotherRecordDoesNotOpen() {
        SecretBox box = new SecretBox(RING_K1, new SecureRandom());
        assertKind(Kind.AUTHENTICATION_FAILED, () -> box.open(SEALED_K1, SecretBox.associatedData("ten_2", "ep_1")));
        assertKind(Kind.AUTHENTICATION_FAILED, () -> box.open(SEALED_K1, SecretBox.associatedData("ten_1", "ep_2")));
        // NUL separation: ("ten_1", "ep_1") and ("ten_1\0ep", "_1")-style splits can never collide.
        assertThrows(IllegalArgumentException.class, () -> SecretBox.associatedData("ten_1\0ep", "_1"));
        assertKind(Kind.AUTHENTICATION_FAILED, () -> box.open(SEALED_K1, new byte[0]));
    }

    @Test
    void relabelledKeyIdDoesNotOpenEvenIfTheKeyIsTheSame() {
        // Same material under another id: the key id is authenticated, so relabelling is detected.
        MasterKeyRing twin = MasterKeyRing.fromMaterial("k1",
                Map.of("k1", MasterKeyRingTest.M1, "k1b", MasterKeyRingTest.M1));
        SecretBox box = new SecretBox(twin, new SecureRandom());
        assertKind(Kind.AUTHENTICATION_FAILED, () -> box.open(SEALED_K1.replace("v1.k1.", "v1.k1b."), AAD));
    }

    @Test
    void unknownKeyIdIsReportedAsSuch() {
        SecretBox box = new SecretBox(RING_K1, new SecureRandom());
        SealedSecretException e = assertThrows(SealedSecretException.class, () -> box.open(SEALED_K2, AAD));
        assertEquals(Kind.UNKNOWN_KEY, e.kind());
        assertEquals("sealed with key k2, which is not in the master key ring", e.getMessage());
    }

    @Test
    void malformedValuesAreReportedAsSuch() {
        SecretBox box = new SecretBox(RING_K1, new SecureRandom());
        for (String bad : new String[] {
                null, "", "v1.k1.AAECAwQFBgcICQoL", "v2.k1.AAECAwQFBgcICQoL.VMQSzUuy1I1D8iJgI0KexQ",
                "v1.k1.AAECAwQFBgcICQoL.VMQSzUuy1I1D8iJgI0KexQ.extra", "v1.k1.AAEC.VMQSzUuy1I1D8iJgI0KexWEpMC2KDSpS",
                "v1.k1.AAECAwQFBgcICQoL.AAAA", "v1.k1.AAECAwQFBgcICQoL.not+base64url/",
                "v1..AAECAwQFBgcICQoL.VMQSzUuy1I1D8iJgI0KexWEpMC2KDSpS"}) {
            assertKind(Kind.MALFORMED, () -> box.open(bad, AAD));
        }
    }

    @Test
    void rotationKeepsOldValuesReadableAndFlagsThemForReseal() {
        SecretBox before = new SecretBox(RING_K1, new SecureRandom());
        String old = before.sealString(SECRET, AAD);
        assertFalse(before.needsReseal(old));

        SecretBox after = new SecretBox(RING_K2, new SecureRandom());
        assertTrue(after.needsReseal(old));
        assertEquals(SECRET, after.openString(old, AAD));

        String fresh = after.reseal(old, AAD);
        assertTrue(fresh.startsWith("v1.k2."));
        assertFalse(after.needsReseal(fresh));
        assertEquals(SECRET, after.openString(fresh, AAD));
        assertKind(Kind.MALFORMED, () -> after.needsReseal("garbage"));
    }

    @Test
    void failureMessagesNeverContainPlaintext() {
        SecretBox box = new SecretBox(RING_K1, new SecureRandom());
        SealedSecretException e = assertThrows(SealedSecretException.class,
                () -> box.open(SEALED_K1, SecretBox.associatedData("ten_2", "ep_1")));
        assertFalse(e.getMessage().contains("whsec_"));
    }

    private static String flipFirstChar(String b64url) {
        char c = b64url.charAt(0);
        return (c == 'A' ? 'B' : 'A') + b64url.substring(1);
    }

    private static void assertKind(Kind kind, Executable call) {
        SealedSecretException e = assertThrows(SealedSecretException.class, call);
        assertEquals(kind, e.kind(), e.getMessage());
    }
}
