package dev.hookline.core.inbound.verify;

import static dev.hookline.core.inbound.verify.Requests.at;
import static dev.hookline.core.inbound.verify.Requests.headers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.inbound.InboundVectors;
import dev.hookline.core.inbound.verify.Verification.Reason;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every vendor preset against a known-answer vector. Vectors come from {@code shared/vectors} where one exists; the
 * others were computed outside Hookline with {@code openssl} from each vendor's documented algorithm (the command is
 * next to each), or come from the vendor's own SDK tests (SendGrid), checked with {@code openssl} as well.
 */
class VendorPresetVectorsTest {

    /** A preset, the key it is configured with, the request as the vendor sends it, and when it arrives. */
    record Vector(VendorPreset preset, String key, String url, Map<String, String> headers, String body, long now) {

        InboundRequest request() {
            return request(body);
        }

        InboundRequest request(String otherBody) {
            return Requests.post(url, headers, otherBody.getBytes(StandardCharsets.UTF_8));
        }

        VerificationScheme scheme() {
            return Vendors.scheme(preset, List.of(key));
        }

        @Override
        public String toString() {
            return preset.id();
        }
    }

    // printf 'v0:1700000000:%s' "$BODY" | openssl dgst -sha256 -hmac 'zoom-secret-token' -hex
    static final String ZOOM_BODY =
            "{\"event\":\"meeting.started\",\"payload\":{\"account_id\":\"AAAAAABBBB\"},\"event_ts\":1700000000000}";
    static final Vector ZOOM = new Vector(VendorPresets.ZOOM, "zoom-secret-token", Requests.URL,
            headers("x-zm-request-timestamp", "1700000000",
                    "x-zm-signature", "v0=a7318d76cb33a268e924a063507135b8eaf25df75af4019f85a51a0d9f633b8c"),
            ZOOM_BODY, 1_700_000_010L);

    // printf '1671552777:%s' "$BODY" | openssl dgst -sha256 -hmac 'pdl_ntfset_01hv8wxqgs_secret' -hex
    static final Vector PADDLE = new Vector(VendorPresets.PADDLE, "pdl_ntfset_01hv8wxqgs_secret", Requests.URL,
            headers("Paddle-Signature",
                    "ts=1671552777;h1=64908d3c163528c58117e153f0f63cc1d96cf6c77ab6e78917b9924259742acb"),
            "{\"event_id\":\"evt_01hv8x2acma2gz9dkvh7kqvzc0\",\"event_type\":\"transaction.paid\"}", 1_671_552_780L);

    // printf '%s' "$BODY" | openssl dgst -sha256 -hmac 'lin_wh_secret_1' -hex
    static final Vector LINEAR = new Vector(VendorPresets.LINEAR, "lin_wh_secret_1", Requests.URL,
            headers("Linear-Signature", "7138adb0879cfdf9e3e00784f911590bf4a52feb95c7da954647eb9e5c90db51",
                    "Linear-Delivery", "d1"),
            "{\"action\":\"create\",\"type\":\"Issue\",\"data\":{\"id\":\"iss_1\"},\"webhookTimestamp\":1700000000123}",
            1_700_000_030L);

    // printf '%s' "$BODY" | openssl dgst -sha1 -hmac 'intercom-client-secret' -hex
    static final Vector INTERCOM = new Vector(VendorPresets.INTERCOM, "intercom-client-secret", Requests.URL,
            headers("X-Hub-Signature", "sha1=459107a3e21a320da69cf1d60cd3159338768256"),
            "{\"type\":\"notification_event\",\"id\":\"notif_1\",\"topic\":\"conversation.user.created\"}",
            1_700_000_000L);

    // printf '%s' "$BODY" | openssl dgst -sha1 -hmac 'segment-shared-secret' -hex
    static final Vector SEGMENT = new Vector(VendorPresets.SEGMENT, "segment-shared-secret", Requests.URL,
            headers("X-Signature", "aa055a522ff89ca7a3088a3294af0bf3bb624cb2"),
            "{\"type\":\"track\",\"messageId\":\"ajs-msg-1\",\"event\":\"Order Completed\",\"userId\":\"u_1\"}",
            1_700_000_000L);

    /**
     * From SendGrid's own SDK test (sendgrid-nodejs packages/eventwebhook, PUBLIC_KEY/SIGNATURE/TIMESTAMP/PAYLOAD),
     * checked independently: {@code base64 -d} the key and signature to DER, then
     * {@code printf '1588788367%s' "$BODY" | openssl dgst -sha256 -verify pub.der -keyform DER -signature sig.der}
     * prints "Verified OK".
     */
    static final String SENDGRID_KEY = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEEDr2LjtURuePQzplybdC+u4CwrqDqBaWjcMMsTbhdb"
            + "cwHBcepxo7yAQGhHPTnlvFYPAZFceEu/1FwCM/QmGUhA==";
    static final Vector SENDGRID = new Vector(VendorPresets.SENDGRID, SENDGRID_KEY, Requests.URL,
            headers("X-Twilio-Email-Event-Webhook-Timestamp", "1588788367",
                    "X-Twilio-Email-Event-Webhook-Signature",
                    "MEUCIQCtIHJeH93Y+qpYeWrySphQgpNGNr/U+UyUlBkU6n7RAwIgJTz2C+8a8xonZGi6BpSzoQsbVRamr2nlxFDWYNH2j/0="),
            "{\"category\":\"example_payload\",\"event\":\"test_event\",\"message_id\":\"message_id\"}",
            1_588_788_400L);

    static Vector shared(VendorPreset preset, String id) {
        JsonNode v = InboundVectors.entry(id);
        String body = v.has("body") ? v.path("body").asText() : "";
        if (id.equals("pagerduty")) {
            body = new String(InboundVectors.sibling("pagerduty-body.json"), StandardCharsets.UTF_8);
        }
        return new Vector(preset, v.path("secret").asText(), v.has("url") ? v.path("url").asText() : Requests.URL,
                InboundVectors.headers(v), body, v.has("now") ? v.path("now").asLong() : 1_700_000_000L);
    }

    static Stream<Vector> vectors() {
        return Stream.of(shared(VendorPresets.GITHUB, "github-docs"), shared(VendorPresets.GITHUB, "github-octokit"),
                shared(VendorPresets.SHOPIFY, "shopify-derived"), shared(VendorPresets.SLACK, "slack-docs"),
                shared(VendorPresets.STRIPE, "stripe-derived"), shared(VendorPresets.SQUARE, "square"),
                shared(VendorPresets.SQUARE, "square-escaped"), shared(VendorPresets.PAGERDUTY, "pagerduty"),
                ZOOM, PADDLE, LINEAR, INTERCOM, SEGMENT, SENDGRID);
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void acceptsTheVector(Vector v) {
        Expect.verified(v.scheme().verify(v.request(), at(v.now())));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void aTamperedBodyIsABadSignature(Vector v) {
        String tampered = v.body().isEmpty() ? "x" : v.body().substring(0, v.body().length() - 1) + " ";
        Verification result = v.scheme().verify(v.request(tampered), at(v.now()));
        // Linear's time is in the body, so a cut body may also lose it; either way it is refused.
        assertTrue(Set.of(Reason.BAD_SIGNATURE, Reason.BAD_TIMESTAMP).contains(result.reason()), result.detail());
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void anotherKeyIsABadSignature(Vector v) {
        String other = v.preset().usesSecrets() ? "not-the-secret" : otherP256Key();
        Expect.reason(Reason.BAD_SIGNATURE, Vendors.scheme(v.preset(), List.of(other))
                .verify(v.request(), at(v.now())));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void withoutTheSignatureHeaderItIsMissing(Vector v) {
        Map<String, String> none = Requests.without(v.headers(), v.preset().spec().layout().header());
        Expect.reason(Reason.MISSING_HEADER, v.scheme().verify(Requests.post(v.url(), none,
                v.body().getBytes(StandardCharsets.UTF_8)), at(v.now())));
    }

    /** A new vendor is a preset and its vector: this fails until the vector is added above. */
    @Test
    void everyPresetHasAVector() {
        Set<String> tested = vectors().map(v -> v.preset().id()).collect(Collectors.toCollection(TreeSet::new));
        tested.add(VendorPresets.TWILIO.id()); // TwilioSchemeTest: its vectors need form bodies and URL variants
        assertEquals(new TreeSet<>(VendorPresets.all().stream().map(VendorPreset::id).toList()), tested);
    }

    @Test
    void timestampedPresetsRefuseStaleAndFutureCalls() {
        for (Vector v : List.of(ZOOM, PADDLE, SENDGRID)) {
            long signedAt = v == ZOOM ? 1_700_000_000L : v == PADDLE ? 1_671_552_777L : 1_588_788_367L;
            Expect.reason(Reason.STALE_TIMESTAMP, v.scheme().verify(v.request(), at(signedAt + 301)));
            Expect.reason(Reason.FUTURE_TIMESTAMP, v.scheme().verify(v.request(), at(signedAt - 301)));
            Expect.verified(Vendors.scheme(v.preset(), List.of(v.key()), 400)
                    .verify(v.request(), at(signedAt + 399)));
        }
    }

    @Test
    void zoomAndSendGridSignTheirTimestampHeader() {
        Expect.reason(Reason.BAD_SIGNATURE, ZOOM.scheme().verify(Requests.post(ZOOM.url(),
                Requests.with(ZOOM.headers(), "x-zm-request-timestamp", "1700000001"),
                ZOOM_BODY.getBytes(StandardCharsets.UTF_8)), at(ZOOM.now())));
        Expect.reason(Reason.MISSING_HEADER, ZOOM.scheme().verify(Requests.post(ZOOM.url(),
                Requests.without(ZOOM.headers(), "x-zm-request-timestamp"),
                ZOOM_BODY.getBytes(StandardCharsets.UTF_8)), at(ZOOM.now())));
        Expect.reason(Reason.BAD_SIGNATURE, SENDGRID.scheme().verify(Requests.post(SENDGRID.url(),
                Requests.with(SENDGRID.headers(), "X-Twilio-Email-Event-Webhook-Timestamp", "1588788368"),
                SENDGRID.body().getBytes(StandardCharsets.UTF_8)), at(SENDGRID.now())));
    }

    @Test
    void paddleRotationSendsSeveralH1EntriesAndItsTimestampIsSigned() {
        String real = PADDLE.headers().get("Paddle-Signature");
        String h1 = real.substring(real.indexOf("h1="));
        Map<String, String> rotated = headers("Paddle-Signature", "ts=1671552777;h1=" + "00".repeat(32) + ";" + h1);
        Expect.verified(PADDLE.scheme().verify(Requests.post(PADDLE.url(), rotated,
                PADDLE.body().getBytes(StandardCharsets.UTF_8)), at(PADDLE.now())));
        Map<String, String> moved = headers("Paddle-Signature", "ts=1671552778;" + h1);
        Expect.reason(Reason.BAD_SIGNATURE, PADDLE.scheme().verify(Requests.post(PADDLE.url(), moved,
                PADDLE.body().getBytes(StandardCharsets.UTF_8)), at(PADDLE.now())));
        Map<String, String> noTime = headers("Paddle-Signature", h1);
        Expect.reason(Reason.BAD_TIMESTAMP, PADDLE.scheme().verify(Requests.post(PADDLE.url(), noTime,
                PADDLE.body().getBytes(StandardCharsets.UTF_8)), at(PADDLE.now())));
    }

    @Test
    void linearChecksTheSignedBodyTimeWithinAMinute() {
        long signedAt = 1_700_000_000L;
        Expect.verified(LINEAR.scheme().verify(LINEAR.request(), at(signedAt + 60)));
        Expect.reason(Reason.STALE_TIMESTAMP, LINEAR.scheme().verify(LINEAR.request(), at(signedAt + 61)));
        String noTime = "{\"action\":\"create\"}";
        String signature = Requests.hmacHex(HmacAlgorithm.SHA256, LINEAR.key(), noTime);
        Expect.reason(Reason.BAD_TIMESTAMP, LINEAR.scheme().verify(Requests.post(LINEAR.url(),
                headers("Linear-Signature", signature), noTime.getBytes(StandardCharsets.UTF_8)), at(signedAt)));
    }

    @Test
    void sendGridTakesItsKeyAsPemToo() {
        String pem = "-----BEGIN PUBLIC KEY-----\n" + SENDGRID_KEY.substring(0, 64) + "\n" + SENDGRID_KEY.substring(64)
                + "\n-----END PUBLIC KEY-----\n";
        Expect.verified(Vendors.scheme(VendorPresets.SENDGRID, List.of(otherP256Key(), pem))
                .verify(SENDGRID.request(), at(SENDGRID.now())));
    }

    @Test
    void sendGridEvaluatesAtMostItsCandidateBound() {
        String real = SENDGRID.headers().get("X-Twilio-Email-Event-Webhook-Signature");
        String bogus = java.util.Base64.getEncoder().encodeToString(new byte[70]);
        Map<String, String> flood = Requests.with(SENDGRID.headers(), "X-Twilio-Email-Event-Webhook-Signature",
                String.join(",", java.util.Collections.nCopies(3, bogus)) + "," + real);
        // One key: two candidates are evaluated, so a genuine signature in third place is not reached.
        Expect.reason(Reason.BAD_SIGNATURE, SENDGRID.scheme().verify(Requests.post(SENDGRID.url(), flood,
                SENDGRID.body().getBytes(StandardCharsets.UTF_8)), at(SENDGRID.now())));
    }

    private static String otherP256Key() {
        try {
            var generator = java.security.KeyPairGenerator.getInstance("EC");
            generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
            return java.util.Base64.getEncoder().encodeToString(generator.generateKeyPair().getPublic().getEncoded());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void presetIdsAreTheApiSchemeNames() {
        assertEquals(List.of("standard-webhooks", "stripe", "github", "shopify", "slack", "twilio", "square",
                "pagerduty", "zoom", "paddle", "linear", "intercom", "segment", "sendgrid", "hmac", "bearer", "jwt", "none"),
                SchemeType.ids());
    }
}
