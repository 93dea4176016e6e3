package dev.hookline.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.local.testing.Http;
import dev.hookline.local.testing.Signers;
import dev.hookline.local.testing.TestPlatform;
import dev.hookline.local.testing.Tenants;
import dev.hookline.local.testing.WithPlatform;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The signature doctor over the API: ingest keeps the last failed verifications of a source (facts, never values),
 * and POST /v1/sources/{id}/diagnose explains a captured request with the source's own secret.
 */
@WithPlatform
class DoctorIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] KEY = "doctor-it-key-0123456789abcdef!!".getBytes(StandardCharsets.UTF_8);
    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(KEY);

    private record Source(String id, String path) {
    }

    private static Source source(TestPlatform p, Tenants t) {
        Http.Response r = p.http().post("/v1/sources", t.key(), "{\"name\":\"doctor\",\"mode\":\"trigger\","
                + "\"verification\":{\"scheme\":\"standard-webhooks\",\"secrets\":[\"" + SECRET + "\"]},"
                + "\"trigger\":{\"pipeline\":\"p\",\"parameters\":{}}}");
        assertEquals(201, r.status(), r.body());
        String url = r.json().get("ingest_url").asText();
        return new Source(r.json().get("id").asText(), url.substring(url.indexOf("/in/")));
    }

    /** Standard Webhooks headers computed here with the JDK, from the spec. */
    private static Map<String, String> signed(String id, long ts, String body) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("webhook-id", id);
        h.put("webhook-timestamp", Long.toString(ts));
        h.put("webhook-signature", "v1," + Signers.b64(hmac(id + "." + ts + "." + body)));
        h.put("Content-Type", "application/json");
        return h;
    }

    private static byte[] hmac(String content) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(KEY, "HmacSHA256"));
            return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(String body) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void ingestKeepsTheLastTwentyFailuresAsFactsWithoutValues(TestPlatform p) throws Exception {
        Tenants t = new Tenants(p, "doctor-failures");
        Source s = source(p, t);
        long now = Instant.now().getEpochSecond();
        String body = "{\"id\":\"evt_1\",\"amount\":42}";
        assertEquals(202, p.http().send("POST", s.path(), null, body, signed("msg_ok", now, body)).status());
        assertEquals(0, t.get("/v1/sources/" + s.id() + "/verification-failures").json().get("data").size(),
                "a verified call is no failure");

        Map<String, String> stale = signed("msg_stale", now - 900, body);
        assertEquals(401, p.http().send("POST", s.path(), null, body, stale).status());
        Map<String, String> tampered = signed("msg_tampered", now, body);
        assertEquals(401, p.http().send("POST", s.path(), null, body + "\n", tampered).status());
        JsonNode failures = t.get("/v1/sources/" + s.id() + "/verification-failures").json().get("data");
        assertEquals(2, failures.size(), failures.toString());
        JsonNode newest = failures.get(0);
        assertEquals("bad_signature", newest.get("reason").asText());
        assertEquals("standard-webhooks", newest.get("scheme").asText());
        assertEquals(body.length() + 1, newest.get("body_length").asInt());
        assertEquals(sha256(body + "\n"), newest.get("body_sha256").asText());
        assertTrue(newest.get("timestamp_skew_s").asLong() <= 0 && newest.get("timestamp_skew_s").asLong() > -60, newest.toString());
        List<String> names = JSON.convertValue(newest.get("header_names"), JSON.getTypeFactory()
                .constructCollectionType(List.class, String.class));
        assertTrue(names.containsAll(List.of("webhook-id", "webhook-signature", "webhook-timestamp", "content-type")), names.toString());
        JsonNode older = failures.get(1);
        assertEquals("stale_timestamp", older.get("reason").asText());
        long skew = older.get("timestamp_skew_s").asLong();
        assertTrue(skew <= -900 && skew > -960, "skew " + skew);
        String raw = t.get("/v1/sources/" + s.id() + "/verification-failures").body();
        for (String secretOrValue : List.of(SECRET.substring(6), tampered.get("webhook-signature").substring(3), "evt_1", "msg_tampered")) {
            assertFalse(raw.contains(secretOrValue), "the listing shows no value: " + secretOrValue);
        }

        for (int i = 0; i < 23; i++) {
            String b = "x".repeat(i + 1);
            assertEquals(401, p.http().send("POST", s.path(), null, b, signed("msg_" + i, now, "other")).status());
        }
        JsonNode last = t.get("/v1/sources/" + s.id() + "/verification-failures").json().get("data");
        assertEquals(20, last.size(), "bounded to the last 20");
        for (int i = 0; i < 20; i++) {
            assertEquals(23 - i, last.get(i).get("body_length").asInt(), "newest first: " + last);
        }
    }

    @Test
    void diagnoseExplainsACapturedRequestWithTheSourcesOwnSecret(TestPlatform p) {
        Tenants t = new Tenants(p, "doctor-diagnose");
        Source s = source(p, t);
        long sent = Instant.now().getEpochSecond() - 3600;
        String body = "{\"id\":\"evt_2\",\"items\":[1,2]}";
        Map<String, String> headers = signed("msg_captured", sent, body);
        var request = JSON.createObjectNode();
        request.set("headers", JSON.valueToTree(headers));
        request.put("body", "{\"id\": \"evt_2\", \"items\": [1, 2]}");
        request.put("received_at", Instant.ofEpochSecond(sent + 2).toString());
        Http.Response r = p.http().post("/v1/sources/" + s.id() + "/diagnose", t.key(), request.toString());
        assertEquals(200, r.status(), r.body());
        JsonNode d = r.json();
        assertFalse(d.get("verified").asBoolean());
        assertTrue(d.get("explained").asBoolean(), d.toString());
        assertEquals("body_reserialized", d.get("findings").get(0).get("code").asText(), d.toString());
        assertFalse(r.body().contains(SECRET.substring(6)), "never echoes the secret");

        request.put("body", body);
        JsonNode ok = p.http().post("/v1/sources/" + s.id() + "/diagnose", t.key(), request.toString()).json();
        assertTrue(ok.get("verified").asBoolean(), ok.toString());

        request.remove("received_at");
        JsonNode late = p.http().post("/v1/sources/" + s.id() + "/diagnose", t.key(), request.toString()).json();
        assertEquals("timestamp_skew", late.get("findings").get(0).get("code").asText(), late.toString());
        assertTrue(late.get("findings").get(0).get("message").asText().contains("behind"), late.toString());

        request.put("body_base64", Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)));
        assertEquals(422, p.http().post("/v1/sources/" + s.id() + "/diagnose", t.key(), request.toString()).status(),
                "body and body_base64 together");
        request.remove("body");
        request.put("received_at", "yesterday");
        assertEquals(422, p.http().post("/v1/sources/" + s.id() + "/diagnose", t.key(), request.toString()).status());
        request.remove("received_at");
        request.put("body_base64", Base64.getEncoder().encodeToString(new byte[256 * 1024 + 1]));
        assertEquals(413, p.http().post("/v1/sources/" + s.id() + "/diagnose", t.key(), request.toString()).status());
    }

    @Test
    void anotherTenantCannotDiagnoseOrReadFailures(TestPlatform p) {
        Tenants owner = new Tenants(p, "doctor-owner");
        Tenants intruder = new Tenants(p, "doctor-intruder");
        Source s = source(p, owner);
        assertEquals(404, intruder.get("/v1/sources/" + s.id() + "/verification-failures").status());
        assertEquals(404, intruder.send("POST", "/v1/sources/" + s.id() + "/diagnose",
                "{\"headers\":{\"webhook-id\":\"x\"},\"body\":\"{}\"}").status());
        assertEquals(200, owner.get("/v1/sources/" + s.id() + "/verification-failures").status());
    }
}
