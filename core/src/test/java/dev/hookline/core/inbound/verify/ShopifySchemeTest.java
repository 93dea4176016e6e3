package dev.hookline.core.inbound.verify;

import static dev.hookline.core.inbound.verify.Requests.at;
import static dev.hookline.core.inbound.verify.Requests.headers;
import static dev.hookline.core.inbound.verify.Requests.post;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.inbound.InboundVectors;
import dev.hookline.core.inbound.verify.Verification.Reason;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShopifySchemeTest {

    private static final Instant NOW = at(1_700_000_000L);
    private static final JsonNode V = InboundVectors.entry("shopify-derived");
    private static final String SECRET = V.path("secret").asText();
    private static final String BODY = V.path("body").asText();

    @Test
    void acceptsTheVector() {
        Expect.verified(Vendors.scheme(VendorPresets.SHOPIFY, List.of(SECRET)).verify(post(InboundVectors.headers(V), BODY), NOW));
    }

    @Test
    void tamperedBodyIsABadSignature() {
        Expect.reason(Reason.BAD_SIGNATURE,
                Vendors.scheme(VendorPresets.SHOPIFY, List.of(SECRET)).verify(post(InboundVectors.headers(V), BODY + " "), NOW));
    }

    @Test
    void wrongSecretIsABadSignature() {
        Expect.reason(Reason.BAD_SIGNATURE,
                Vendors.scheme(VendorPresets.SHOPIFY, List.of("wrong")).verify(post(InboundVectors.headers(V), BODY), NOW));
    }

    @Test
    void missingHeader() {
        Expect.reason(Reason.MISSING_HEADER, Vendors.scheme(VendorPresets.SHOPIFY, List.of(SECRET)).verify(post(Map.of(), BODY), NOW));
    }

    @Test
    void malformedBase64IsABadSignature() {
        Expect.reason(Reason.BAD_SIGNATURE, Vendors.scheme(VendorPresets.SHOPIFY, List.of(SECRET))
                .verify(post(headers("X-Shopify-Hmac-Sha256", "***"), BODY), NOW));
    }

    @Test
    void secondOfTwoSecretsVerifies() {
        Expect.verified(Vendors.scheme(VendorPresets.SHOPIFY, List.of("old", SECRET)).verify(post(InboundVectors.headers(V), BODY), NOW));
    }
}
