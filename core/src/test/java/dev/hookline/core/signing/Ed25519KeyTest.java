package dev.hookline.core.signing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.core.testing.SequenceRandom;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Ed25519KeyTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void derivesThePublicKeyOfRfc8032TestVector1() {
        // RFC 8032 section 7.1, TEST 1.
        Ed25519SigningKey key = Ed25519SigningKey.fromSeed(
                HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        assertEquals("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
                HEX.formatHex(key.publicKey().rawBytes()));
        assertEquals("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701"
                + "cf9b46bd25bf5f0595bbe24655141438e7a100b", HEX.formatHex(key.sign(new byte[0])));
    }

    @Test
    void derivesTheStandardWebhooksVectorPublicKey() {
        Ed25519SigningKey key = Ed25519SigningKey.parse("whsk_VEVTVFNJR05JTkdLRVlET05PVFVTRVRISVNGT1JBTlk=");
        assertEquals("whpk_ZlN4eg7dSSqi0moX9hQUk3orrOouK3QVQSlJa248c/g=", key.publicKey().encoded());
    }

    @Test
    void generateUsesTheInjectedRandomAsSeed() {
        Ed25519SigningKey key = Ed25519SigningKey.generate(new SequenceRandom());
        assertEquals("whsk_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", key.encoded());
        // Public key of seed 0x00..0x1f, computed with an independent Ed25519 implementation (pyca/cryptography).
        assertEquals("whpk_A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg=", key.publicKey().encoded());
    }

    @Test
    void encodedPrivateKeyRoundTrips() {
        Ed25519SigningKey key = Ed25519SigningKey.generate(new java.security.SecureRandom());
        Ed25519SigningKey again = Ed25519SigningKey.parse(key.encoded());
        assertEquals(key.publicKey(), again.publicKey());
        assertEquals(key.encoded(), again.encoded());
    }

    @Test
    void publicKeyParsesWithAndWithoutPrefixAndVerifies() {
        Ed25519SigningKey key = Ed25519SigningKey.fromSeed(
                Base64.getDecoder().decode("VEVTVFNJR05JTkdLRVlET05PVFVTRVRISVNGT1JBTlk="));
        Ed25519PublicKey prefixed = Ed25519PublicKey.parse("whpk_ZlN4eg7dSSqi0moX9hQUk3orrOouK3QVQSlJa248c/g=");
        Ed25519PublicKey bare = Ed25519PublicKey.parse("ZlN4eg7dSSqi0moX9hQUk3orrOouK3QVQSlJa248c/g=");
        assertEquals(prefixed, bare);
        byte[] message = "hello".getBytes(StandardCharsets.UTF_8);
        byte[] signature = key.sign(message);
        assertTrue(prefixed.verify(message, signature));
        assertFalse(prefixed.verify("hellO".getBytes(StandardCharsets.UTF_8), signature));
        assertFalse(prefixed.verify(message, new byte[3]));
    }

    @Test
    void rawBytesRoundTrip() {
        byte[] raw = Base64.getDecoder().decode("ZlN4eg7dSSqi0moX9hQUk3orrOouK3QVQSlJa248c/g=");
        assertArrayEquals(raw, Ed25519PublicKey.fromRaw(raw).rawBytes());
    }

    @Test
    void refusesWrongLengths() {
        assertThrows(IllegalArgumentException.class, () -> Ed25519SigningKey.fromSeed(new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> Ed25519PublicKey.fromRaw(new byte[33]));
        assertThrows(IllegalArgumentException.class, () -> Ed25519PublicKey.parse("whpk_%%%"));
        assertThrows(IllegalArgumentException.class, () -> Ed25519SigningKey.parse("whsk_AAAA"));
    }

    @Test
    void toStringHidesTheSeed() {
        Ed25519SigningKey key = Ed25519SigningKey.parse("whsk_VEVTVFNJR05JTkdLRVlET05PVFVTRVRISVNGT1JBTlk=");
        String text = key.toString();
        assertFalse(text.contains("VEVTVFNJR05JTkdLRVlET05PVFVTRVRISVNGT1JBTlk"), text);
        assertTrue(text.contains("whpk_ZlN4eg7dSSqi0moX9hQUk3orrOouK3QVQSlJa248c/g="), text);
    }
}
