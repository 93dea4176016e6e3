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

class StripeSchemeTest {

    private static final JsonNode V = InboundVectors.entry("stripe-derived");
    private static final String SECRET = V.path("secret").asText();
    private static final String BODY = V.path("body").asText();
    private static final long NOW = V.path("now").asLong();
    private static final VerificationScheme SCHEME = Vendors.scheme(VendorPresets.STRIPE, List.of(SECRET));

    private static String v1(String secret, long t, String body) {
        return Requests.hmacHex(HmacAlgorithm.SHA256, secret, t + "." + body);
    }

    private static Map<String, String> header(String value) {
        return headers("Stripe-Signature", value);
    }

    @Test
    void acceptsTheVector() {
        Expect.verified(SCHEME.verify(post(InboundVectors.headers(V), BODY), at(NOW)));
    }

    @Test
    void tamperedBodyIsABadSignature() {
        Expect.reason(Reason.BAD_SIGNATURE, SCHEME.verify(post(InboundVectors.headers(V), BODY.replace("test", "tost")),
                at(NOW)));
    }

    @Test
    void wrongSecretIsABadSignature() {
        Expect.reason(Reason.BAD_SIGNATURE,
                Vendors.scheme(VendorPresets.STRIPE, List.of("whsec_other")).verify(post(InboundVectors.headers(V), BODY), at(NOW)));
    }

    @Test
    void missingHeader() {
        Expect.reason(Reason.MISSING_HEADER, SCHEME.verify(post(Map.of(), BODY), at(NOW)));
    }

    @Test
    void anyOfSeveralV1EntriesMayMatch() {
        String h = "t=" + NOW + ",v1=" + v1("whsec_old", NOW, BODY) + ",v0=abcd,v1=" + v1(SECRET, NOW, BODY);
        Expect.verified(SCHEME.verify(post(header(h), BODY), at(NOW)));
    }

    @Test
    void staleAndFutureTimestamps() {
        long t = NOW;
        String h = "t=" + t + ",v1=" + v1(SECRET, t, BODY);
        Expect.reason(Reason.STALE_TIMESTAMP, SCHEME.verify(post(header(h), BODY), at(t + 301)));
        Expect.reason(Reason.FUTURE_TIMESTAMP, SCHEME.verify(post(header(h), BODY), at(t - 301)));
    }

    @Test
    void timestampIsSigned() {
        String h = "t=" + (NOW + 1) + ",v1=" + v1(SECRET, NOW, BODY);
        Expect.reason(Reason.BAD_SIGNATURE, SCHEME.verify(post(header(h), BODY), at(NOW)));
    }

    @Test
    void malformedHeaders() {
        Expect.reason(Reason.BAD_TIMESTAMP, SCHEME.verify(post(header("v1=" + v1(SECRET, NOW, BODY)), BODY), at(NOW)));
        Expect.reason(Reason.BAD_TIMESTAMP, SCHEME.verify(post(header("t=-5,v1=00"), BODY), at(NOW)));
        Expect.reason(Reason.BAD_SIGNATURE, SCHEME.verify(post(header("t=" + NOW), BODY), at(NOW)));
        // Only v0 (test-mode SHA-1) is not accepted.
        Expect.reason(Reason.BAD_SIGNATURE,
                SCHEME.verify(post(header("t=" + NOW + ",v0=" + v1(SECRET, NOW, BODY)), BODY), at(NOW)));
    }

    @Test
    void secondOfTwoSecretsVerifies() {
        Expect.verified(Vendors.scheme(VendorPresets.STRIPE, List.of("whsec_old", SECRET))
                .verify(post(InboundVectors.headers(V), BODY), at(NOW)));
    }
}
