package dev.hookline.core.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.core.testing.SequenceRandom;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.signing.VerificationResult.Status;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookVerifierTest {

    private static final String MSG_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final String TS = "1614265330";
    private static final String BODY = "{\"test\": 2432232314}";
    private static final String V1 = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    private static final String V1A =
            "v1a,tQ9V2XOqn7jL/DQenEFpqIugdBVtiMmER5mhSkXBNwM0mkATuDe6KYYUuxqtaiHeYGb7KaaBRdM5WqyeFiL8Ag==";
    private static final SigningSecret SECRET = SigningSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    private static final SigningSecret OTHER = SigningSecret.generate(new SequenceRandom());
    private static final Ed25519PublicKey PUBLIC =
            Ed25519PublicKey.parse("whpk_ZlN4eg7dSSqi0moX9hQUk3orrOouK3QVQSlJa248c/g=");

    private static Clock at(long epochSecond) {
        return Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
    }

    private static WebhookVerifier symmetric(long now) {
        return new WebhookVerifier(List.of(SECRET), List.of(), at(now));
    }

    @Test
    void acceptsTheSharedV1Vector() {
        JsonNode v = Vectors.entry("stdwebhooks-v1");
        JsonNode h = v.path("headers");
        WebhookVerifier verifier = new WebhookVerifier(List.of(SigningSecret.parse(v.path("secret").asText())),
                List.of(), at(v.path("now").asLong()));
        VerificationResult result = verifier.verify(h.path("webhook-id").asText(), h.path("webhook-timestamp").asText(),
                h.path("webhook-signature").asText(), v.path("body").asText());
        assertEquals(Status.VERIFIED, result.status());
        assertTrue(result.verified());
    }

    @Test
    void acceptsTheSharedV1aVector() {
        JsonNode v = Vectors.entry("stdwebhooks-v1a");
        JsonNode h = v.path("headers");
        WebhookVerifier verifier = new WebhookVerifier(List.of(),
                List.of(Ed25519PublicKey.parse(v.path("public_key_derived_by_us").asText())), at(v.path("now").asLong()));
        VerificationResult result = verifier.verify(h.path("webhook-id").asText(), h.path("webhook-timestamp").asText(),
                h.path("webhook-signature").asText(), v.path("body").asText());
        assertEquals(Status.VERIFIED, result.status());
    }

    @Test
    void tamperedBodyIdOrTimestampFail() {
        long now = 1614265330L;
        assertEquals(Status.NO_MATCHING_SIGNATURE,
                symmetric(now).verify(MSG_ID, TS, V1, "{\"test\": 2432232315}").status());
        assertEquals(Status.NO_MATCHING_SIGNATURE,
                symmetric(now).verify("msg_p5jXN8AQM9LWM0D4loKWxJeK", TS, V1, BODY).status());
        assertEquals(Status.NO_MATCHING_SIGNATURE, symmetric(now).verify(MSG_ID, "1614265331", V1, BODY).status());
    }

    @Test
    void wrongSecretFails() {
        WebhookVerifier verifier = new WebhookVerifier(List.of(OTHER), List.of(), at(1614265330L));
        assertEquals(Status.NO_MATCHING_SIGNATURE, verifier.verify(MSG_ID, TS, V1, BODY).status());
    }

    @Test
    void anyCandidateSecretMayMatchDuringRotation() {
        WebhookVerifier verifier = new WebhookVerifier(List.of(OTHER, SECRET), List.of(), at(1614265330L));
        assertEquals(Status.VERIFIED, verifier.verify(MSG_ID, TS, V1, BODY).status());
    }

    @Test
    void anySignatureInTheHeaderMayMatch() {
        String header = "v1,AAAA v2,whatever nonsense v1,%%%% " + V1 + "  " + V1A;
        assertEquals(Status.VERIFIED, symmetric(1614265330L).verify(MSG_ID, TS, header, BODY).status());
        WebhookVerifier asymmetricOnly = new WebhookVerifier(List.of(), List.of(PUBLIC), at(1614265330L));
        assertEquals(Status.VERIFIED, asymmetricOnly.verify(MSG_ID, TS, header, BODY).status());
    }

    @Test
    void aV1SignatureIsNotCheckedAgainstPublicKeysNorV1aAgainstSecrets() {
        WebhookVerifier asymmetricOnly = new WebhookVerifier(List.of(), List.of(PUBLIC), at(1614265330L));
        assertEquals(Status.NO_MATCHING_SIGNATURE, asymmetricOnly.verify(MSG_ID, TS, V1, BODY).status());
        assertEquals(Status.NO_MATCHING_SIGNATURE, symmetric(1614265330L).verify(MSG_ID, TS, V1A, BODY).status());
        // The right bytes under the wrong version label must not pass either.
        assertEquals(Status.NO_MATCHING_SIGNATURE,
                symmetric(1614265330L).verify(MSG_ID, TS, "v2," + V1.substring(3), BODY).status());
    }

    @Test
    void missingHeadersAreNamed() {
        VerificationResult result = symmetric(1614265330L).verify(null, " ", V1, BODY);
        assertEquals(Status.MISSING_HEADER, result.status());
        assertEquals("missing header(s): webhook-id, webhook-timestamp", result.detail());
        assertEquals(Status.MISSING_HEADER, symmetric(1614265330L).verify(MSG_ID, TS, "", BODY).status());
    }

    @Test
    void malformedTimestampsAreRefused() {
        for (String ts : List.of("abc", "-1614265330", "1614265330.5", "1e9", "99999999999999999999", "0x60372BF2")) {
            assertEquals(Status.BAD_TIMESTAMP, symmetric(1614265330L).verify(MSG_ID, ts, V1, BODY).status(), ts);
        }
    }

    @Test
    void toleranceIsFiveMinutesInclusiveInBothDirections() {
        // Signed at 1614265330: 300 s either side passes, 301 s does not.
        assertEquals(Status.VERIFIED, symmetric(1614265630L).verify(MSG_ID, TS, V1, BODY).status());
        assertEquals(Status.STALE_TIMESTAMP, symmetric(1614265631L).verify(MSG_ID, TS, V1, BODY).status());
        assertEquals(Status.VERIFIED, symmetric(1614265030L).verify(MSG_ID, TS, V1, BODY).status());
        assertEquals(Status.FUTURE_TIMESTAMP, symmetric(1614265029L).verify(MSG_ID, TS, V1, BODY).status());
    }

    @Test
    void staleAndFutureAreReportedBeforeSignatures() {
        // A day late with a valid signature is still stale: replay protection comes first.
        VerificationResult stale = symmetric(1614265330L + 86_400).verify(MSG_ID, TS, V1, BODY);
        assertEquals(Status.STALE_TIMESTAMP, stale.status());
        assertEquals("timestamp is 86400 s old, tolerance 300 s", stale.detail());
        VerificationResult future = symmetric(1614265330L - 3_600).verify(MSG_ID, TS, "v1,garbage", BODY);
        assertEquals(Status.FUTURE_TIMESTAMP, future.status());
    }

    @Test
    void customToleranceApplies() {
        WebhookVerifier strict = new WebhookVerifier(List.of(SECRET), List.of(), at(1614265340L), Duration.ofSeconds(5));
        assertEquals(Status.STALE_TIMESTAMP, strict.verify(MSG_ID, TS, V1, BODY).status());
    }

    @Test
    void failureDetailsDoNotLeakSignaturesOrSecrets() {
        VerificationResult result = new WebhookVerifier(List.of(OTHER), List.of(), at(1614265330L))
                .verify(MSG_ID, TS, V1, BODY);
        assertFalse(result.detail().contains("g0hM9SsE"));
        assertFalse(result.detail().contains("whsec_"));
        assertEquals("no_matching_signature", result.status().code());
    }
}
