package dev.hookline.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import dev.hookline.local.testing.Eventually;
import dev.hookline.local.testing.Http;
import dev.hookline.local.testing.TestPlatform;
import dev.hookline.local.testing.TestReceiver;
import dev.hookline.local.testing.TestReceiver.Answer;
import dev.hookline.local.testing.TestReceiver.Received;
import dev.hookline.local.testing.Tenants;
import dev.hookline.local.testing.WithPlatform;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

import java.math.BigInteger;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 3 end to end: tenant -> endpoint -> publish -> a real receiver on loopback, through the local platform. */
@WithPlatform
class DeliveryIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FAST_RETRY = "\"retry\":{\"initial_backoff_s\":1,\"multiplier\":1,\"max_attempts\":3,\"max_backoff_s\":1}";

    @AutoClose
    private final TestReceiver receiver = TestReceiver.open();

    private static String endpointJson(String url, String extra) {
        return "{\"url\":\"" + url + "\"" + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    @Test
    void aPublishedEventReachesTheReceiverSignedAsStandardWebhooksSays(TestPlatform p) throws Exception {
        Tenants t = new Tenants(p, "signed");
        JsonNode ep = t.createEndpoint(endpointJson(receiver.url("/hook"), "\"headers\":{\"X-Api-Key\":\"abc\"}"));
        String secret = ep.get("secret").asText();
        assertTrue(secret.startsWith("whsec_"));
        assertTrue(Base64.getDecoder().decode(secret.substring(6)).length >= 24);

        String msgId = t.publish("invoice.paid", "{\"amount\":42,\"currency\":\"EUR\"}");
        Received r = receiver.next(Duration.ofSeconds(15));
        assertNotNull(r, "the receiver got nothing");

        // The official Standard Webhooks library is the independent check of v1.
        new Webhook(secret).verify(new String(r.body(), StandardCharsets.UTF_8), HttpHeaders.of(
                r.headers().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue()))),
                (a, b) -> true));
        assertEquals(msgId, r.header("webhook-id"));
        assertTrue(r.header("webhook-signature").startsWith("v1,"));
        assertEquals("abc", r.header("x-api-key"));
        assertEquals("application/json", r.header("content-type"));
        assertTrue(r.header("user-agent").startsWith("Hookline-Webhooks/"));
        JsonNode body = JSON.readTree(r.body());
        assertEquals(msgId, body.get("id").asText());
        assertEquals("invoice.paid", body.get("type").asText());
        assertEquals(42, body.get("data").get("amount").asInt());
        assertNotNull(Instant.parse(body.get("timestamp").asText()));

        String dlv = t.deliveryOf(msgId, ep.get("id").asText());
        JsonNode done = t.awaitStatus(dlv, "succeeded", Duration.ofSeconds(10));
        assertEquals(1, done.get("attempts").size());
        assertEquals(200, done.get("attempts").get(0).get("status_code").asInt());
    }

    @Test
    void eventsDeliveriesAndAttemptsExpireAfterTheRetentionPeriod(TestPlatform p) {
        Tenants t = new Tenants(p, "retention");
        JsonNode ep = t.createEndpoint(endpointJson(receiver.url("/"), ""));
        Instant before = Instant.now();
        String msg = t.publish("a.b", "{}");
        String dlv = t.deliveryOf(msg, ep.get("id").asText());
        t.awaitStatus(dlv, "succeeded", Duration.ofSeconds(15));
        String table = p.platform().tableName("DeliveriesTable");
        long thirtyDays = Duration.ofDays(30).toSeconds(); // the template's RetentionDays default
        for (String[] key : List.of(new String[]{"T#" + t.id() + "#MSG#" + msg, "MSG"},
                new String[]{"T#" + t.id() + "#DLV#" + dlv, "DLV"},
                new String[]{"T#" + t.id() + "#MSG#" + msg, "EP#" + ep.get("id").asText()})) {
            var item = p.platform().aws().dynamo().getItem(b -> b.tableName(table).key(Map.of(
                    "pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(key[0]),
                    "sk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(key[1])))).item();
            long expires = Long.parseLong(item.get("expires_at").n());
            assertTrue(Math.abs(expires - (before.getEpochSecond() + thirtyDays)) < 120, key[1] + " expires_at " + expires);
        }
        // Attempts are kept in the delivery's item, so they expire with it.
        var delivery = p.platform().aws().dynamo().getItem(b -> b.tableName(table).key(Map.of(
                "pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("T#" + t.id() + "#DLV#" + dlv),
                "sk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("DLV")))).item();
        assertEquals(1, delivery.get("attempts").l().size(), delivery.toString());
    }

    @Test
    void tamperingWithTheBodyOrUsingAnotherSecretFailsVerification(TestPlatform p) throws Exception {
        Tenants t = new Tenants(p, "tamper");
        JsonNode ep = t.createEndpoint(endpointJson(receiver.url("/"), ""));
        t.publish("a.b", "{\"x\":1}");
        Received r = receiver.next(Duration.ofSeconds(15));
        assertNotNull(r);
        HttpHeaders headers = HttpHeaders.of(r.headers().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue()))), (a, b) -> true);
        String tampered = new String(r.body(), StandardCharsets.UTF_8).replace("\"x\":1", "\"x\":2");
        assertThrowsVerification(() -> new Webhook(ep.get("secret").asText()).verify(tampered, headers));
        assertThrowsVerification(() -> new Webhook("whsec_" + Base64.getEncoder().encodeToString(new byte[32]))
                .verify(new String(r.body(), StandardCharsets.UTF_8), headers));
    }

    private static void assertThrowsVerification(org.junit.jupiter.api.function.Executable call) {
        org.junit.jupiter.api.Assertions.assertThrows(com.standardwebhooks.exceptions.WebhookVerificationException.class, call);
    }

    @Test
    void asymmetricEndpointsAlsoCarryAnEd25519SignatureTheJdkVerifies(TestPlatform p) throws Exception {
        Tenants t = new Tenants(p, "ed25519");
        JsonNode ep = t.createEndpoint(endpointJson(receiver.url("/"), "\"signing\":{\"asymmetric\":true}"));
        String publicKey = ep.get("signing").get("public_key").asText();
        assertTrue(publicKey.startsWith("whpk_"));
        t.publish("build.failed", "{\"run\":7}");
        Received r = receiver.next(Duration.ofSeconds(15));
        assertNotNull(r);
        String v1a = List.of(r.header("webhook-signature").split(" ")).stream()
                .filter(s -> s.startsWith("v1a,")).findFirst().orElseThrow();
        byte[] signed = (r.header("webhook-id") + "." + r.header("webhook-timestamp") + "."
                + new String(r.body(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(ed25519(Base64.getDecoder().decode(publicKey.substring(5))));
        verifier.update(signed);
        assertTrue(verifier.verify(Base64.getDecoder().decode(v1a.substring(4))), "v1a signature");
    }

    /** RFC 8032 public key bytes (little-endian y, top bit = x odd) to a JDK key, written independently here. */
    private static PublicKey ed25519(byte[] raw) throws Exception {
        byte[] be = new byte[32];
        for (int i = 0; i < 32; i++) {
            be[i] = raw[31 - i];
        }
        boolean xOdd = (be[0] & 0x80) != 0;
        be[0] &= 0x7f;
        return KeyFactory.getInstance("Ed25519").generatePublic(
                new EdECPublicKeySpec(NamedParameterSpec.ED25519, new EdECPoint(xOdd, new BigInteger(1, be))));
    }

    @Test
    void aFailedAttemptIsRetriedWithTheSameWebhookIdUntilItSucceeds(TestPlatform p) {
        Tenants t = new Tenants(p, "retry");
        receiver.then(Answer.status(500), Answer.status(200));
        JsonNode ep = t.createEndpoint(endpointJson(receiver.url("/"), FAST_RETRY));
        String msg = t.publish("order.created", "{}");
        String dlv = t.deliveryOf(msg, ep.get("id").asText());
        JsonNode done = t.awaitStatus(dlv, "succeeded", Duration.ofSeconds(20));
        assertEquals(2, done.get("attempts").size());
        assertEquals(500, done.get("attempts").get(0).get("status_code").asInt());
        assertEquals(200, done.get("attempts").get(1).get("status_code").asInt());
        List<Received> got = receiver.received();
        assertEquals(2, got.size());
        assertEquals(got.get(0).header("webhook-id"), got.get(1).header("webhook-id"), "webhook-id is stable");
    }

    @Test
    void exhaustedRetriesEndDeadLetteredWithHistoryAndADlqRecord(TestPlatform p) throws Exception {
        Tenants t = new Tenants(p, "exhaust");
        receiver.otherwise(() -> Answer.status(503));
        JsonNode ep = t.createEndpoint(endpointJson(receiver.url("/"),
                "\"retry\":{\"initial_backoff_s\":1,\"multiplier\":1,\"max_attempts\":2,\"max_backoff_s\":1}"));
        String msg = t.publish("order.created", "{}");
        String dlv = t.deliveryOf(msg, ep.get("id").asText());
        JsonNode dead = t.awaitStatus(dlv, "dead_lettered", Duration.ofSeconds(20));
        assertEquals(2, dead.get("attempts").size());
        dead.get("attempts").forEach(a -> assertEquals(503, a.get("status_code").asInt()));

        JsonNode record = dlqRecord(p, dlv, Duration.ofSeconds(10));
        assertNotNull(record, "the delivery DLQ holds a record of the dead letter");
        assertEquals(ep.get("id").asText(), record.get("endpoint_id").asText());
        assertEquals(2, record.get("attempts").asInt());

        Http.Response listed = t.get("/v1/endpoints/" + ep.get("id").asText() + "/deliveries?status=dead_lettered");
        assertEquals(200, listed.status());
        assertEquals(dlv, listed.json().get("data").get(0).get("id").asText());
        assertEquals(0, t.get("/v1/endpoints/" + ep.get("id").asText() + "/deliveries?status=succeeded").json().get("data").size());

        int before = receiver.received().size();
        receiver.then(Answer.status(200));
        assertEquals(202, t.send("POST", "/v1/deliveries/" + dlv + "/retry", null).status());
        t.awaitStatus(dlv, "succeeded", Duration.ofSeconds(15));
        assertEquals(before + 1, receiver.received().size(), "manual retry made one new attempt");
    }

    private static JsonNode dlqRecord(TestPlatform p, String deliveryId, Duration wait) throws Exception {
        String url = p.platform().queueUrl("DeliveryDLQ");
        Instant end = Instant.now().plus(wait);
        while (Instant.now().isBefore(end)) {
            for (Message m : p.platform().aws().sqs().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
                    .waitTimeSeconds(1).visibilityTimeout(0)).messages()) {
                JsonNode node = JSON.readTree(m.body());
                if (deliveryId.equals(node.path("delivery_id").asText())) {
                    return node;
                }
            }
        }
        return null;
    }

    @Test
    void a410DisablesTheEndpoint(TestPlatform p) {
        Tenants t = new Tenants(p, "gone");
        receiver.then(Answer.status(410));
        JsonNode ep = t.createEndpoint(endpointJson(receiver.url("/"), FAST_RETRY));
        String msg = t.publish("a.b", "{}");
        String dlv = t.deliveryOf(msg, ep.get("id").asText());
        t.awaitStatus(dlv, "failed", Duration.ofSeconds(15));
        JsonNode endpoint = t.get("/v1/endpoints/" + ep.get("id").asText()).json();
        assertFalse(endpoint.get("enabled").asBoolean());
        assertTrue(endpoint.get("disabled_reason").asText().contains("410"));
        assertEquals(1, receiver.received().size(), "no retry after 410");
    }

    @Test
    void a429RetryAfterIsHonoured(TestPlatform p) {
        Tenants t = new Tenants(p, "throttled");
        receiver.then(Answer.status(429).withHeader("Retry-After", "3"), Answer.status(200));
        JsonNode ep = t.createEndpoint(endpointJson(receiver.url("/"), FAST_RETRY));
        String dlv = t.deliveryOf(t.publish("a.b", "{}"), ep.get("id").asText());
        t.awaitStatus(dlv, "succeeded", Duration.ofSeconds(20));
        List<Received> got = receiver.received();
        assertEquals(2, got.size());
        Duration gap = Duration.between(got.get(0).at(), got.get(1).at());
        assertTrue(gap.compareTo(Duration.ofMillis(2900)) >= 0, "waited " + gap + " though the policy says 1 s");
    }

    @Test
    void redirectsAreNeverFollowed(TestPlatform p) throws Exception {
        try (TestReceiver elsewhere = new TestReceiver()) {
            Tenants t = new Tenants(p, "redirect");
            receiver.then(Answer.status(301).withHeader("Location", elsewhere.url("/moved")),
                    Answer.status(302).withHeader("Location", elsewhere.url("/moved")), Answer.status(200));
            JsonNode ep = t.createEndpoint(endpointJson(receiver.url("/"), FAST_RETRY));
            String dlv = t.deliveryOf(t.publish("a.b", "{}"), ep.get("id").asText());
            JsonNode done = t.awaitStatus(dlv, "succeeded", Duration.ofSeconds(20));
            assertEquals(301, done.get("attempts").get(0).get("status_code").asInt());
            assertEquals(302, done.get("attempts").get(1).get("status_code").asInt());
            assertEquals(0, elsewhere.received().size(), "the Location was never requested");
        }
    }

    @Test
    void aSlowReceiverTimesOutAndIsRetried(TestPlatform p) {
        Tenants t = new Tenants(p, "slow");
        receiver.then(Answer.status(200).after(Duration.ofSeconds(4)), Answer.status(200));
        JsonNode ep = t.createEndpoint(endpointJson(receiver.url("/"), FAST_RETRY + ",\"timeout_ms\":1000"));
        String dlv = t.deliveryOf(t.publish("a.b", "{}"), ep.get("id").asText());
        JsonNode done = t.awaitStatus(dlv, "succeeded", Duration.ofSeconds(20));
        JsonNode first = done.get("attempts").get(0);
        assertTrue(first.get("status_code") == null || first.get("status_code").isNull(), first.toString());
        // A timeout without a status: the attempt ended at its 1 s timeout, before the receiver's answer at 4 s.
        assertEquals("timeout", first.get("outcome").asText());
        assertTrue(first.get("latency_ms").asLong() >= 1000, first.toString());
    }

    @Test
    void aHugeResponseIsReadBounded(TestPlatform p) {
        Tenants t = new Tenants(p, "huge");
        byte[] tenMegabytes = new byte[10 * 1024 * 1024];
        java.util.Arrays.fill(tenMegabytes, (byte) 'a');
        receiver.then(Answer.status(200).withBody(tenMegabytes));
        JsonNode ep = t.createEndpoint(endpointJson(receiver.url("/"), ""));
        String dlv = t.deliveryOf(t.publish("a.b", "{}"), ep.get("id").asText());
        JsonNode done = t.awaitStatus(dlv, "succeeded", Duration.ofSeconds(15));
        String excerpt = done.get("attempts").get(0).get("response_excerpt").asText();
        assertEquals(16 * 1024, excerpt.length());
    }

    @Test
    void aDisabledEndpointGetsNothingUntilItIsEnabled(TestPlatform p) {
        Tenants t = new Tenants(p, "paused");
        JsonNode ep = t.createEndpoint(endpointJson(receiver.url("/"), "\"enabled\":false"));
        String id = ep.get("id").asText();
        String msg = t.publish("a.b", "{\"n\":1}");
        String dlv = t.deliveryOf(msg, id);
        assertNull(receiver.next(Duration.ofSeconds(2)), "nothing is sent to a disabled endpoint");
        assertEquals("pending", t.delivery(dlv).get("status").asText());

        assertEquals(200, t.send("POST", "/v1/endpoints/" + id + "/enable", null).status());
        Received r = receiver.next(Duration.ofSeconds(15));
        assertNotNull(r, "the waiting delivery is sent after enable");
        assertEquals(msg, r.header("webhook-id"));
        t.awaitStatus(dlv, "succeeded", Duration.ofSeconds(10));
    }

    @Test
    void theSameIdempotencyKeyAnswersTheFirstResultAndCreatesNothingNew(TestPlatform p) {
        Tenants t = new Tenants(p, "idem");
        t.createEndpoint(endpointJson(receiver.url("/"), ""));
        Map<String, String> key = Map.of("Idempotency-Key", "order-77");
        Http.Response first = p.http().send("POST", "/v1/events", t.key(), "{\"type\":\"a.b\",\"data\":{}}", key);
        Http.Response second = p.http().send("POST", "/v1/events", t.key(), "{\"type\":\"a.b\",\"data\":{}}", key);
        assertEquals(202, first.status());
        assertEquals(202, second.status());
        assertEquals(first.json().get("id").asText(), second.json().get("id").asText());
        assertEquals(1, first.json().get("deliveries").asInt());
        assertNotNull(receiver.next(Duration.ofSeconds(15)));
        assertNull(receiver.next(Duration.ofSeconds(2)), "one event, one request");
    }

    @Test
    void aRedeliveredMessageNeverSendsASucceededDeliveryAgain(TestPlatform p) {
        Tenants t = new Tenants(p, "redelivery");
        JsonNode ep = t.createEndpoint(endpointJson(receiver.url("/"), ""));
        String dlv = t.deliveryOf(t.publish("a.b", "{}"), ep.get("id").asText());
        t.awaitStatus(dlv, "succeeded", Duration.ofSeconds(15));
        assertNotNull(receiver.next(Duration.ofSeconds(1)));
        // SQS delivers at least once: put the very same task on the queue twice more.
        String task = "{\"tenant_id\":\"" + t.id() + "\",\"delivery_id\":\"" + dlv + "\"}";
        for (int i = 0; i < 2; i++) {
            p.platform().aws().sqs().sendMessage(b -> b.queueUrl(p.platform().queueUrl("DeliveryQueue")).messageBody(task));
        }
        assertNull(receiver.next(Duration.ofSeconds(4)), "no second send of a succeeded delivery");
        assertEquals(1, t.delivery(dlv).get("attempts").size());
    }

    @Test
    void endpointsOnlyGetTheEventTypesTheySubscribeTo(TestPlatform p) {
        Tenants t = new Tenants(p, "filters");
        t.createEndpoint(endpointJson(receiver.url("/"), "\"event_types\":[\"build.*\"]"));
        Http.Response skipped = p.http().post("/v1/events", t.key(), "{\"type\":\"invoice.paid\",\"data\":{}}");
        assertEquals(0, skipped.json().get("deliveries").asInt());
        Http.Response matched = p.http().post("/v1/events", t.key(), "{\"type\":\"build.failed\",\"data\":{}}");
        assertEquals(1, matched.json().get("deliveries").asInt());
        Received r = receiver.next(Duration.ofSeconds(15));
        assertNotNull(r);
        assertEquals(matched.json().get("id").asText(), r.header("webhook-id"));
        assertNull(receiver.next(Duration.ofSeconds(2)));
    }

    @Test
    void theTestRouteSendsAWebhookTestEventNowAndAnswersTheAttempt(TestPlatform p) throws Exception {
        Tenants t = new Tenants(p, "testsend");
        receiver.then(Answer.status(204));
        JsonNode ep = t.createEndpoint(endpointJson(receiver.url("/"), ""));
        Http.Response r = t.send("POST", "/v1/endpoints/" + ep.get("id").asText() + "/test", null);
        assertEquals(200, r.status(), r.body());
        assertEquals(204, r.json().get("status_code").asInt());
        assertTrue(r.json().get("latency_ms").asLong() >= 0);
        Received got = receiver.next(Duration.ofSeconds(5));
        assertEquals("webhook.test", JSON.readTree(got.body()).get("type").asText());
    }

    @Test
    void deletingAnEndpointRemovesItsDeliveryHistory(TestPlatform p) {
        Tenants t = new Tenants(p, "delete");
        JsonNode ep = t.createEndpoint(endpointJson(receiver.url("/"), ""));
        String id = ep.get("id").asText();
        String dlv = t.deliveryOf(t.publish("a.b", "{}"), id);
        t.awaitStatus(dlv, "succeeded", Duration.ofSeconds(15));
        assertEquals(204, t.send("DELETE", "/v1/endpoints/" + id, null).status());
        assertEquals(404, t.get("/v1/endpoints/" + id).status());
        assertEquals(404, t.get("/v1/deliveries/" + dlv).status());
    }

    @Test
    void eventsAbove256KiBAre413(TestPlatform p) {
        Tenants t = new Tenants(p, "big");
        String big = "\"" + "x".repeat(256 * 1024) + "\"";
        Http.Response r = p.http().post("/v1/events", t.key(), "{\"type\":\"a.b\",\"data\":" + big + "}");
        assertEquals(413, r.status());
        assertEquals("application/problem+json", r.header("content-type"));
    }

    @Test
    void unsafeEndpointUrlsAre422WithTheReasonEvenLocally(TestPlatform p) {
        Tenants t = new Tenants(p, "ssrf");
        for (String url : List.of("http://0177.0.0.1/", "http://2130706433/", "http://[fd00:ec2::254]/",
                "http://169.254.169.254/latest/meta-data", "http://[::ffff:127.0.0.1]/", "http://0x7f.0.0.1/",
                "ftp://example.com/", "http://user:pw@example.com/")) {
            Http.Response r = p.http().post("/v1/endpoints", t.key(), endpointJson(url, ""));
            assertEquals(422, r.status(), url + " -> " + r.body());
            assertEquals("https://hookline.dev/problems/unsafe-url", r.json().get("type").asText(), url);
            assertEquals("url", r.json().get("errors").get(0).get("field").asText());
        }
    }

    @Test
    void endpointSettingsOutOfBoundsAre422NamingEachField(TestPlatform p) {
        Tenants t = new Tenants(p, "bounds");
        Http.Response r = p.http().post("/v1/endpoints", t.key(), endpointJson(receiver.url("/"),
                "\"timeout_ms\":5,\"retry\":{\"max_attempts\":0},\"headers\":{\"webhook-id\":\"x\"},\"event_types\":[\"Bad Type\"]"));
        assertEquals(422, r.status(), r.body());
        List<String> fields = new ArrayList<>();
        r.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
        assertTrue(fields.contains("timeout_ms"), fields.toString());
        assertTrue(fields.contains("retry.max_attempts"), fields.toString());
        assertTrue(fields.contains("headers.webhook-id"), fields.toString());
        assertTrue(fields.stream().anyMatch(f -> f.startsWith("event_types")), fields.toString());
    }

    @Test
    void anotherTenantsIdsAre404OnEveryRoute(TestPlatform p) {
        Tenants a = new Tenants(p, "owner");
        Tenants b = new Tenants(p, "intruder");
        JsonNode ep = a.createEndpoint(endpointJson(receiver.url("/"), ""));
        String epId = ep.get("id").asText();
        String msg = a.publish("a.b", "{}");
        String dlv = a.deliveryOf(msg, epId);
        a.awaitStatus(dlv, "succeeded", Duration.ofSeconds(15));
        assertEquals(201, a.send("POST", "/v1/event-types", "{\"name\":\"owner.only\",\"category\":\"mine\"}").status());

        List<String[]> calls = List.of(
                new String[]{"GET", "/v1/event-types/owner.only"}, new String[]{"PATCH", "/v1/event-types/owner.only"},
                new String[]{"DELETE", "/v1/event-types/owner.only"},
                new String[]{"GET", "/v1/endpoints/" + epId}, new String[]{"PATCH", "/v1/endpoints/" + epId},
                new String[]{"DELETE", "/v1/endpoints/" + epId}, new String[]{"POST", "/v1/endpoints/" + epId + "/enable"},
                new String[]{"POST", "/v1/endpoints/" + epId + "/disable"}, new String[]{"GET", "/v1/endpoints/" + epId + "/secret"},
                new String[]{"POST", "/v1/endpoints/" + epId + "/test"}, new String[]{"GET", "/v1/endpoints/" + epId + "/deliveries"},
                new String[]{"GET", "/v1/events/" + msg}, new String[]{"GET", "/v1/deliveries/" + dlv},
                new String[]{"POST", "/v1/deliveries/" + dlv + "/retry"}, new String[]{"GET", "/v1/endpoints/" + epId + "/pull"},
                new String[]{"POST", "/v1/deliveries/" + dlv + "/ack"},
                new String[]{"PUT", "/v1/endpoints/" + epId + "/client-certificate"},
                new String[]{"DELETE", "/v1/endpoints/" + epId + "/client-certificate"});
        for (String[] call : calls) {
            String body = call[0].equals("PATCH") ? "{\"description\":\"mine now\"}"
                    : call[1].endsWith("/ack") ? "{\"status_code\":200}"
                    : call[0].equals("PUT") ? "{\"secret_arn\":\"arn:aws:secretsmanager:us-east-1:000000000000:secret:hookline/endpoints/x\"}"
                    : null;
            assertEquals(404, b.send(call[0], call[1], body).status(), call[0] + " " + call[1]);
        }
        assertEquals(0, b.get("/v1/endpoints").json().get("data").size());
        assertEquals(0, b.get("/v1/event-types?owner=tenant").json().get("data").size());
        assertEquals("mine", a.get("/v1/event-types/owner.only").json().get("category").asText(), "the owner's type is unchanged");
        assertEquals(200, a.get("/v1/endpoints/" + epId).status(), "the owner still has it");
        assertEquals(1, receiver.received().size(), "the intruder's test/retry sent nothing");
        assertEquals(0, b.get("/v1/audit-log?target_id=" + epId).json().get("data").size(), "nor sees its audit trail");
    }

    @Test
    void waitsBeyondSqsDelayArePersistedAndTheSchedulerSendsThemWhenDue(TestPlatform p) {
        Tenants t = new Tenants(p, "long-wait");
        receiver.then(Answer.status(500), Answer.status(200));
        JsonNode ep = t.createEndpoint(endpointJson(receiver.url("/"),
                "\"retry\":{\"initial_backoff_s\":3600,\"multiplier\":2,\"max_attempts\":3,\"max_backoff_s\":7200}"));
        String dlv = t.deliveryOf(t.publish("a.b", "{}"), ep.get("id").asText());
        JsonNode retrying = t.awaitStatus(dlv, "retrying", Duration.ofSeconds(15));
        assertNotNull(receiver.next(Duration.ofSeconds(1)), "the first attempt");
        Instant next = Instant.parse(retrying.get("next_attempt_at").asText());
        assertTrue(Duration.between(Instant.now(), next).compareTo(Duration.ofMinutes(50)) > 0, "an hour's wait (jittered)");
        try {
            p.platform().schedule("SchedulerFunction").fire();
            assertNull(receiver.next(Duration.ofSeconds(3)), "the scheduler sends nothing before it is due");
            assertEquals(1, receiver.received().size());
            p.clock().advance(Duration.ofMinutes(61));
            p.platform().schedule("SchedulerFunction").fire();
            t.awaitStatus(dlv, "succeeded", Duration.ofSeconds(15));
            assertEquals(2, receiver.received().size());
        } finally {
            p.clock().reset();
        }
    }

    @Test
    void patchingAnEndpointChangesOnlyWhatItNames(TestPlatform p) {
        Tenants t = new Tenants(p, "patch");
        JsonNode ep = t.createEndpoint(endpointJson(receiver.url("/"),
                "\"retry\":{\"initial_backoff_s\":7,\"multiplier\":2,\"max_attempts\":4,\"max_backoff_s\":60},\"description\":\"first\""));
        String id = ep.get("id").asText();
        Http.Response patched = t.send("PATCH", "/v1/endpoints/" + id, "{\"retry\":{\"max_attempts\":9}}");
        assertEquals(200, patched.status(), patched.body());
        JsonNode retry = patched.json().get("retry");
        assertEquals(9, retry.get("max_attempts").asInt());
        assertEquals(7, retry.get("initial_backoff_s").asInt(), "unnamed retry fields keep their values");
        assertEquals(60, retry.get("max_backoff_s").asInt());
        assertEquals("first", patched.json().get("description").asText());

        Http.Response signing = t.send("PATCH", "/v1/endpoints/" + id, "{\"signing\":{\"asymmetric\":true}}");
        assertEquals(422, signing.status(), "signing mode is fixed at creation, never silently ignored");
        assertEquals("signing.asymmetric", signing.json().get("errors").get(0).get("field").asText());
    }

    @Test
    void listsArePaginatedNewestFirst(TestPlatform p) {
        Tenants t = new Tenants(p, "pages");
        JsonNode ep = t.createEndpoint(endpointJson(receiver.url("/"), ""));
        String id = ep.get("id").asText();
        List<String> published = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            published.add(t.publish("a.b", "{\"i\":" + i + "}"));
        }
        Eventually.poll(Duration.ofSeconds(15), () -> receiver.received().size(), n -> n == 5);
        Http.Response first = t.get("/v1/endpoints/" + id + "/deliveries?limit=2");
        assertEquals(2, first.json().get("data").size());
        String cursor = first.json().get("next_cursor").asText();
        List<String> messages = new ArrayList<>();
        List<java.time.Instant> created = new ArrayList<>();
        first.json().get("data").forEach(d -> {
            messages.add(d.get("message_id").asText());
            created.add(java.time.Instant.parse(d.get("created_at").asText()));
        });
        String next = cursor;
        while (next != null) {
            JsonNode page = t.get("/v1/endpoints/" + id + "/deliveries?limit=2&cursor=" + next).json();
            page.get("data").forEach(d -> {
                messages.add(d.get("message_id").asText());
                created.add(java.time.Instant.parse(d.get("created_at").asText()));
            });
            next = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
        }
        // Every delivery once, across the pages; newest delivery first. Fan-out runs from the table's stream, so
        // deliveries of messages published a moment apart may be created in another order than the messages.
        assertEquals(5, messages.size(), messages.toString());
        assertEquals(java.util.Set.copyOf(published), java.util.Set.copyOf(messages));
        for (int i = 1; i < created.size(); i++) {
            assertFalse(created.get(i).isAfter(created.get(i - 1)), "newest first: " + created);
        }
        assertEquals(422, t.get("/v1/endpoints/" + id + "/deliveries?cursor=bm9wZQ").status());
    }
}
