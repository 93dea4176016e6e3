package dev.hookline.core.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hookline.core.testing.SequenceRandom;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {

    private static final String MSG_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TS = 1614265330L;
    private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);

    @Test
    void v1MatchesTheSharedVector() {
        JsonNode v = Vectors.entry("stdwebhooks-v1");
        SigningSecret secret = SigningSecret.parse(v.path("secret").asText());
        String header = WebhookSigner.of(secret).signatureHeader(
                v.path("headers").path("webhook-id").asText(),
                Long.parseLong(v.path("headers").path("webhook-timestamp").asText()),
                v.path("body").asText());
        assertEquals(v.path("headers").path("webhook-signature").asText(), header);
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", header);
    }

    @Test
    void v1aMatchesTheSharedVector() {
        JsonNode v = Vectors.entry("stdwebhooks-v1a");
        Ed25519SigningKey key = Ed25519SigningKey.fromSeed(
                Base64.getDecoder().decode(v.path("private_key_seed_b64").asText()));
        assertEquals(v.path("public_key_derived_by_us").asText(), key.publicKey().encoded());
        String header = new WebhookSigner(List.of(), List.of(key)).signatureHeader(
                v.path("headers").path("webhook-id").asText(),
                Long.parseLong(v.path("headers").path("webhook-timestamp").asText()),
                v.path("body").asText());
        assertEquals(v.path("headers").path("webhook-signature").asText(), header);
        assertEquals("v1a,tQ9V2XOqn7jL/DQenEFpqIugdBVtiMmER5mhSkXBNwM0mkATuDe6KYYUuxqtaiHeYGb7KaaBRdM5WqyeFiL8Ag==",
                header);
    }

    @Test
    void rotationSendsEverySignatureSpaceSeparated() {
        SigningSecret oldSecret = SigningSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        SigningSecret newSecret = SigningSecret.generate(new SequenceRandom());
        Ed25519SigningKey key = Ed25519SigningKey.parse("whsk_VEVTVFNJR05JTkdLRVlET05PVFVTRVRISVNGT1JBTlk=");
        String header = new WebhookSigner(List.of(oldSecret, newSecret), List.of(key)).signatureHeader(MSG_ID, TS, BODY);
        // The second v1 is HMAC-SHA256 under key bytes 0x00..0x1f, computed independently (Python hmac).
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
                + " v1,O4Gjv1HqPqsMrjmczoggs/sWA8gZD0VyHG+fLh4+ktI="
                + " v1a,tQ9V2XOqn7jL/DQenEFpqIugdBVtiMmER5mhSkXBNwM0mkATuDe6KYYUuxqtaiHeYGb7KaaBRdM5WqyeFiL8Ag==",
                header);
    }

    @Test
    void signProducesAllThreeHeadersWithWholeSeconds() {
        SigningSecret secret = SigningSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        WebhookHeaders headers = WebhookSigner.of(secret).sign(MSG_ID, Instant.ofEpochSecond(TS, 999_000_000), BODY);
        assertEquals(Map.of(
                "webhook-id", MSG_ID,
                "webhook-timestamp", "1614265330",
                "webhook-signature", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="), headers.asMap());
        assertEquals(List.of("webhook-id", "webhook-timestamp", "webhook-signature"),
                List.copyOf(headers.asMap().keySet()));
    }

    @Test
    void staticHelpersMatchTheVectors() {
        SigningSecret secret = SigningSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        Ed25519SigningKey key = Ed25519SigningKey.parse("whsk_VEVTVFNJR05JTkdLRVlET05PVFVTRVRISVNGT1JBTlk=");
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", WebhookSigner.v1(secret, MSG_ID, TS, BODY));
        assertEquals("v1a,tQ9V2XOqn7jL/DQenEFpqIugdBVtiMmER5mhSkXBNwM0mkATuDe6KYYUuxqtaiHeYGb7KaaBRdM5WqyeFiL8Ag==",
                WebhookSigner.v1a(key, MSG_ID, TS, BODY));
    }

    @Test
    void refusesUnsendableInput() {
        WebhookSigner signer = WebhookSigner.of(SigningSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
        assertThrows(IllegalArgumentException.class, () -> signer.signatureHeader("", TS, BODY));
        assertThrows(IllegalArgumentException.class, () -> signer.signatureHeader("msg_1\r\nx: y", TS, BODY));
        assertThrows(IllegalArgumentException.class, () -> signer.signatureHeader(MSG_ID, -1, BODY));
        assertThrows(IllegalArgumentException.class, () -> new WebhookSigner(List.of(), List.of()));
    }
}
