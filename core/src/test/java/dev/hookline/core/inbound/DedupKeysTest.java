package dev.hookline.core.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.core.inbound.source.DedupKeySource;
import dev.hookline.core.inbound.verify.InboundRequest;
import dev.hookline.core.inbound.verify.SchemeType;
import dev.hookline.core.inbound.verify.VendorPresets;
import dev.hookline.core.problem.Problem.FieldError;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DedupKeysTest {

    private static InboundRequest request(Map<String, String> headers, String body) {
        return InboundRequest.of("POST", "https://in.hookline.dev/v1/in/src_1", headers, body, "");
    }

    @Test
    void vendorDefaults() {
        assertEquals(Optional.of("msg_1"), DedupKeys.defaultFor(SchemeType.STANDARD_WEBHOOKS,
                request(Map.of("webhook-id", "msg_1"), "{}")));
        assertEquals(Optional.of("msg_2"), DedupKeys.defaultFor(SchemeType.STANDARD_WEBHOOKS,
                request(Map.of("svix-id", "msg_2"), "{}")));
        assertEquals(Optional.of("evt_test_webhook"), DedupKeys.defaultFor(VendorPresets.STRIPE.type(),
                request(Map.of(), InboundVectors.entry("stripe-derived").path("body").asText())));
        assertEquals(Optional.of("72d3162e-cc78-11e3-81ab-4c9367dc0958"), DedupKeys.defaultFor(VendorPresets.GITHUB.type(),
                request(Map.of("X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958"), "{}")));
        assertEquals(Optional.of("b54557e4"), DedupKeys.defaultFor(VendorPresets.SHOPIFY.type(),
                request(Map.of("x-shopify-webhook-id", "b54557e4"), "{}")));
        assertEquals(Optional.of("Ev0PV52K25"), DedupKeys.defaultFor(VendorPresets.SLACK.type(),
                request(Map.of("X-Slack-Request-Timestamp", "1531420618"), "{\"event_id\":\"Ev0PV52K25\"}")));
        assertEquals(Optional.of("tok-1"), DedupKeys.defaultFor(VendorPresets.TWILIO.type(),
                request(Map.of("I-Twilio-Idempotency-Token", "tok-1"), "")));
        for (SchemeType generic : List.of(SchemeType.HMAC, SchemeType.BEARER, SchemeType.JWT, SchemeType.NONE)) {
            assertEquals(Optional.of("idem-1"), DedupKeys.defaultFor(generic,
                    request(Map.of("Idempotency-Key", "idem-1"), "{}")));
        }
    }

    @Test
    void slackSlashCommandsHaveNoEventId() {
        assertEquals(Optional.empty(), DedupKeys.defaultFor(VendorPresets.SLACK.type(),
                request(Map.of("Content-Type", "application/x-www-form-urlencoded"), "token=x&command=%2Fa")));
    }

    @Test
    void configuredSourceWinsThenDefaultThenBodyHash() throws Exception {
        var req = request(Map.of("X-Request-Id", "req-9", "X-GitHub-Delivery", "del-1"),
                "{\"event\":{\"id\":42}}");
        assertEquals("req-9", DedupKeys.keyFor(DedupKeySource.header("x-request-id"), VendorPresets.GITHUB.type(), req));
        assertEquals("42", DedupKeys.keyFor(DedupKeySource.jsonPointer("/event/id"), VendorPresets.GITHUB.type(), req));
        // Configured but absent: fall back to the scheme default.
        assertEquals("del-1", DedupKeys.keyFor(DedupKeySource.jsonPointer("/nope"), VendorPresets.GITHUB.type(), req));
        assertEquals("del-1", DedupKeys.keyFor(null, VendorPresets.GITHUB.type(), req));
        String expected = "body-sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest("{\"event\":{\"id\":42}}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, DedupKeys.keyFor(null, SchemeType.HMAC, req));
    }

    @Test
    void longOrControlCharacterIdsAreHashed() {
        String key = DedupKeys.keyFor(null, SchemeType.HMAC,
                request(Map.of("Idempotency-Key", "x".repeat(500)), "{}"));
        assertTrue(key.startsWith("id-sha256:") && key.length() == "id-sha256:".length() + 64, key);
        // Objects are not usable ids: fall through to the body hash.
        assertTrue(DedupKeys.keyFor(DedupKeySource.jsonPointer("/event"), SchemeType.HMAC,
                request(Map.of(), "{\"event\":{\"id\":1}}")).startsWith("body-sha256:"));
    }

    @Test
    void sourceValidation() {
        assertEquals(List.of(), DedupKeySource.header("X-Request-Id").validate());
        assertEquals(List.of(), DedupKeySource.jsonPointer("/data/id").validate());
        assertEquals(List.of("dedup_key"), fields(new DedupKeySource(null, null)));
        assertEquals(List.of("dedup_key"), fields(new DedupKeySource("X", "/a")));
        assertEquals(List.of("dedup_key.header"), fields(DedupKeySource.header("Bad Header")));
        assertEquals(List.of("dedup_key.json_pointer"), fields(DedupKeySource.jsonPointer("data/id")));
        assertEquals(List.of("dedup_key.json_pointer"), fields(DedupKeySource.jsonPointer("")));
    }

    @Test
    void sourceReadsFromApiJson() throws Exception {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper()
                .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE);
        assertEquals(DedupKeySource.jsonPointer("/data/id"),
                mapper.readValue("{\"json_pointer\":\"/data/id\"}", DedupKeySource.class));
        assertEquals(DedupKeySource.header("X-Id"), mapper.readValue("{\"header\":\"X-Id\"}", DedupKeySource.class));
    }

    private static List<String> fields(DedupKeySource source) {
        return source.validate().stream().map(FieldError::field).toList();
    }

    @Test
    void idsThatAreNotTextKeepDistinctAsciiKeys() {
        // UTF-8 turns lone surrogates into '?': "\ud800" and "\udc00" must not share a key (a false duplicate).
        DedupKeySource byId = DedupKeySource.jsonPointer("/id");
        String high = DedupKeys.keyFor(byId, SchemeType.NONE, request(Map.of(), "{\"id\":\"\\ud800\"}"));
        String low = DedupKeys.keyFor(byId, SchemeType.NONE, request(Map.of(), "{\"id\":\"\\udc00\"}"));
        assertTrue(high.startsWith("id-sha256e:"), high);
        assertTrue(!high.equals(low), high + " vs " + low);
        assertTrue(high.chars().allMatch(c -> c >= 0x20 && c < 0x7f), high);
        assertEquals("plain-id", DedupKeys.keyFor(byId, SchemeType.NONE, request(Map.of(), "{\"id\":\"plain-id\"}")));
    }
}
