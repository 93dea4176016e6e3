package dev.hookline.core.signing;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Cross-checks against the official Standard Webhooks Java library. It reads the wall clock, so these tests sign "now"
 * rather than using the fixed vectors.
 */
class StandardWebhooksInteropTest {

    private static final String BODY = "{\"type\":\"run.failed\",\"data\":{\"name\":\"Zoë ✓\"}}";

    private static HttpHeaders headers(WebhookHeaders h) {
        return HttpHeaders.of(Map.of(
                WebhookHeaders.ID, List.of(h.id()),
                WebhookHeaders.TIMESTAMP, List.of(h.timestamp()),
                WebhookHeaders.SIGNATURE, List.of(h.signature())), (name, value) -> true);
    }

    @Test
    void officialLibraryVerifiesOurSignature() throws Exception {
        SigningSecret secret = SigningSecret.generate(new SecureRandom());
        WebhookHeaders h = WebhookSigner.of(secret)
                .sign("msg_interop1", Instant.now(), BODY.getBytes(StandardCharsets.UTF_8));
        Webhook official = new Webhook(secret.encoded());
        assertDoesNotThrow(() -> official.verify(BODY, headers(h)));
    }

    @Test
    void officialLibraryAcceptsOurRotationHeaderWithV1a() throws Exception {
        SigningSecret oldSecret = SigningSecret.generate(new SecureRandom());
        SigningSecret newSecret = SigningSecret.generate(new SecureRandom());
        Ed25519SigningKey key = Ed25519SigningKey.generate(new SecureRandom());
        WebhookHeaders h = new WebhookSigner(List.of(oldSecret, newSecret), List.of(key))
                .sign("msg_interop2", Instant.now(), BODY.getBytes(StandardCharsets.UTF_8));
        assertDoesNotThrow(() -> new Webhook(oldSecret.encoded()).verify(BODY, headers(h)));
        assertDoesNotThrow(() -> new Webhook(newSecret.encoded()).verify(BODY, headers(h)));
    }

    @Test
    void officialLibraryRejectsTamperedBodyAndWrongSecret() throws Exception {
        SigningSecret secret = SigningSecret.generate(new SecureRandom());
        WebhookHeaders h = WebhookSigner.of(secret)
                .sign("msg_interop3", Instant.now(), BODY.getBytes(StandardCharsets.UTF_8));
        assertThrows(WebhookVerificationException.class,
                () -> new Webhook(secret.encoded()).verify(BODY.replace("failed", "fai1ed"), headers(h)));
        String wrong = SigningSecret.generate(new SecureRandom()).encoded();
        assertThrows(WebhookVerificationException.class, () -> new Webhook(wrong).verify(BODY, headers(h)));
    }

    @Test
    void ourVerifierAcceptsTheOfficialLibrarysSignature() throws Exception {
        SigningSecret secret = SigningSecret.generate(new SecureRandom());
        long now = Instant.now().getEpochSecond();
        String signature = new Webhook(secret.encoded()).sign("msg_interop4", now, BODY);
        WebhookVerifier verifier = new WebhookVerifier(List.of(secret), List.of(),
                Clock.fixed(Instant.ofEpochSecond(now), java.time.ZoneOffset.UTC));
        assertEquals(VerificationResult.Status.VERIFIED,
                verifier.verify("msg_interop4", Long.toString(now), signature, BODY).status());
        assertEquals(VerificationResult.Status.NO_MATCHING_SIGNATURE,
                verifier.verify("msg_interop4", Long.toString(now), signature, BODY + " ").status());
    }

    @Test
    void officialLibrarySignsTheSharedVectorLikeUs() throws Exception {
        String signature = new Webhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
                .sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L, "{\"test\": 2432232314}");
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }
}
