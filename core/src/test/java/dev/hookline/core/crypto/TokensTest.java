package dev.hookline.core.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.core.testing.SequenceRandom;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokensTest {

    @Test
    void generatesPrefixPlus32BytesBase64UrlWithoutPadding() {
        // base64url of bytes 0x00..0x1f, computed independently.
        assertEquals("hk_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8", Tokens.generate("hk_", new SequenceRandom()));
    }

    @Test
    void realTokensCarry256BitsAndAreUrlSafe() {
        SecureRandom random = new SecureRandom();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String token = Tokens.generate("hk_", random);
            assertTrue(token.matches("hk_[A-Za-z0-9_-]{43}"), token);
            assertEquals(32, Base64.getUrlDecoder().decode(token.substring(3)).length);
            assertTrue(seen.add(token), "duplicate token");
        }
    }

    @Test
    void sha256HexIsLowercaseHexOfUtf8() {
        // FIPS 180-2 / NIST example: SHA-256("abc").
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Tokens.sha256Hex("abc"));
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Tokens.sha256Hex(""));
        assertEquals("63ef7dbe87637cad24f00e2c33091e3600a403b2641eca95c1ba2593270afc44", Tokens.sha256Hex("hk_test"));
    }

    @Test
    void constantTimeEquals() {
        assertTrue(Tokens.constantTimeEquals("hk_abc", "hk_abc"));
        assertFalse(Tokens.constantTimeEquals("hk_abc", "hk_abd"));
        assertFalse(Tokens.constantTimeEquals("hk_abc", "hk_abcd"));
        assertFalse(Tokens.constantTimeEquals(null, "hk_abc"));
        assertFalse(Tokens.constantTimeEquals(null, null));
        assertTrue(Tokens.constantTimeEquals("", ""));
    }
}
