package dev.hookline.core.endpoint;

import dev.hookline.core.crypto.MasterKeyRing;
import dev.hookline.core.crypto.SecretBox;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A new master key encrypts new secrets; old ciphertexts stay readable and are re-encrypted when rewritten. */
class MasterKeyRotationTest {
    private static final String K1 = "first-master-key-material-0123456789abcdef";
    private static final String K2 = "second-master-key-material-0123456789abcdef";

    @Test
    void oldSecretsStayReadableAndAreResealedUnderTheNewKey() {
        SecureRandom random = new SecureRandom();
        AtomicReference<SecretBox> box = new AtomicReference<>(new SecretBox(MasterKeyRing.fromMaterial("k1", Map.of("k1", K1)), random));
        Clock clock = Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);
        EndpointKeys keys = new EndpointKeys(box::get, random, clock);

        EndpointKeys.Generated generated = keys.generate("ten_1", "ep_1", true);
        assertTrue(generated.sealedSecret().startsWith("v1.k1."), generated.sealedSecret());
        Endpoint endpoint = new Endpoint("ep_1", "ten_1", "https://x.test", null, null, true, null, null,
                dev.hookline.core.outbound.RetryPolicy.DEFAULT, java.time.Duration.ofSeconds(15), generated.sealedSecret(),
                generated.sealedSigningKey(), generated.publicKey(), clock.instant(), clock.instant(), 1);

        box.set(new SecretBox(MasterKeyRing.fromMaterial("k2", Map.of("k1", K1, "k2", K2)), random));
        assertEquals(generated.secret(), keys.secretOf(endpoint), "a k1 ciphertext still opens after k2 became current");
        assertTrue(keys.generate("ten_1", "ep_2", false).sealedSecret().startsWith("v1.k2."), "new secrets use k2");

        Endpoint resealed = keys.resealed(endpoint);
        assertTrue(resealed.sealedSecret().startsWith("v1.k2."));
        assertTrue(resealed.sealedSigningKey().startsWith("v1.k2."));
        assertEquals(generated.secret(), keys.secretOf(resealed), "same secret, new key");
        assertSame(resealed, keys.resealed(resealed), "nothing to do once current");
    }
}
