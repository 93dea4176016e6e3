package dev.hookline.core.inbound.verify;

import static dev.hookline.core.inbound.verify.Requests.at;
import static dev.hookline.core.inbound.verify.Requests.post;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.inbound.InboundVectors;
import dev.hookline.core.inbound.verify.Verification.Reason;
import dev.hookline.core.signing.Ed25519PublicKey;
import dev.hookline.core.signing.SigningSecret;
import dev.hookline.core.signing.WebhookSigner;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StandardWebhooksSchemeTest {

    private static final JsonNode V1 = InboundVectors.entry("stdwebhooks-v1");
    private static final JsonNode V1A = InboundVectors.entry("stdwebhooks-v1a");
    private static final SigningSecret SECRET = SigningSecret.parse(V1.path("secret").asText());
    private static final Ed25519PublicKey PUBLIC =
            Ed25519PublicKey.parse(V1A.path("public_key_derived_by_us").asText());
    private static final String BODY = V1.path("body").asText();
    private static final long NOW = V1.path("now").asLong();
    private static final SigningSecret OTHER = SigningSecret.generate(new Random(7));

    private static StandardWebhooksScheme scheme(List<SigningSecret> secrets, List<Ed25519PublicKey> keys) {
        return new StandardWebhooksScheme(secrets, keys, null);
    }

    @Test
    void acceptsTheV1Vector() {
        Expect.verified(scheme(List.of(SECRET), List.of()).verify(post(InboundVectors.headers(V1), BODY), at(NOW)));
    }

    @Test
    void acceptsTheV1aVector() {
        Expect.verified(scheme(List.of(), List.of(PUBLIC))
                .verify(post(InboundVectors.headers(V1A), V1A.path("body").asText()), at(V1A.path("now").asLong())));
    }

    @Test
    void tamperedBodyIsABadSignature() {
        Expect.reason(Reason.BAD_SIGNATURE,
                scheme(List.of(SECRET), List.of(PUBLIC)).verify(post(InboundVectors.headers(V1), BODY + " "), at(NOW)));
        Expect.reason(Reason.BAD_SIGNATURE, scheme(List.of(SECRET), List.of(PUBLIC))
                .verify(post(InboundVectors.headers(V1A), BODY + " "), at(NOW)));
    }

    @Test
    void wrongSecretIsABadSignature() {
        Expect.reason(Reason.BAD_SIGNATURE,
                scheme(List.of(OTHER), List.of()).verify(post(InboundVectors.headers(V1), BODY), at(NOW)));
    }

    @Test
    void missingHeader() {
        Map<String, String> h = Requests.without(InboundVectors.headers(V1), "webhook-id");
        Expect.reason(Reason.MISSING_HEADER, scheme(List.of(SECRET), List.of()).verify(post(h, BODY), at(NOW)));
    }

    @Test
    void staleAndFutureTimestamps() {
        var scheme = scheme(List.of(SECRET), List.of());
        Expect.reason(Reason.STALE_TIMESTAMP, scheme.verify(post(InboundVectors.headers(V1), BODY), at(NOW + 301)));
        Expect.reason(Reason.FUTURE_TIMESTAMP, scheme.verify(post(InboundVectors.headers(V1), BODY), at(NOW - 301)));
    }

    @Test
    void secondOfTwoSecretsVerifies() {
        Expect.verified(scheme(List.of(OTHER, SECRET), List.of())
                .verify(post(InboundVectors.headers(V1), BODY), at(NOW)));
    }

    @Test
    void svixHeaderNamesAreAccepted() {
        String sig = WebhookSigner.v1(SECRET, "msg_1", NOW, BODY.getBytes(StandardCharsets.UTF_8));
        Map<String, String> h = Requests.headers("svix-id", "msg_1", "svix-timestamp", Long.toString(NOW),
                "svix-signature", sig);
        Expect.verified(scheme(List.of(SECRET), List.of()).verify(post(h, BODY), at(NOW)));
    }
}
