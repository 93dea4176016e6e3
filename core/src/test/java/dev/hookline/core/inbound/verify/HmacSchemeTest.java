package dev.hookline.core.inbound.verify;

import static dev.hookline.core.inbound.verify.Requests.at;
import static dev.hookline.core.inbound.verify.Requests.headers;
import static dev.hookline.core.inbound.verify.Requests.post;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.inbound.InboundVectors;
import dev.hookline.core.inbound.verify.Verification.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HmacSchemeTest {

    private static final Instant NOW = at(1_700_000_000L);
    private static final String SQUARE_HEADER = "x-square-hmacsha256-signature";

    private static SignatureScheme square(String... secrets) {
        return new HmacConfig(List.of(secrets), "SHA-256", SQUARE_HEADER, null, "base64", "{url}{body}", null, null,
                null).build();
    }

    private static SignatureScheme pagerDuty(String... secrets) {
        return new HmacConfig(List.of(secrets), "SHA-256", "X-PagerDuty-Signature", "v1=", "hex", null, null, null,
                null).build();
    }

    /** A timestamped, id-carrying sender in the Standard-Webhooks-like shape, to exercise every placeholder. */
    private static SignatureScheme timestamped(String... secrets) {
        return new HmacConfig(List.of(secrets), "SHA-512", "X-Sig", "sha512=", "hex", "{id}.{timestamp}.{body}",
                "X-Ts", "X-Id", 120).build();
    }

    private static Map<String, String> timestampedHeaders(String secret, long ts, String id, String body) {
        return headers("X-Ts", Long.toString(ts), "X-Id", id, "X-Sig",
                "sha512=" + Requests.hmacHex(HmacAlgorithm.SHA512, secret, id + "." + ts + "." + body));
    }

    @ParameterizedTest
    @ValueSource(strings = {"square", "square-escaped"})
    void acceptsTheSquareVectors(String id) {
        JsonNode v = InboundVectors.entry(id);
        var request = Requests.post(v.path("url").asText(), InboundVectors.headers(v),
                v.path("body").asText().getBytes(StandardCharsets.UTF_8));
        Expect.verified(square(v.path("secret").asText()).verify(request, NOW));
    }

    @Test
    void squareSignsTheUrl() {
        JsonNode v = InboundVectors.entry("square");
        var request = Requests.post(v.path("url").asText() + "x", InboundVectors.headers(v),
                v.path("body").asText().getBytes(StandardCharsets.UTF_8));
        Expect.reason(Reason.BAD_SIGNATURE, square(v.path("secret").asText()).verify(request, NOW));
    }

    @Test
    void acceptsThePagerDutyVectorWithItsExactBodyBytes() {
        JsonNode v = InboundVectors.entry("pagerduty");
        byte[] body = InboundVectors.sibling("pagerduty-body.json");
        Expect.verified(pagerDuty(v.path("secret").asText())
                .verify(Requests.post(Requests.URL, InboundVectors.headers(v), body), NOW));
        // The vector's inline body is the same document.
        Expect.verified(pagerDuty(v.path("secret").asText())
                .verify(post(InboundVectors.headers(v), v.path("body").asText()), NOW));
    }

    @Test
    void pagerDutyRotationSendsSeveralSignaturesInOneHeader() {
        JsonNode v = InboundVectors.entry("pagerduty");
        String real = InboundVectors.headers(v).get("X-PagerDuty-Signature");
        Map<String, String> h = headers("X-PagerDuty-Signature", "v1=" + "00".repeat(32) + ", " + real);
        Expect.verified(pagerDuty(v.path("secret").asText()).verify(post(h, v.path("body").asText()), NOW));
    }

    @Test
    void tamperedBodyIsABadSignature() {
        JsonNode v = InboundVectors.entry("pagerduty");
        byte[] body = InboundVectors.sibling("pagerduty-body.json");
        byte[] tampered = Arrays.copyOf(body, body.length + 1);
        tampered[body.length] = '\n';
        Expect.reason(Reason.BAD_SIGNATURE, pagerDuty(v.path("secret").asText())
                .verify(Requests.post(Requests.URL, InboundVectors.headers(v), tampered), NOW));
    }

    @Test
    void wrongSecretIsABadSignature() {
        JsonNode v = InboundVectors.entry("square");
        var request = Requests.post(v.path("url").asText(), InboundVectors.headers(v),
                v.path("body").asText().getBytes(StandardCharsets.UTF_8));
        Expect.reason(Reason.BAD_SIGNATURE, square("not-the-key").verify(request, NOW));
    }

    @Test
    void missingHeaders() {
        Expect.reason(Reason.MISSING_HEADER, pagerDuty("k").verify(post(Map.of(), "{}"), NOW));
        Map<String, String> h = timestampedHeaders("k", NOW.getEpochSecond(), "evt_1", "{}");
        Expect.reason(Reason.MISSING_HEADER, timestamped("k").verify(post(Requests.without(h, "X-Ts"), "{}"), NOW));
        Expect.reason(Reason.MISSING_HEADER, timestamped("k").verify(post(Requests.without(h, "X-Id"), "{}"), NOW));
    }

    @Test
    void timestampAndIdAreSignedAndChecked() {
        long ts = NOW.getEpochSecond();
        Map<String, String> h = timestampedHeaders("k", ts, "evt_1", "{}");
        Expect.verified(timestamped("k").verify(post(h, "{}"), NOW));
        Expect.reason(Reason.BAD_SIGNATURE,
                timestamped("k").verify(post(Requests.with(h, "X-Id", "evt_2"), "{}"), NOW));
        Expect.reason(Reason.BAD_SIGNATURE,
                timestamped("k").verify(post(Requests.with(h, "X-Ts", Long.toString(ts + 1)), "{}"), NOW));
        Expect.reason(Reason.BAD_TIMESTAMP, timestamped("k").verify(post(Requests.with(h, "X-Ts", "1.5"), "{}"), NOW));
    }

    @Test
    void staleAndFutureTimestamps() {
        long ts = NOW.getEpochSecond();
        Map<String, String> h = timestampedHeaders("k", ts, "evt_1", "{}");
        Expect.reason(Reason.STALE_TIMESTAMP, timestamped("k").verify(post(h, "{}"), NOW.plusSeconds(121)));
        Expect.reason(Reason.FUTURE_TIMESTAMP, timestamped("k").verify(post(h, "{}"), NOW.minusSeconds(121)));
        Expect.verified(timestamped("k").verify(post(h, "{}"), NOW.plusSeconds(120)));
    }

    @Test
    void secondOfTwoSecretsVerifies() {
        JsonNode v = InboundVectors.entry("pagerduty");
        Expect.verified(pagerDuty("old", v.path("secret").asText())
                .verify(post(InboundVectors.headers(v), v.path("body").asText()), NOW));
        Map<String, String> h = timestampedHeaders("new", NOW.getEpochSecond(), "evt_1", "{}");
        Expect.verified(timestamped("old", "new").verify(post(h, "{}"), NOW));
    }

    @Test
    void sha1AndUpperCaseHexAndUnprefixedEntriesSkipped() {
        var scheme = new HmacConfig(List.of("k"), "sha1", "X-Sig", "", "hex", null, null, null, null).build();
        String hex = Requests.hmacHex(HmacAlgorithm.SHA1, "k", "body").toUpperCase();
        Expect.verified(scheme.verify(post(headers("X-Sig", hex), "body"), NOW));
        Expect.reason(Reason.BAD_SIGNATURE, pagerDuty("k").verify(post(headers("X-PagerDuty-Signature",
                Requests.hmacHex(HmacAlgorithm.SHA256, "k", "body")), "body"), NOW));
    }
}
