package dev.hookline.core.inbound.verify;

import static dev.hookline.core.inbound.verify.Requests.at;
import static dev.hookline.core.inbound.verify.Requests.headers;
import static dev.hookline.core.inbound.verify.Requests.post;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.inbound.InboundVectors;
import dev.hookline.core.inbound.verify.Verification.Reason;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlackSchemeTest {

    private static final JsonNode V = InboundVectors.entry("slack-docs");
    private static final String SECRET = V.path("secret").asText();
    private static final String BODY = V.path("body").asText();
    private static final long NOW = V.path("now").asLong();
    private static final VerificationScheme SCHEME = Vendors.scheme(VendorPresets.SLACK, List.of(SECRET));

    private static Map<String, String> signed(String secret, long timestamp, String body) {
        return headers("X-Slack-Request-Timestamp", Long.toString(timestamp), "X-Slack-Signature",
                "v0=" + Requests.hmacHex(HmacAlgorithm.SHA256, secret, "v0:" + timestamp + ":" + body));
    }

    @Test
    void acceptsTheVendorVector() {
        Expect.verified(SCHEME.verify(post(InboundVectors.headers(V), BODY), at(NOW)));
    }

    @Test
    void tamperedBodyIsABadSignature() {
        Expect.reason(Reason.BAD_SIGNATURE, SCHEME.verify(post(InboundVectors.headers(V), BODY + "&x=1"), at(NOW)));
    }

    @Test
    void wrongSecretIsABadSignature() {
        Expect.reason(Reason.BAD_SIGNATURE, Vendors.scheme(VendorPresets.SLACK, List.of("wrong"))
                .verify(post(InboundVectors.headers(V), BODY), at(NOW)));
    }

    @Test
    void missingSignatureOrTimestampHeader() {
        Map<String, String> h = InboundVectors.headers(V);
        Expect.reason(Reason.MISSING_HEADER,
                SCHEME.verify(post(Requests.without(h, "X-Slack-Signature"), BODY), at(NOW)));
        Expect.reason(Reason.MISSING_HEADER,
                SCHEME.verify(post(Requests.without(h, "X-Slack-Request-Timestamp"), BODY), at(NOW)));
    }

    @Test
    void changingTheTimestampBreaksTheSignature() {
        Map<String, String> h = Requests.with(InboundVectors.headers(V), "X-Slack-Request-Timestamp",
                Long.toString(NOW + 1));
        Expect.reason(Reason.BAD_SIGNATURE, SCHEME.verify(post(h, BODY), at(NOW)));
    }

    @Test
    void staleAndFutureTimestamps() {
        Expect.reason(Reason.STALE_TIMESTAMP, SCHEME.verify(post(InboundVectors.headers(V), BODY), at(NOW + 301)));
        Expect.reason(Reason.FUTURE_TIMESTAMP, SCHEME.verify(post(InboundVectors.headers(V), BODY), at(NOW - 301)));
        Expect.verified(SCHEME.verify(post(InboundVectors.headers(V), BODY), at(NOW + 300)));
        Expect.verified(SCHEME.verify(post(InboundVectors.headers(V), BODY), at(NOW - 300)));
    }

    @Test
    void toleranceIsConfigurable() {
        var tight = Vendors.scheme(VendorPresets.SLACK, List.of(SECRET), 10);
        Expect.reason(Reason.STALE_TIMESTAMP, tight.verify(post(InboundVectors.headers(V), BODY), at(NOW + 11)));
    }

    @Test
    void nonNumericTimestampIsABadTimestamp() {
        Map<String, String> h = Requests.with(InboundVectors.headers(V), "X-Slack-Request-Timestamp", "12a");
        Expect.reason(Reason.BAD_TIMESTAMP, SCHEME.verify(post(h, BODY), at(NOW)));
    }

    @Test
    void secondOfTwoSecretsVerifies() {
        var scheme = Vendors.scheme(VendorPresets.SLACK, List.of("old-secret", "new-secret"));
        Expect.verified(scheme.verify(post(signed("new-secret", 1_700_000_000L, "{}"), "{}"), at(1_700_000_000L)));
    }
}
