package dev.hookline.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import dev.hookline.local.testing.Http;
import dev.hookline.local.testing.TestPlatform;
import dev.hookline.local.testing.TestReceiver;
import dev.hookline.local.testing.TestReceiver.Received;
import dev.hookline.local.testing.Tenants;
import dev.hookline.local.testing.WithPlatform;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code POST /v1/endpoints/{id}/secret/rotate}: during the grace period deliveries carry a signature for the old
 * and for the new secret, so either verifies; after it only the new one signs.
 */
@WithPlatform
class SecretRotationIT {
    @AutoClose
    private final TestReceiver receiver = TestReceiver.open();

    private JsonNode endpoint(Tenants t) {
        return t.createEndpoint("{\"url\":\"" + receiver.url("/hook") + "\"}");
    }

    private static Http.Response rotate(Tenants t, String endpointId, String body) {
        Http.Response r = t.send("POST", "/v1/endpoints/" + endpointId + "/secret/rotate", body);
        if (r.status() == 404 && r.body().contains("No route")) {
            throw new AssertionError("POST /v1/endpoints/{id}/secret/rotate is not registered in ApiHandler: " + r.body());
        }
        return r;
    }

    @Test
    void duringTheGraceBothSecretsVerifyAndAfterItOnlyTheNewOne(TestPlatform p) throws Exception {
        Tenants t = new Tenants(p, "rotate-secret");
        JsonNode ep = endpoint(t);
        String id = ep.get("id").asText();
        String oldSecret = ep.get("secret").asText();

        Instant before = p.clock().instant();
        Http.Response rotated = rotate(t, id, "{\"grace_s\":3600}");
        assertEquals(200, rotated.status(), rotated.body());
        String newSecret = rotated.json().get("secret").asText();
        assertTrue(newSecret.startsWith("whsec_"));
        assertNotEquals(oldSecret, newSecret);
        Instant expires = Instant.parse(rotated.json().get("previous_secret_expires_at").asText());
        assertFalse(expires.isBefore(before.plusSeconds(3600)), "expires an hour after the rotation: " + expires);
        assertTrue(expires.isBefore(p.clock().instant().plusSeconds(3600 + 60)), "expires an hour after the rotation: " + expires);

        Http.Response shown = t.get("/v1/endpoints/" + id + "/secret");
        assertEquals(200, shown.status(), shown.body());
        assertEquals(newSecret, shown.json().get("secret").asText(), "the secret shown is the new one");

        // During the grace period: two v1 signatures; the official library accepts the delivery with either secret.
        t.publish("invoice.paid", "{\"n\":1}");
        Received during = receiver.next(Duration.ofSeconds(15));
        assertNotNull(during, "the receiver got nothing during the grace period");
        assertEquals(2, signatures(during).size(), during.header("webhook-signature"));
        assertTrue(signatures(during).stream().allMatch(s -> s.startsWith("v1,")));
        String payload = new String(during.body(), StandardCharsets.UTF_8);
        new Webhook(newSecret).verify(payload, headers(during));
        new Webhook(oldSecret).verify(payload, headers(during));
        assertTrue(hmacVerifies(newSecret, during) && hmacVerifies(oldSecret, during));
        assertThrows(WebhookVerificationException.class, () -> new Webhook(
                "whsec_" + Base64.getEncoder().encodeToString(new byte[32])).verify(payload, headers(during)));

        // After the grace period: only the new secret signs. The platform clock runs ahead of real time now, which the
        // official library's 5-minute timestamp tolerance would refuse, so the signatures are checked directly.
        p.clock().advance(Duration.ofSeconds(3600 + 120));
        try {
            t.publish("invoice.paid", "{\"n\":2}");
            Received after = receiver.next(Duration.ofSeconds(15));
            assertNotNull(after, "the receiver got nothing after the grace period");
            assertEquals(1, signatures(after).size(), after.header("webhook-signature"));
            assertTrue(after.header("webhook-signature").startsWith("v1,"));
            assertTrue(hmacVerifies(newSecret, after), "the new secret verifies");
            assertFalse(hmacVerifies(oldSecret, after), "the old secret no longer does");
        } finally {
            p.clock().reset();
        }
    }

    @Test
    void anEmptyBodyRotatesWithTheDefaultGraceOfADay(TestPlatform p) {
        Tenants t = new Tenants(p, "rotate-default");
        String id = endpoint(t).get("id").asText();
        Instant before = p.clock().instant();
        Http.Response r = rotate(t, id, null);
        assertEquals(200, r.status(), r.body());
        Instant expires = Instant.parse(r.json().get("previous_secret_expires_at").asText());
        assertFalse(expires.isBefore(before.plus(Duration.ofHours(24))), expires.toString());
        assertTrue(expires.isBefore(p.clock().instant().plus(Duration.ofHours(24)).plusSeconds(60)), expires.toString());
    }

    @Test
    void aGraceLongerThanSevenDaysIsRefused(TestPlatform p) {
        Tenants t = new Tenants(p, "rotate-long");
        JsonNode ep = endpoint(t);
        String id = ep.get("id").asText();
        Http.Response r = rotate(t, id, "{\"grace_s\":" + Duration.ofDays(8).toSeconds() + "}");
        assertEquals(422, r.status(), r.body());
        assertEquals("grace_s", r.json().get("errors").get(0).get("field").asText(), r.body());
        assertEquals(ep.get("secret").asText(), t.get("/v1/endpoints/" + id + "/secret").json().get("secret").asText(),
                "a refused rotation changes nothing");
        assertEquals(200, rotate(t, id, "{\"grace_s\":" + Duration.ofDays(7).toSeconds() + "}").status(),
                "exactly seven days is allowed");
    }

    @Test
    void anotherTenantsEndpointIsNotFound(TestPlatform p) {
        Tenants alice = new Tenants(p, "rotate-alice");
        Tenants mallory = new Tenants(p, "rotate-mallory");
        JsonNode ep = endpoint(alice);
        String id = ep.get("id").asText();
        Http.Response r = rotate(mallory, id, "{\"grace_s\":60}");
        assertEquals(404, r.status(), r.body());
        assertTrue(r.body().contains("No endpoint"), r.body());
        assertEquals(404, rotate(alice, "ep_doesnotexist", "{}").status());
        assertEquals(ep.get("secret").asText(), alice.get("/v1/endpoints/" + id + "/secret").json().get("secret").asText(),
                "the owner's secret is unchanged");
    }

    private static List<String> signatures(Received r) {
        return Arrays.asList(r.header("webhook-signature").split(" "));
    }

    private static HttpHeaders headers(Received r) {
        return HttpHeaders.of(r.headers().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue()))), (a, b) -> true);
    }

    /** Standard Webhooks v1, independently: base64(HMAC-SHA256(key, id.timestamp.body)) among the listed signatures. */
    private static boolean hmacVerifies(String secret, Received r) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        mac.update((r.header("webhook-id") + "." + r.header("webhook-timestamp") + ".").getBytes(StandardCharsets.UTF_8));
        byte[] expected = mac.doFinal(r.body());
        for (String s : signatures(r)) {
            if (s.startsWith("v1,") && MessageDigest.isEqual(expected, Base64.getDecoder().decode(s.substring(3)))) {
                return true;
            }
        }
        return false;
    }
}
