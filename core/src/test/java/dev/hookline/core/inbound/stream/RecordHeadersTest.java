package dev.hookline.core.inbound.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.core.problem.Problem.FieldError;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordHeadersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Map<String, String> githubCall() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("X-GitHub-Event", "push");
        h.put("X-GitHub-Delivery", "72d3162e");
        h.put("X-Hub-Signature-256", "sha256=abc");
        h.put("Authorization", "Bearer t");
        h.put("Cookie", "s=1");
        h.put("X-Correlation-Id", "corr-1");
        return h;
    }

    @Test
    void withoutAListTheSchemesPresetAndTheCorrelationIdsAreKept() {
        Map<String, String> kept = RecordHeaders.select(RecordHeaders.allowList(null, List.of("github")), githubCall());
        assertEquals(Map.of("x-github-event", "push", "x-github-delivery", "72d3162e", "x-correlation-id", "corr-1"), kept);
    }

    @Test
    void presetsOfSeveralMechanismsAddUp() {
        List<String> names = RecordHeaders.allowList(null, List.of("stripe", "bearer"));
        assertTrue(names.contains("stripe-account"));
        assertTrue(names.contains("x-correlation-id"));
        assertFalse(names.contains("authorization"));
    }

    @Test
    void aSourcesOwnListReplacesThePresetCaseInsensitively() throws Exception {
        List<String> names = RecordHeaders.allowList(JSON.readTree("{\"headers\":[\"X-Tenant-Region\"]}"), List.of("github"));
        Map<String, String> call = new LinkedHashMap<>(githubCall());
        call.put("x-tenant-region", "eu");
        assertEquals(Map.of("x-tenant-region", "eu"), RecordHeaders.select(names, call));
    }

    @Test
    void credentialHeadersAreRefusedInAList() throws Exception {
        for (String name : List.of("Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie", "X-Hub-Signature-256",
                "Stripe-Signature", "X-Slack-Signature", "webhook-signature", "X-Api-Key", "X-Auth-Token",
                "X-Shopify-Hmac-Sha256", "X-Twilio-Signature", "X-Webhook-Secret", "X-Amz-Security-Token")) {
            List<FieldError> errors = RecordHeaders.validate(JSON.readTree("[\"" + name + "\"]"), Set.of());
            assertEquals(1, errors.size(), name);
            assertEquals("stream.headers[0]", errors.getFirst().field());
        }
        assertEquals(List.of(), RecordHeaders.validate(JSON.readTree("[\"X-GitHub-Event\",\"I-Twilio-Idempotency-Token\"]"), Set.of()));
        // A generic source's own signature header, whatever it is called.
        assertEquals(1, RecordHeaders.validate(JSON.readTree("[\"X-Check\"]"), Set.of("x-check")).size());
    }

    @Test
    void namesAndSizeAreBounded() throws Exception {
        assertEquals("stream.headers[0]", RecordHeaders.validate(JSON.readTree("[\"bad name\"]"), Set.of()).getFirst().field());
        assertEquals("stream.headers", RecordHeaders.validate(JSON.readTree("\"X-A\""), Set.of()).getFirst().field());
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i <= RecordHeaders.MAX_HEADERS; i++) {
            many.append(i == 0 ? "" : ",").append("\"X-H").append(i).append('"');
        }
        assertFalse(RecordHeaders.validate(JSON.readTree(many + "]"), Set.of()).isEmpty());
        Map<String, String> long_ = Map.of("x-correlation-id", "v".repeat(5000));
        assertEquals(RecordHeaders.MAX_VALUE_CHARS, RecordHeaders.select(List.of("x-correlation-id"), long_)
                .get("x-correlation-id").length());
    }

    @Test
    void aCredentialNameInAnOldAllowListIsStillDropped() {
        assertEquals(Map.of(), RecordHeaders.select(List.of("authorization"), Map.of("authorization", "Bearer t")));
    }
}
