package dev.hookline.core.inbound.verify;

import static dev.hookline.core.inbound.verify.Requests.headers;
import static dev.hookline.core.inbound.verify.Requests.post;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hookline.core.inbound.verify.Verification.Reason;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BearerSchemeTest {

    private static final Instant NOW = Instant.EPOCH;
    private static final String TOKEN = "tok_4f1c2a9e7b3d5f60";
    private static final String NEXT = "tok_new_8a7b6c5d4e3f";

    @Test
    void authorizationBearer() {
        var scheme = new BearerScheme(List.of(TOKEN), null);
        Expect.verified(scheme.verify(post(headers("Authorization", "Bearer " + TOKEN), ""), NOW));
        Expect.verified(scheme.verify(post(headers("authorization", "bearer " + TOKEN), ""), NOW));
        Expect.reason(Reason.BAD_TOKEN,
                scheme.verify(post(headers("Authorization", "Bearer " + TOKEN + "x"), ""), NOW));
        Expect.reason(Reason.BAD_TOKEN, scheme.verify(post(headers("Authorization", "Bearer " + NEXT), ""), NOW));
    }

    @Test
    void authorizationWithoutBearerIsMissing() {
        var scheme = new BearerScheme(List.of(TOKEN), null);
        Expect.reason(Reason.MISSING_HEADER, scheme.verify(post(headers("Authorization", TOKEN), ""), NOW));
        Expect.reason(Reason.MISSING_HEADER, scheme.verify(post(headers("Authorization", "Bearer "), ""), NOW));
        Expect.reason(Reason.MISSING_HEADER, scheme.verify(post(Map.of(), ""), NOW));
    }

    @Test
    void customHeaderCarriesTheBareToken() {
        var scheme = new BearerScheme(List.of(TOKEN), "X-Webhook-Token");
        Expect.verified(scheme.verify(post(headers("x-webhook-token", TOKEN), ""), NOW));
        Expect.verified(scheme.verify(post(headers("X-Webhook-Token", "Bearer " + TOKEN), ""), NOW));
        Expect.reason(Reason.MISSING_HEADER, scheme.verify(post(headers("Authorization", "Bearer " + TOKEN), ""), NOW));
    }

    @Test
    void secondOfTwoTokensVerifies() {
        var scheme = new BearerScheme(List.of(TOKEN, NEXT), null);
        Expect.verified(scheme.verify(post(headers("Authorization", "Bearer " + NEXT), ""), NOW));
    }

    @Test
    void atMostTwoTokens() {
        assertThrows(IllegalArgumentException.class, () -> new BearerScheme(List.of("a", "b", "c"), null));
        assertThrows(IllegalArgumentException.class, () -> new BearerScheme(List.of(), null));
    }
}
